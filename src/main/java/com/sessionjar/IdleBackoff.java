package com.sessionjar;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long a poller waits before polling an empty queue again: the wait doubles from
 * {@code first} up to {@code max}, each wait shortened by up to a fifth at random (so pollers of
 * one queue drift apart), and never longer than {@code 1/fraction} of the time the queue has
 * been empty, so a request after a short pause is taken soon while a long-idle poller costs
 * almost nothing. A poll that takes messages starts over.
 *
 * <p>Not thread-safe: one poller, one back-off. Times are {@link System#nanoTime()} readings.
 */
public final class IdleBackoff {
    private final Duration first;
    private final Duration max;
    private final int fraction;
    private final DoubleSupplier random;
    private Duration next;
    private long emptySince;

    /** A back-off from {@code first} to {@code max}, capped at {@code 1/fraction} of the idle time (0: no cap). */
    public IdleBackoff(Duration first, Duration max, int fraction, long now) {
        this(first, max, fraction, now, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** As above, drawing the jitter from {@code random} (values in [0, 1)). */
    public IdleBackoff(Duration first, Duration max, int fraction, long now, DoubleSupplier random) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || fraction < 0) {
            throw new IllegalArgumentException("need 0 < first (" + first + ") <= max (" + max + ") and fraction >= 0");
        }
        this.first = first;
        this.max = max;
        this.fraction = fraction;
        this.random = random;
        reset(now);
    }

    /** A poll at {@code now} took messages: the next empty poll waits {@code first} again. */
    public void reset(long now) {
        next = first;
        emptySince = now;
    }

    /** A poll at {@code now} found the queue empty: how long to wait before the next. */
    public Duration afterEmpty(long now) {
        Duration wait = next;
        next = next.multipliedBy(2).compareTo(max) < 0 ? next.multipliedBy(2) : max;
        if (fraction > 0) {
            Duration cap = Duration.ofNanos(Math.max(0, now - emptySince) / fraction);
            wait = cap.compareTo(wait) < 0 ? (cap.compareTo(first) > 0 ? cap : first) : wait;
        }
        return Duration.ofNanos((long) (wait.toNanos() * (0.8 + 0.2 * random.getAsDouble())));
    }
}
