package com.sessionjar.session;

import com.sessionjar.DiskSpace;
import com.sessionjar.queue.Errors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue service's outages as one run sees them: since when its calls have failed for want of
 * the service ({@link Errors#isUnreachable}: no connection, no answer, HTTP 5xx, after the SDK's own
 * retries), and how long the run waits for it to come back. While an outage is shorter than
 * {@code bound}, a call that fails so is tolerated, and its caller tries it again after
 * {@link #RETRY_PAUSE}; the first call that succeeds ends the outage. Past the bound the run ends
 * with {@link #line(long) one line} that says what is down and how to check it.
 *
 * <p>Called from the run's receiving thread and its pool: state guarded by this.
 */
final class Outage {
    private static final Logger LOG = LoggerFactory.getLogger(Outage.class);
    /** How long a run without a time limit (--timeout) waits for a queue service it cannot reach. */
    static final Duration DEFAULT_BOUND = Duration.ofMinutes(2);
    /** The pause before a call that failed for an outage is tried again (each try has the SDK's retries, about 25 s). */
    static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    /**
     * How long without an answer to any call means, at a run's time limit, that the queue service is
     * what failed: a run polls at least every second while it waits, and each poll is answered.
     */
    static final Duration SILENCE = Duration.ofSeconds(3);

    private final Service service;
    private final Duration bound;
    /** Guarded by this: {@link System#nanoTime()} when the first failing call of the outage going on began; -1 when none is. */
    private long downSince = -1;
    /** Guarded by this: when the last outage ended; {@link Long#MIN_VALUE} if there was none. */
    private long resumedAt = Long.MIN_VALUE;
    /** Guarded by this: why the calls of the outage going on fail, in a few words; null when none is. */
    private String cause;
    /** Guarded by this: when a call last succeeded ({@link System#nanoTime()}), or when these outages began to be watched. */
    private long answeredAt = System.nanoTime();

    /**
     * What is down, for the one line a run ends with: e.g. {@code the local queue service (Azurite)
     * at 127.0.0.1:10001}, and how to check it: e.g. {@code is Azurite running? --use ID starts it again};
     * {@code remake}: what to do when a queue of the session is gone, e.g. {@code --update ID makes it
     * again}; {@code dataFolder} is where it keeps its data on this machine (null: elsewhere), whose
     * file system filling up makes it fail (HTTP 500) rather than go away.
     */
    record Service(String name, String check, String remake, Path dataFolder) {
        /** A service elsewhere, whose lost queues are made again by no command named here. */
        Service(String name, String check) {
            this(name, check, "make the session again", null);
        }

        /** The file system of the data folder, if it is full: named, with its free space and size. */
        Optional<String> fullDisk() {
            return dataFolder == null ? Optional.empty() : DiskSpace.full(dataFolder);
        }

        /**
         * Why the queue service fails, {@code why} in a few words: a full file system of its data
         * folder, named with its free space, or it cannot be reached. One line, no class name.
         */
        String failing(String why) {
            return fullDisk().map(disk -> disk + ": free space and retry; " + name + " keeps its data there and fails ("
                    + why + ")").orElse(name + " cannot be reached (" + why + "); " + check);
        }
    }

    /** The outages of {@code service}, each waited out for at most {@code bound}. */
    Outage(Service service, Duration bound) {
        this.service = service;
        this.bound = bound;
    }

    /**
     * Whether a call begun at {@code began} that failed with {@code e} at {@code now} may be tried
     * again: it failed for want of the queue service (which starts an outage then, if none is going
     * on: the SDK's retries were spent in it) and the outage has lasted less than the bound. False
     * for any other failure, which is the caller's to report.
     */
    synchronized boolean tolerates(RuntimeException e, long began, long now) {
        if (!Errors.isUnreachable(e)) {
            return false;
        }
        String reason = Errors.whyUnreachable(e);
        if (cause == null || !reason.equals(Errors.NO_ANSWER_IN_TIME)) {
            cause = reason; // a call the run cut short at its bound says less than the failure before it
        }
        if (downSince < 0) {
            downSince = began;
            if (service.fullDisk().isPresent()) {
                LOG.warn("{}; waiting up to {} s for room", capitalized(service.failing(cause)), bound.toSeconds());
            } else {
                LOG.warn("Cannot reach {} ({}); waiting up to {} s for it to come back", service.name(), cause,
                        bound.toSeconds());
            }
        }
        return now - downSince < bound.toNanos();
    }

    /** A call succeeded at {@code now}: an outage going on is over. */
    synchronized void up(long now) {
        answeredAt = Math.max(answeredAt, now);
        if (downSince >= 0) {
            LOG.info("{} answers again, after {} s", capitalized(service.name()),
                    Duration.ofNanos(now - downSince).toSeconds());
            downSince = -1;
            resumedAt = now;
            cause = null;
        }
    }

    /**
     * The run awaits nothing of the queue service at {@code now} (every request taken is answered:
     * it waits for its input), so the service's silence until then is no sign of it failing.
     */
    synchronized void awaitsNothing(long now) {
        answeredAt = Math.max(answeredAt, now);
    }

    /** Whether an outage is going on: the last call failed for want of the queue service. */
    synchronized boolean isDown() {
        return downSince >= 0;
    }

    /** How long the outage going on may last yet at {@code now} (none left: zero); null if none is going on. */
    synchronized Duration left(long now) {
        return downSince < 0 ? null : Duration.ofNanos(Math.max(0, bound.toNanos() - (now - downSince)));
    }

    /** When the last outage ended ({@link System#nanoTime()}), or {@link Long#MIN_VALUE} if there was none. */
    synchronized long resumedAt() {
        return resumedAt;
    }

    /** What is down, for how long at {@code now}, why, and how to check it: the line a run ends with. */
    synchronized String line(long now) {
        long seconds = downSince < 0 ? 0 : Duration.ofNanos(now - downSince).toSeconds();
        if (service.fullDisk().isPresent()) {
            return service.failing("for " + seconds + " s; last: " + cause);
        }
        return service.name() + " cannot be reached: no answer for " + seconds + " s (last: " + cause + "); "
                + service.check();
    }

    /**
     * The line a run that ended at its time limit at {@code now} ends with instead, if its queue
     * service had answered none of its calls for {@link #SILENCE}: they were still in the SDK's
     * retries (a frozen, dead or full service), so no outage was recorded yet. Empty if the service
     * answered (slow workers, not the service), or if an outage is recorded ({@link #line} says it).
     */
    synchronized Optional<String> silence(long now) {
        if (downSince >= 0 || now - answeredAt < SILENCE.toNanos()) {
            return Optional.empty();
        }
        String why = "no answer for " + Duration.ofNanos(now - answeredAt).toSeconds() + " s";
        return Optional.of(service.fullDisk().isPresent() ? service.failing(why)
                : service.name() + " cannot be reached: " + why + "; " + service.check());
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
