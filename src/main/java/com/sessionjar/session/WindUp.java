package com.sessionjar.session;

import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a send run winds up once it has ended: how long it waits for its last sends and deletes,
 * then for its reply queue's delete. Generous while the queue service answers (a send under way
 * may have reached the queue: it is counted once it ends, so the run says what went out); short
 * when it does not (a frozen service), so that a run with a time limit ends about
 * {@link #LIMIT_SLACK} past it, and a stopped run well within {@code StopOnSignal}'s grace.
 * Confined to the thread that runs the run.
 */
final class WindUp {
    private static final Logger LOG = LoggerFactory.getLogger(WindUp.class);
    /** How long a run waits for its last sends and deletes. */
    static final Duration CALLS_END_WAIT = Duration.ofMinutes(1);
    /** How long a stopped run (a signal) may take to wind up: its calls under way, then its reply queue's delete. */
    static final Duration STOPPED = Duration.ofSeconds(5);
    /** How long past its time limit a run may take to wind up, should its queue service not answer. */
    static final Duration LIMIT_SLACK = Duration.ofMillis(500);
    /** How much longer a run waits for calls that keep ending (a slow queue service), each within {@link #CALL_GAP}. */
    static final Duration ANSWERING_GRACE = Duration.ofSeconds(3);
    /** How long without a call ending means the queue service does not answer. */
    static final Duration CALL_GAP = Duration.ofSeconds(1);
    /** How long a wind-up begun past its end waits for a first call to end. */
    static final Duration FIRST_LOOK = Duration.ofMillis(250);
    /** How often the wind-up looks whether the calls have ended. */
    private static final Duration LOOK = Duration.ofMillis(100);

    private final long end;
    private final boolean bounded;
    /** Whether a call ended while the run wound up: the queue service answers. */
    private boolean answered;

    /**
     * The wind-up of a run begun at {@code start} ({@link System#nanoTime()}) with time limit
     * {@code timeout} (zero: none), ending now; {@code stopped} if a signal stopped it.
     */
    WindUp(long start, Duration timeout, boolean stopped) {
        long now = System.nanoTime();
        long end = now + (stopped ? STOPPED : CALLS_END_WAIT).toNanos();
        this.end = timeout.isZero() ? end : Math.min(end, start + timeout.plus(LIMIT_SLACK).toNanos());
        this.bounded = stopped || !timeout.isZero();
    }

    /**
     * Shuts {@code calls} down and waits for them until the wind-up's end, and on while they keep
     * ending for up to {@link #ANSWERING_GRACE} more; those still going then are left to their daemon
     * threads. An interrupt (a second signal, the time limit's watchdog) does not cut the wait short:
     * returns whether one came, for the caller to tell again.
     */
    boolean endCalls(ThreadPoolExecutor calls) {
        calls.shutdown();
        boolean interrupted = false;
        long last = calls.getCompletedTaskCount();
        // Begun past its end (the watchdog stopped a run held by a call), it waits FIRST_LOOK for a call to end.
        long lastEnded = System.nanoTime() - CALL_GAP.toNanos() + FIRST_LOOK.toNanos();
        while (!calls.isTerminated()) {
            long now = System.nanoTime();
            boolean ending = now - lastEnded < CALL_GAP.toNanos() && now - end < ANSWERING_GRACE.toNanos();
            if (now >= end && !ending) {
                LOG.debug("Sends or deletes still going as the run ends: left to their daemon threads");
                return interrupted;
            }
            try {
                calls.awaitTermination(LOOK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            long completed = calls.getCompletedTaskCount();
            if (completed != last) {
                last = completed;
                lastEnded = System.nanoTime();
                answered = true;
            }
        }
        return interrupted;
    }

    /**
     * How long the run queue's delete may take: {@link RunQueue#DELETE_WAIT} at the end of a run
     * with no time limit; for a run with one, or a stopped run, what is left of the wind-up, but at
     * least {@link RunQueue#ANSWERING_DELETE_WAIT} if a call ended as it wound up (the queue service
     * answers), else {@link RunQueue#LEAST_DELETE_WAIT}.
     */
    Duration deleteWait() {
        if (!bounded) {
            return RunQueue.DELETE_WAIT;
        }
        Duration left = Duration.ofNanos(end - System.nanoTime());
        Duration least = answered ? RunQueue.ANSWERING_DELETE_WAIT : RunQueue.LEAST_DELETE_WAIT;
        return left.compareTo(least) < 0 ? least : left.compareTo(RunQueue.DELETE_WAIT) > 0 ? RunQueue.DELETE_WAIT : left;
    }
}
