package com.sessionjar.cluster.local;

import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.models.QueueStorageException;
import com.sessionjar.BoundedCall;
import com.sessionjar.BuildInfo;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.QueueAccount;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Azurite queue service that holds local sessions' queues, on 127.0.0.1 only and with its
 * data on disk (so a restart loses no message). Started when a session needs it and no Azurite
 * is serving on the port yet; stopped after the last local session is deleted, if this tool
 * started it. It always runs with {@code --disableTelemetry}: without it Azurite calls the cloud
 * metadata address. Its one account has the home's own key ({@link AzuriteAccount}), given in its
 * environment: Azurite's development key, which is public, is refused.
 */
final class Azurite {
    private static final String MARKER = "azurite-queue";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long a look whether Azurite serves may take: it answers in milliseconds, seconds on a loaded machine. */
    private static final Duration PROBE_BOUND = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Azurite.class);

    private final LocalSettings settings;
    private final LocalState state;
    private AzuriteAccount account;

    Azurite(LocalSettings settings, LocalState state) {
        this.settings = settings;
        this.state = state;
    }

    private static String version() {
        return BuildInfo.azuriteVersion();
    }

    /** The home's account, read once (and made the first time): not before a local session needs it. */
    synchronized AzuriteAccount account() {
        if (account == null) {
            account = AzuriteAccount.of(state.home());
        }
        return account;
    }

    /** The connection string of the home's account in the Azurite on {@code port}: a secret. */
    String connectionString(int port) {
        return account().connectionString(port);
    }

    int port() {
        return settings.azuritePort();
    }

    /** Whether an Azurite queue service answers on the port to the home's account. */
    boolean isServing() {
        return isListening() && answer(connectionString(port())) == Answer.SERVES;
    }

    /**
     * What the queue service on the port answers to a request of the account {@code connectionString}
     * names, within {@link #PROBE_BOUND}: the SDK's synchronous call would wait a minute for a queue
     * service that accepts the connection and answers nothing (a stopped one).
     */
    private Answer answer(String connectionString) {
        RequestRetryOptions once = new RequestRetryOptions(RetryPolicyType.FIXED, 1, Duration.ofSeconds(5), null, null, null);
        QueueAccount account = QueueAccount.fromConnectionString(connectionString, once);
        try {
            BoundedCall.call("azurite-probe", () -> account.serviceClient().getProperties(), PROBE_BOUND);
            return Answer.SERVES;
        } catch (TimeoutException e) {
            LOG.debug("The queue service on port {} gave no answer in {} s", port(), PROBE_BOUND.toSeconds());
            return Answer.NO_ANSWER;
        } catch (QueueStorageException e) {
            LOG.debug("The queue service on port {} refuses {}: {}", port(), account, Errors.oneLine(e));
            // Azurite answers 403 to a wrong key, 404 ResourceNotFound to an account it does not have.
            return e.getErrorCode() != null ? Answer.REFUSES : Answer.NOTHING;
        } catch (RuntimeException e) {
            LOG.debug("No queue service on port {}: {}", port(), Errors.oneLine(e));
            return Answer.NOTHING;
        }
    }

    /**
     * What a queue service answers to an account: it serves it, it refuses it (a storage service),
     * nothing of use, or nothing at all in time.
     */
    private enum Answer { SERVES, REFUSES, NOTHING, NO_ANSWER }

    private boolean isListening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Makes sure an Azurite serves the home's account on the port: starts one if nothing listens there;
     * restarts the one this tool started if it refuses the home's key (one an earlier session.jar started
     * with the development key); refuses anything else that listens there, and says so of the one this
     * tool started when it is stopped (SIGSTOP): asked first, it would hold the command a minute.
     */
    void ensureRunning() {
        throwIfStopped();
        if (!isListening()) {
            start();
            return;
        }
        Answer answer = answer(connectionString(port()));
        if (answer == Answer.SERVES) {
            return;
        }
        throwIfStopped(); // stopped while it was asked
        Optional<ProcessRecord> ours = state.read(recordFile(), ProcessRecord.class).filter(ProcessRecord::isRunning);
        if (answer == Answer.NO_ANSWER && ours.isPresent()) {
            long pid = ours.get().pid();
            throw new InfrastructureException("The local queue service (Azurite, pid " + pid + ") on 127.0.0.1:" + port()
                    + " gave no answer in " + PROBE_BOUND.toSeconds() + " s: is the machine overloaded? kill " + pid
                    + " and the next --use starts it again");
        }
        if (ours.isEmpty() || answer != Answer.REFUSES) {
            throw new InfrastructureException(whyNotServing(answer));
        }
        restartWithOwnKey(ours.get());
        start();
    }

    /** Refuses to go on when the Azurite this tool started is stopped (SIGSTOP): it answers nothing. */
    private void throwIfStopped() {
        OptionalLong stopped = stoppedPid();
        if (stopped.isPresent()) {
            long pid = stopped.getAsLong();
            throw new InfrastructureException("The local queue service (Azurite, pid " + pid + ") is stopped (SIGSTOP?): "
                    + "kill -CONT " + pid + " resumes it");
        }
    }

    /** The pid of the Azurite this tool started, if it is stopped (state T); an unreadable record is no answer. */
    private OptionalLong stoppedPid() {
        try {
            return state.read(recordFile(), ProcessRecord.class).filter(ProcessRecord::isStopped)
                    .map(p -> OptionalLong.of(p.pid())).orElse(OptionalLong.empty());
        } catch (UnreadableRecordException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Stops the Azurite this tool started with another key, and the workers of every local session, which
     * hold the old key: the Azurite is started again on the same port and data, and the account keeps its
     * name, so the queues and their messages stay; each session's workers start again at its next use.
     */
    private void restartWithOwnKey(ProcessRecord running) {
        LOG.warn("Restarting Azurite (pid {}) with this home's own key (in {}): it was started with another one, such as"
                + " Azurite's public development key; local sessions keep their queues, their workers restart at their next"
                + " use", running.pid(), account().file());
        for (ClusterId id : state.sessionIds()) {
            try {
                state.readSession(id).ifPresent(record -> LocalWorkers.stop(record.workers()));
            } catch (UnreadableRecordException e) {
                LocalWorkers.stopAll(id);
            }
        }
        if (!running.stop(Duration.ofSeconds(15))) {
            LOG.warn("Azurite (pid {}) did not stop on SIGTERM and was killed", running.pid());
        }
    }

    private Path recordFile() {
        return state.azuriteDirectory().resolve("azurite.json");
    }

    /** Starts Azurite on the port, the home's account in its environment, and waits until it serves it. */
    private void start() {
        Path executable = AzuriteInstaller.executable(settings);
        Path directory = state.azuriteDirectory();
        Path data = directory.resolve("data");
        LocalState.createDirectories(data);
        Path log = LocalState.userOnlyFile(directory.resolve("azurite.log"));
        List<String> command = new ArrayList<>(Detached.prefix());
        command.addAll(List.of(executable.toString(), "--queueHost", "127.0.0.1", "--queuePort", Integer.toString(port()),
                "--location", data.toString(), "--disableTelemetry", "--silent", "--skipApiVersionCheck"));
        LOG.info("Starting Azurite {} on 127.0.0.1:{} (data in {})", version(), port(), data);
        // The key goes in the environment, which only this user can read, never in the arguments.
        Process process = Detached.start(command, directory, log, Map.of(AzuriteAccount.ENVIRONMENT, account().azuriteAccounts()));
        ProcessRecord record = ProcessRecord.of(process.toHandle(), MARKER);
        state.write(recordFile(), record);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!isServing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                record.stop(Duration.ofSeconds(5));
                throw new InfrastructureException("Azurite did not start on 127.0.0.1:" + port() + ": "
                        + Detached.lastLine(log) + " (see " + log + ")");
            }
            sleep(100);
        }
    }

    /**
     * The data folder of the running Azurite this home started, if it no longer exists (removed while
     * Azurite ran): Azurite does not make it again, and serves the queues it knew on from memory,
     * taking messages it then never hands out (checked with Azurite 3.37).
     */
    Optional<Path> lostDataFolder() {
        Path data = state.azuriteDirectory().resolve("data");
        return Files.isDirectory(data) || byCommandLine(data).isEmpty() ? Optional.empty() : Optional.of(data);
    }

    /** The line saying that {@code data} is lost ({@link #lostDataFolder}): with it {@code lost}; what to do, {@code todo}. */
    String lostDataLine(Path data, String lost, String todo) {
        return "the data folder " + data + " of the local queue service (Azurite on 127.0.0.1:" + port() + ") no longer"
                + " exists: " + lost + " lost with it (Azurite goes on taking messages but delivers none); " + todo;
    }

    /**
     * Why what listens on the port, and was not started by this tool, does not serve the home's account,
     * and what to do: it is no queue service, or an Azurite of someone else's with other accounts or keys
     * (such as the development key).
     */
    private String whyNotServing(Answer answer) {
        String port = "Port " + port() + " on 127.0.0.1";
        if (answer != Answer.REFUSES) {
            return port + " is taken by something that is not an Azurite queue service: free it, or set "
                    + LocalSettings.AZURITE_PORT + " to a free port";
        }
        return port + " is served by an Azurite that session.jar did not start and that refuses this home's key (in "
                + account().file() + "): stop it, or set " + LocalSettings.AZURITE_PORT + " to a free port";
    }

    /**
     * Stops the Azurite this tool started, if it is still running, and removes its data. It is found by
     * its record, or, when that is unreadable or missing, by its command line: an Azurite queue service
     * with this home's data folder (verified like a recorded one before it is signalled).
     */
    void stopIfOurs() {
        Path directory = state.azuriteDirectory();
        Optional<ProcessRecord> recorded;
        try {
            recorded = state.read(recordFile(), ProcessRecord.class);
        } catch (UnreadableRecordException e) {
            LOG.warn("{}; stopping the Azurite with this home's data folder instead", e.getMessage());
            recorded = Optional.empty();
        }
        List<ProcessRecord> running = new ArrayList<>(recorded.filter(ProcessRecord::isRunning).stream().toList());
        if (running.isEmpty()) {
            running.addAll(byCommandLine(directory.resolve("data")));
        }
        for (ProcessRecord process : running) {
            LOG.info("Stopping Azurite (pid {}): no local session is left", process.pid());
            if (!process.stop(Duration.ofSeconds(15))) {
                LOG.warn("Azurite (pid {}) did not stop on SIGTERM and was killed", process.pid());
            }
        }
        if (recorded.isPresent() || !running.isEmpty() || Files.exists(recordFile())) {
            LocalState.deleteTree(directory);
        }
    }

    /** The running Azurite queue services that keep their data in {@code data}. */
    private static List<ProcessRecord> byCommandLine(Path data) {
        String location = "--location " + data + " ";
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(MARKER) && c.contains(location)).orElse(false))
                .map(p -> ProcessRecord.of(p, location))
                .filter(ProcessRecord::isRunning)
                .toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Azurite", e);
        }
    }
}
