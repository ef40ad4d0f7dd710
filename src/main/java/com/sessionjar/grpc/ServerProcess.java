package com.sessionjar.grpc;

import com.sessionjar.protocol.GrpcSettings;
import com.sessionjar.protocol.ChildEnvironment;
import com.sessionjar.DaemonThreads;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC server program that the grpc service started ({@code GRPC_ServerFileName}), kept running:
 * when it exits, it is started again after a back-off of 1 s, doubling up to 30 s (back to 1 s once
 * it has run that long). Its output goes to the worker's log, a line at a time. It inherits the
 * worker's environment but for the queue connection string (see {@link ChildEnvironment}).
 *
 * <p>The process is this object's: {@link #close()} stops it, and nothing else may.
 */
final class ServerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int CONNECT_TIMEOUT_MS = 500;

    private final GrpcSettings settings;
    private final String program;
    private final Runnable onRestarted;
    private final ScheduledExecutorService restarts =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreads("grpc-server-restart"));
    private Process process; // guarded by this
    private boolean closed; // guarded by this
    private Duration nextDelay = FIRST_DELAY; // guarded by this

    private ServerProcess(GrpcSettings settings, Runnable onRestarted) {
        this.settings = settings;
        this.onRestarted = onRestarted;
        this.program = settings.serverCommand().get(0);
    }

    /**
     * Starts the server of {@code settings}, waits until its URL accepts connections, and keeps it
     * running; {@code onRestarted} runs each time a restarted server accepts connections again.
     *
     * @throws IllegalStateException naming the program, the URL and the timeout, when it does not
     *                               listen in time (it is stopped then) or cannot be started
     */
    static ServerProcess start(GrpcSettings settings, Runnable onRestarted) throws InterruptedException {
        ServerProcess server = new ServerProcess(settings, onRestarted);
        if (accepts(settings.host(), settings.port())) {
            // An earlier worker's server left behind, say: ours will fail to listen while it runs.
            LOG.warn("Something already accepts connections at {} before gRPC server {} is started", settings.serverUrl(),
                    server.program);
        }
        long started = System.nanoTime();
        Process process;
        try {
            process = server.launch();
        } catch (IOException e) {
            throw server.notUp("it cannot be started: " + e.getMessage());
        }
        boolean listening;
        try {
            listening = server.awaitListening(process);
        } catch (InterruptedException e) {
            server.close();
            throw e;
        }
        if (!listening) {
            String why = process.isAlive() ? "it was still running, so it was stopped"
                    : "it exited with code " + process.exitValue();
            server.close();
            throw server.notUp(why);
        }
        LOG.info("Started gRPC server {} (pid {}), listening at {} after {} ms", server.program, process.pid(),
                settings.serverUrl(), Duration.ofNanos(System.nanoTime() - started).toMillis());
        server.supervise(process, started);
        return server;
    }

    /** Whether the server process is running now (it may be between a crash and its restart). */
    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops restarting the server and stops it: SIGTERM, a few seconds' grace, then SIGKILL. Children too. */
    @Override
    public void close() {
        Process last;
        synchronized (this) {
            closed = true;
            last = process;
        }
        restarts.shutdownNow();
        if (last != null) {
            stop(last);
        }
    }

    private IllegalStateException notUp(String why) {
        return new IllegalStateException("gRPC server " + program + " did not accept connections at "
                + settings.serverUrl() + " within " + settings.serverUpTimeout().toSeconds() + " s ("
                + GrpcSettings.SERVER_UP_TIMEOUT + "): " + why);
    }

    /** Starts a new server process, unless closed; its output is copied to the log. */
    private synchronized Process launch() throws IOException {
        if (closed) {
            throw new IOException("the grpc service is closed");
        }
        process = ChildEnvironment.withoutSessionSecrets(new ProcessBuilder(settings.serverCommand()))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Process started = process;
        Thread output = new Thread(() -> copyOutput(started), "grpc-server-output-" + started.pid());
        output.setDaemon(true);
        output.start();
        return started;
    }

    /** Restarts the server when {@code process}, started at {@code startedNanos}, exits. */
    private void supervise(Process process, long startedNanos) {
        process.onExit().thenRun(() -> exited(process, startedNanos));
    }

    private void exited(Process process, long startedNanos) {
        Duration delay;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (Duration.ofNanos(System.nanoTime() - startedNanos).compareTo(MAX_DELAY) >= 0) {
                nextDelay = FIRST_DELAY; // it ran a good while: this is a new trouble, not the same one again
            }
            delay = nextDelay;
            nextDelay = min(nextDelay.multipliedBy(2), MAX_DELAY);
        }
        LOG.warn("gRPC server {} (pid {}) exited with code {}; restarting it in {} s", program, process.pid(),
                process.exitValue(), delay.toSeconds());
        scheduleRestart(delay);
    }

    private void scheduleRestart(Duration delay) {
        try {
            restarts.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile: nothing to restart
        }
    }

    /** Runs on the restart thread. */
    private void restart() {
        long started = System.nanoTime();
        Process process;
        try {
            process = launch();
        } catch (IOException e) {
            Duration delay;
            synchronized (this) {
                if (closed) {
                    return;
                }
                delay = nextDelay;
                nextDelay = min(nextDelay.multipliedBy(2), MAX_DELAY);
            }
            LOG.warn("Cannot restart gRPC server {}: {}; trying again in {} s", program, e.getMessage(), delay.toSeconds());
            scheduleRestart(delay);
            return;
        }
        supervise(process, started); // from now on, if it dies again, its exit schedules the next try
        try {
            if (awaitListening(process)) {
                LOG.info("Restarted gRPC server {} (pid {}), listening at {} again", program, process.pid(),
                        settings.serverUrl());
                onRestarted.run();
            } else if (process.isAlive()) {
                LOG.warn("Restarted gRPC server {} (pid {}) does not accept connections at {} after {} s", program,
                        process.pid(), settings.serverUrl(), settings.serverUpTimeout().toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        }
    }

    /** Waits up to the up-timeout for the URL to accept connections; false at once if {@code process} exits. */
    private boolean awaitListening(Process process) throws InterruptedException {
        long deadline = System.nanoTime() + settings.serverUpTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (accepts(settings.host(), settings.port())) {
                return true;
            }
            if (process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return accepts(settings.host(), settings.port());
    }

    /** Whether any address of {@code host} accepts a TCP connection on {@code port} ("localhost" may be ::1 or 127.0.0.1). */
    static boolean accepts(String host, int port) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (IOException e) {
            return false;
        }
        for (InetAddress address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
                return true;
            } catch (IOException e) {
                // not this address
            }
        }
        return false;
    }

    private void copyOutput(Process process) {
        String name = Path.of(program).getFileName() + "[" + process.pid() + "]";
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                LOG.info("{}: {}", name, line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("gRPC server (pid {}) ignored SIGTERM for {} s; killing it", process.pid(), STOP_GRACE.toSeconds());
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
