package com.sessionjar;

import java.time.Duration;

/**
 * How long a poller that has just drained its queue lets messages gather before it receives
 * again, so the next call takes several rather than one: the time {@value #GATHER_TARGET}
 * messages (or as many as are awaited, if fewer) take to come at the rate they came lately, at
 * most the caller's longest wait. The rate is a moving average over every receive, empty ones
 * included. The worker paces its requests with it and the client its replies; each caller
 * chooses its own longest wait (see {@link IdleBackoff} for the wait after an empty receive).
 *
 * <p>Not thread-safe: one poller, one pacer. Times are {@link System#nanoTime()} readings.
 */
public final class ReceivePacer {
    /** The batch a gather wait aims for: enough to make a receive cost little per message. */
    public static final int GATHER_TARGET = 16;
    private double rate; // messages per second lately
    private long lastReceive;

    /** A pacer whose first receive is timed from {@code now}. */
    public ReceivePacer(long now) {
        this.lastReceive = now;
    }

    /** A receive at {@code now} took {@code count} messages (0 for an empty one). */
    public void received(int count, long now) {
        // The latest receive weighs 0.3: the rate follows a change within a few receives.
        rate = 0.7 * rate + 0.3 * count * 1e9 / Math.max(1, now - lastReceive);
        lastReceive = now;
    }

    /** Messages per second lately; 0 until a receive takes some. */
    public double rate() {
        return rate;
    }

    /**
     * The wait for {@value #GATHER_TARGET} messages, or {@code awaited} if fewer, to come at the
     * recent rate: at most {@code longest}, which is also the wait while no rate is known; zero if
     * none is awaited.
     */
    public Duration gatherWait(long awaited, Duration longest) {
        return gatherWait(rate, awaited, longest);
    }

    /** {@link #gatherWait(long, Duration)} at a rate of {@code perSecond}. */
    static Duration gatherWait(double perSecond, long awaited, Duration longest) {
        long messages = Math.min(GATHER_TARGET, awaited);
        if (messages <= 0) {
            return Duration.ZERO;
        }
        if (perSecond <= 0) {
            return longest;
        }
        double nanos = messages * 1e9 / perSecond;
        return nanos < longest.toNanos() ? Duration.ofNanos((long) nanos) : longest;
    }
}
