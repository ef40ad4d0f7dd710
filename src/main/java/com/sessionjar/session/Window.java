package com.sessionjar.session;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests a run has in flight: a semaphore whose size can shrink and grow while the run
 * goes. A shared window is split with the other runs going on the session, as they start and end
 * (their requests share one queue, and a deep queue is slow), down to {@value #MIN_SHARED_WINDOW}.
 *
 * <p>The dispatcher's thread acquires; the receiving thread releases and resizes: {@code size}
 * and {@code nextShare} are the receiving thread's only, {@code runs} is volatile.
 */
final class Window extends Semaphore {
    private static final Logger LOG = LoggerFactory.getLogger(Window.class);
    /** The smallest share of a window split between runs going at once. */
    static final int MIN_SHARED_WINDOW = 16;
    /** How often a shared window is resized to the runs going on the session. */
    private static final Duration SHARE_INTERVAL = Duration.ofSeconds(2);

    private final int full;
    /** The run's reply queue, whose siblings tell the runs going; null if the window is not shared. */
    private final RunQueue sharedWith;
    private int size;
    private long nextShare;
    private volatile int runs = 1;

    /** A window of {@code full} requests, split with the runs going besides {@code sharedWith}'s (null: not shared). */
    Window(int full, RunQueue sharedWith) {
        super(full);
        this.full = full;
        this.size = full;
        this.sharedWith = sharedWith;
        if (sharedWith != null) {
            share(sharedWith.otherRuns());
        }
        nextShare = System.nanoTime() + SHARE_INTERVAL.toNanos();
    }

    /** If shared, resizes to this run's share of the runs going now, at most every {@link #SHARE_INTERVAL}. */
    void keepShared() {
        if (sharedWith != null && System.nanoTime() >= nextShare) {
            share(sharedWith.countOtherRuns());
            nextShare = System.nanoTime() + SHARE_INTERVAL.toNanos();
        }
    }

    /** How many runs (this one included) share the session, as last counted. */
    int runs() {
        return runs;
    }

    /** Resizes to this run's share of the full window, with {@code others} runs going too. */
    private void share(int others) {
        int share = others <= 0 ? full : Math.min(full, Math.max(MIN_SHARED_WINDOW, full / (others + 1)));
        if (share < size) {
            reducePermits(size - share);
        } else if (share > size) {
            release(share - size);
        }
        if (share != size) {
            LOG.debug("{} other run(s) on the session: at most {} requests in flight", others, share);
        }
        size = share;
        runs = Math.max(1, others + 1);
    }
}
