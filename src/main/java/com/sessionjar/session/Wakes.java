package com.sessionjar.session;

import com.sessionjar.WakeWatcher;
import com.sessionjar.protocol.WakeFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wake files of one run, where its session's workers share this machine ({@link WakeFile}):
 * after a send the run touches the workers' file (at most every {@link #WAKE_INTERVAL}), so idle
 * workers poll at once; and it watches a file of its own, which workers touch after each reply to
 * the run, so its receiver waits for replies instead of polling for them. Elsewhere there are
 * none ({@link #NONE}): the run polls. Either way a wake is a hint, never needed for a reply.
 *
 * <p>Owns the watcher's thread and the run's file: {@link #close()} stops the one and deletes the
 * other. {@code replied} is released by the watcher's thread, taken by the receiving thread.
 */
final class Wakes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Wakes.class);
    /** The least time between two wakes of the workers: while requests flow they poll at once anyway. */
    private static final Duration WAKE_INTERVAL = Duration.ofMillis(100);
    /** No wake files: the run polls. (After the interval, which its making reads.) */
    static final Wakes NONE = new Wakes(null, null);

    private final Path workersFile;
    /** Null if the run's replies do not wake it. */
    private final Path runFile;
    private final Semaphore replied = new Semaphore(0);
    private final AtomicLong wokenAt = new AtomicLong(System.nanoTime() - WAKE_INTERVAL.toNanos());
    private WakeWatcher watcher;

    private Wakes(Path workersFile, Path runFile) {
        this.workersFile = workersFile;
        this.runFile = runFile;
    }

    /**
     * The wakes of a run beside the workers' wake file {@code workersFile} (null: none): the run's
     * own file, named as its reply queue {@code replyQueue} (null for a plain run: no file, the run
     * polls the shared response queue), is made and watched. What cannot be made or watched is
     * logged and done without.
     */
    static Wakes open(Path workersFile, String responseQueue, String replyQueue) {
        if (workersFile == null) {
            return NONE;
        }
        Path runFile = replyQueue == null ? null : WakeFile.ofRun(workersFile, responseQueue, replyQueue).orElse(null);
        Wakes wakes = new Wakes(workersFile, runFile);
        if (runFile != null) {
            try {
                WakeFile.create(runFile);
                wakes.watcher = WakeWatcher.start(runFile, wakes.replied::release, "session-wake");
            } catch (IOException | RuntimeException e) {
                LOG.debug("Cannot watch {} (the run polls for its replies): {}", runFile, e.toString());
                wakes.close();
                return new Wakes(workersFile, null);
            }
        }
        return wakes;
    }

    /** Whether replies wake the run: then its receiver may wait long between polls. */
    boolean watched() {
        return watcher != null;
    }

    /**
     * Whether the session's wake folder is gone: a local session's folder goes with its
     * {@code --delete}, whose last one stops the queue service too, so a run that waits for it to
     * answer would wait out an outage instead of saying the session is gone. False where there are
     * no wake files.
     */
    boolean sessionGone() {
        return workersFile != null && !Files.isDirectory(folder());
    }

    /** What ends a run whose session's folder is gone ({@link #sessionGone}): the folder, and {@code detail}. */
    SessionGoneException gone(String detail) {
        return new SessionGoneException("the session's folder " + folder() + " is gone: " + detail);
    }

    /** The folder of the wake files; null where there are none. */
    private Path folder() {
        return workersFile == null ? null : workersFile.getParent();
    }

    /** After a send: wakes the idle workers, unless they were woken less than {@link #WAKE_INTERVAL} ago. Any thread. */
    void wakeWorkers() {
        long now = System.nanoTime();
        long last = wokenAt.get();
        if (workersFile == null || now - last < WAKE_INTERVAL.toNanos() || !wokenAt.compareAndSet(last, now)) {
            return;
        }
        try {
            WakeFile.touch(workersFile);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot touch the workers' wake file {}: {}", workersFile, e.toString());
        }
    }

    /**
     * Waits {@code millis}, or less if a reply came meanwhile (since the last wait: replies that
     * came during a receive end the next wait at once). On the receiving thread.
     */
    void awaitReply(long millis) throws InterruptedException {
        if (watcher == null) {
            Thread.sleep(millis);
        } else if (replied.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            replied.drainPermits(); // one receive takes every reply that woke the run
        }
    }

    /** Stops watching and deletes the run's file. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdown();
        }
        if (runFile != null) {
            try {
                Files.deleteIfExists(runFile);
            } catch (IOException e) {
                LOG.debug("Cannot delete {}: {}", runFile, e.toString());
            }
        }
    }
}
