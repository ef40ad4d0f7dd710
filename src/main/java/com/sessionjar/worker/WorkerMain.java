package com.sessionjar.worker;

import com.sessionjar.protocol.WorkerSettings;
import com.sessionjar.protocol.QueueLengthMetric;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.protocol.WakeFile;
import com.sessionjar.protocol.ReplyQueues;
import com.sessionjar.DaemonThreads;
import com.sessionjar.WakeWatcher;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.OrphanReplyQueues;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.service.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of a worker process: {@code java -cp session.jar com.sessionjar.worker.WorkerMain},
 * configured entirely by environment variables (see {@link WorkerSettings}), so that no secret
 * appears in the process's argument list. Stops cleanly on SIGTERM.
 */
public final class WorkerMain {
    /** How long interrupted service calls get to give their requests back before they are given back for them. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** How long after that a receive or reply under way may hold up the stop (the SDK's retries included). */
    private static final Duration STOP_LIMIT = Duration.ofSeconds(30);

    private WorkerMain() {
    }

    /** Runs a worker until the process is told to stop; exits 2 on a bad setting, 1 on other start-up failures. */
    public static void main(String[] args) {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        Logger log = LoggerFactory.getLogger(WorkerMain.class);
        Map<String, String> environment = System.getenv();
        Worker worker;
        StatsWriter stats;
        QueueAccount account;
        Service started = null;
        try {
            WorkerSettings settings = WorkerSettings.fromEnvironment(environment);
            started = Services.create(settings.service(), environment);
            account = QueueAccount.fromConnectionString(settings.connectionString());
            MessageQueue requests = account.queue(settings.requestQueue());
            if (!requests.exists()) {
                throw new IllegalStateException("Request queue " + settings.requestQueue() + " does not exist in "
                        + account + ": was the session deleted?");
            }
            Path wakeFile = wakeFile(environment);
            worker = new Worker(requests, account.queue(settings.responseQueue()), account.queue(settings.poisonQueue()),
                    started, settings, wakeFile == null ? queue -> { } : runWaker(wakeFile, settings.responseQueue()));
            log.info("Worker started: {}", settings);
            stats = statsFile(environment.get(StatsFile.VARIABLE), account, worker.counters());
            publishQueueLength(environment, requests);
            watchWakeFile(wakeFile, worker);
            sweepReplyQueues(account.queue(settings.responseQueue()), wakeFile);
            markReady(environment.get(WorkerSettings.READY_FILE));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A bad setting or a service that cannot start: the message says it all.
            log.error("Worker cannot start: {}", e.getMessage());
            exit(started, e instanceof IllegalArgumentException ? 2 : 1);
            return;
        } catch (RuntimeException | IOException e) {
            log.error("Worker cannot start: {}", Errors.oneLine(e), e);
            exit(started, 1);
            return;
        }
        Service service = started;
        Thread stopper = new Thread(() -> {
            log.info("Stopping: returning in-flight requests to the queue");
            stop(worker, log);
            service.close();
            log.info("Storage transactions made: {}", account.transactions());
            writeQuietly(stats, log);
        }, "worker-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            worker.start();
            worker.awaitTermination(); // as a server's blockUntilShutdown: the worker's threads are daemons
            if (!worker.isShutdown()) {
                System.exit(1); // not told to stop: the polling thread died of an error, on stderr; the stopper runs
            }
        } catch (IllegalStateException e) {
            // Told to stop before it started: the stopper has it in hand.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the worker as grpc-java's examples stop a server: shutdown, a grace, then shutdownNow. */
    private static void stop(Worker worker, Logger log) {
        try {
            if (!worker.shutdown().awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                    && !worker.shutdownNow().awaitTermination(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Worker did not stop within {} s; exiting anyway: {}", STOP_GRACE.plus(STOP_LIMIT).toSeconds(),
                        worker.counters());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The worker's stats file, if {@code path} names one: written now and then while its totals
     * change, every {@link StatsFile#INTERVAL} (and once more when the worker stops).
     */
    private static StatsWriter statsFile(String path, QueueAccount account, WorkerCounters counters) throws IOException {
        if (path == null || path.isBlank()) {
            return null;
        }
        StatsWriter stats = new StatsWriter(Path.of(path), account::transactions, counters);
        stats.write();
        Logger log = LoggerFactory.getLogger(WorkerMain.class);
        Executors.newSingleThreadScheduledExecutor(new DaemonThreads("worker-stats"))
                .scheduleWithFixedDelay(() -> writeQuietly(stats, log), StatsFile.INTERVAL.toMillis(),
                        StatsFile.INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return stats;
    }

    /** On an autoscaled Azure node, publishes the request queue's length for Azure Monitor; elsewhere nothing. */
    private static void publishQueueLength(Map<String, String> environment, MessageQueue requests) {
        QueueLengthMetric.fromEnvironment(environment).ifPresent(metric -> new QueueLengthPublisher(metric,
                requests::approximateDepth, QueueLengthPublisher.pipeline(QueueLengthPublisher.managedIdentity(null), null),
                Clock.systemUTC()).start(Executors.newSingleThreadScheduledExecutor(new DaemonThreads("worker-metric"))));
    }

    /**
     * Deletes the reply queues of client runs that are gone (killed) every {@link ReplyQueues#SWEEP_PERIOD},
     * starting at a random point of the first, so that workers of one session take turns; and, if
     * there is a {@code wakeFile} (null: none), those runs' wake files beside it.
     */
    private static void sweepReplyQueues(MessageQueue responses, Path wakeFile) {
        long period = ReplyQueues.SWEEP_PERIOD.toMillis();
        Runnable sweep = () -> OrphanReplyQueues.delete(responses).ifPresent(live -> {
            if (wakeFile != null) {
                WakeFile.deleteGoneRuns(wakeFile, responses.name(), live, Instant.now().minus(ReplyQueues.SWEEP_PERIOD));
            }
        });
        Executors.newSingleThreadScheduledExecutor(new DaemonThreads("worker-sweep")).scheduleAtFixedRate(sweep,
                ThreadLocalRandom.current().nextLong(period), period, TimeUnit.MILLISECONDS);
    }

    /** The wake file {@link WakeFile#VARIABLE} names (locally, where clients share this file system), or null. */
    private static Path wakeFile(Map<String, String> environment) {
        String path = environment.get(WakeFile.VARIABLE);
        return path == null || path.isBlank() ? null : Path.of(path);
    }

    /** A touch of {@code wakeFile} makes the worker poll at once; if it cannot be watched, the worker polls alone. */
    private static void watchWakeFile(Path wakeFile, Worker worker) {
        if (wakeFile == null) {
            return;
        }
        Logger log = LoggerFactory.getLogger(WorkerMain.class);
        try {
            WakeWatcher.start(wakeFile, worker::wake, "worker-wake"); // a daemon, for the process's life
            log.info("Watching {}: a client touches it after it sends, to wake this worker", wakeFile);
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot watch the wake file {} ({}); polling alone, so an idle worker takes a request within its"
                    + " query interval", wakeFile, e.toString());
        }
    }

    /** After a reply to a client run's queue, touches that run's wake file (if the run made one), so it receives at once. */
    private static Consumer<String> runWaker(Path wakeFile, String responseQueue) {
        Logger log = LoggerFactory.getLogger(WorkerMain.class);
        return queue -> WakeFile.ofRun(wakeFile, responseQueue, queue).ifPresent(file -> {
            try {
                WakeFile.touchIfExists(file);
            } catch (IOException | RuntimeException e) {
                log.debug("Cannot touch the wake file {}: {}", file, e.toString());
            }
        });
    }

    private static void writeQuietly(StatsWriter stats, Logger log) {
        if (stats == null) {
            return;
        }
        stats.writeLogged(log);
    }

    /** Exits with {@code code} after closing the service, if one was started (it may own a server process). */
    private static void exit(Service service, int code) {
        if (service != null) {
            service.close();
        }
        System.exit(code);
    }

    private static void markReady(String readyFile) throws IOException {
        if (readyFile != null && !readyFile.isBlank()) {
            Path file = Files.createFile(Path.of(readyFile),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Long.toString(ProcessHandle.current().pid()));
        }
    }
}
