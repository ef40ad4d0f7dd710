package com.sessionjar.cluster.local;

import com.sessionjar.InfrastructureException;
import com.sessionjar.protocol.WorkerSettings;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.NodeLog;
import com.sessionjar.cluster.NodeStatus;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.protocol.WakeFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops a local session's worker processes: {@code java -cp <this jar> WorkerMain},
 * one per node, detached, each logging to {@code worker-<n>.log} in the session's folder and keeping
 * its totals in {@code worker-<n>.stats.json} there.
 * The queue connection string reaches them through their environment, never their arguments.
 */
final class LocalWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(LocalWorkers.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** How long a worker gets to return its in-flight requests before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private LocalWorkers() {
    }

    /** The marker in a worker's command line that ties it to its session. */
    static String marker(ClusterId id) {
        return "-Dsessionjar.session=" + id.guid();
    }

    /**
     * Starts workers numbered {@code first} to {@code first + count - 1} and waits until each is
     * polling. If one fails to start, those started here are stopped and the error says why.
     */
    static List<ProcessRecord> start(ClusterId id, Path directory, int first, int count, Map<String, String> environment) {
        List<Process> processes = new ArrayList<>();
        List<ProcessRecord> records = new ArrayList<>();
        try {
            for (int n = first; n < first + count; n++) {
                Path ready = directory.resolve("worker-" + n + ".ready");
                Files.deleteIfExists(ready);
                Path log = LocalState.userOnlyFile(logFile(directory, n));
                Map<String, String> workerEnvironment = new HashMap<>(environment);
                workerEnvironment.put(WorkerSettings.READY_FILE, ready.toString());
                workerEnvironment.put(StatsFile.VARIABLE, statsFile(directory, n).toString());
                workerEnvironment.put(WakeFile.VARIABLE, WakeFile.in(directory).toString());
                Process process = Detached.start(command(id), directory, log, workerEnvironment);
                processes.add(process);
                records.add(ProcessRecord.of(process.toHandle(), marker(id)));
            }
            for (int i = 0; i < processes.size(); i++) {
                awaitReady(processes.get(i), first + i, directory);
            }
        } catch (IOException | RuntimeException e) {
            stop(records);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
        LOG.info("Started {} worker(s) of session {}: pid {}", count, id,
                records.stream().map(r -> Long.toString(r.pid())).collect(Collectors.joining(", ")));
        return records;
    }

    /** Stops {@code workers} at once, each returning its in-flight requests to the queue. */
    static void stop(List<ProcessRecord> workers) {
        // SIGTERM them all first, so they wind down side by side, then wait for each.
        workers.forEach(w -> w.handle().ifPresent(ProcessHandle::destroy));
        for (ProcessRecord worker : workers) {
            if (!worker.stop(STOP_GRACE)) {
                LOG.warn("Worker pid {} did not stop within {} s and was killed; its requests reappear when their lease ends",
                        worker.pid(), STOP_GRACE.toSeconds());
            }
        }
    }

    /**
     * Stops every worker of session {@code id} found in the process table, by the marker in its command
     * line, recorded or not; returns how many there were.
     */
    static int stopAll(ClusterId id) {
        List<ProcessRecord> found = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker(id))).orElse(false))
                .map(p -> ProcessRecord.of(p, marker(id)))
                .filter(ProcessRecord::isRunning)
                .toList();
        stop(found);
        return found.size();
    }

    /** Where worker {@code n} of the session in {@code directory} keeps its totals. */
    static Path statsFile(Path directory, int n) {
        return directory.resolve(StatsFile.fileName(n));
    }

    /** Where the supervisor reports that worker {@code n} keeps crashing (one line; removed once it starts). */
    static Path reportFile(Path directory, int n) {
        return directory.resolve("worker-" + n + ".crashing");
    }

    private static Optional<String> reported(Path directory, int n) {
        try {
            return Optional.of(Files.readString(reportFile(directory, n)).trim()).filter(s -> !s.isEmpty());
        } catch (IOException e) {
            return Optional.empty(); // none: the usual case
        }
    }

    /** Where worker {@code n} of the session in {@code directory} logs (its stdout and stderr). */
    static Path logFile(Path directory, int n) {
        return directory.resolve("worker-" + n + ".log");
    }

    /** Worker {@code n} of the session in {@code directory}, recorded as {@code worker}, as it is now. */
    static NodeStatus status(ProcessRecord worker, Path directory, int n) {
        Optional<ProcessHandle> process = worker.handle();
        Duration uptime = process.flatMap(p -> p.info().startInstant())
                .map(start -> Duration.between(start, Instant.now())).orElse(null);
        String problem = process.isPresent() ? null : "not running: " + reported(directory, n).orElse("the supervisor restarts it");
        StatsFile.Stats counters = null;
        try {
            counters = StatsFile.read(statsFile(directory, n)).orElse(null);
        } catch (IOException | UncheckedIOException e) {
            problem = "its stats file " + statsFile(directory, n) + " cannot be read: " + e.getMessage();
        }
        return NodeStatus.local(n, worker.pid(), process.isPresent(), uptime, counters, problem);
    }

    /** The last {@code tail} lines of worker {@code n}'s log, in the session's {@code directory}. */
    static NodeLog log(Path directory, int n, int tail) {
        return log(Integer.toString(n), logFile(directory, n), tail);
    }

    /** The last {@code tail} lines of {@code file}, shown as the log of {@code name}. */
    static NodeLog log(String name, Path file, int tail) {
        try {
            List<String> lines = LogTail.lastLines(file, tail);
            return new NodeLog(name, lines, lines.isEmpty() ? file + " is empty" : null);
        } catch (NoSuchFileException e) {
            return new NodeLog(name, List.of(), "no log: " + file + " does not exist");
        } catch (IOException e) {
            throw new InfrastructureException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void awaitReady(Process process, int n, Path directory) {
        Path ready = directory.resolve("worker-" + n + ".ready");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!Files.exists(ready)) {
            Path log = logFile(directory, n);
            if (!process.isAlive()) {
                throw new WorkerStartFailure("Worker " + n + " exited at start-up: " + Detached.lastLine(log), log);
            }
            if (System.nanoTime() > deadline) {
                throw new WorkerStartFailure("Worker " + n + " was not ready after " + READY_TIMEOUT.toSeconds() + " s", log);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting workers", e);
            }
        }
    }

    /** The worker command: this JVM's java, this process's class path, small heap and GC. */
    private static List<String> command(ClusterId id) {
        return Detached.javaCommand("256m", marker(id), WorkerSettings.MAIN_CLASS);
    }
}
