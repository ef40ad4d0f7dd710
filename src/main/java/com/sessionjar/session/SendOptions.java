package com.sessionjar.session;

import java.time.Duration;

/**
 * How {@link Session#sendAndReceive} paces a run.
 *
 * @param window           requests in flight at most (sent, reply not yet received); 0 sizes it from
 *                         the session's capacity
 * @param progressInterval how often progress is logged; zero for never
 * @param timeout          how long the run may take before it gives up on the missing replies;
 *                         zero for no limit
 * @param plain            send bare message texts, as the original client does, instead of
 *                         enveloped ones: works with the original's workers, but duplicate replies
 *                         cannot be told apart
 * @param pack             requests packed into one queue message at most (and their replies into one
 *                         reply message), from 1 (no packing, the default) to {@value #MAX_PACK}; not
 *                         with {@code plain}: the original's workers do not read packs
 */
public record SendOptions(int window, Duration progressInterval, Duration timeout, boolean plain, int pack) {
    /** A window sized from the session, progress every 5 seconds, no time limit, enveloped requests, no packing. */
    public static final SendOptions DEFAULT = new SendOptions(0, Duration.ofSeconds(5), Duration.ZERO, false, 1);
    /** The most requests one queue message may pack. */
    public static final int MAX_PACK = 32;

    public SendOptions {
        if (window < 0) {
            throw new IllegalArgumentException("window (" + window + ") must be 0 (automatic) or more");
        }
        if (progressInterval.isNegative()) {
            throw new IllegalArgumentException("progressInterval (" + progressInterval + ") must not be negative");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout (" + timeout + ") must not be negative");
        }
        if (pack < 1 || pack > MAX_PACK) {
            throw new IllegalArgumentException("pack (" + pack + ") must be from 1 to " + MAX_PACK);
        }
        if (plain && pack > 1) {
            throw new IllegalArgumentException("pack (" + pack + ") must be 1 for plain requests: the original's workers"
                    + " do not read packed messages");
        }
    }

    /** These options with another window. */
    public SendOptions withWindow(int newWindow) {
        return new SendOptions(newWindow, progressInterval, timeout, plain, pack);
    }

    /** These options with another time limit (zero for none). */
    public SendOptions withTimeout(Duration newTimeout) {
        return new SendOptions(window, progressInterval, newTimeout, plain, pack);
    }

    /** These options, sending plain or enveloped requests. */
    public SendOptions withPlain(boolean newPlain) {
        return new SendOptions(window, progressInterval, timeout, newPlain, pack);
    }

    /** These options, packing up to {@code newPack} requests into one queue message (1: no packing). */
    public SendOptions withPack(int newPack) {
        return new SendOptions(window, progressInterval, timeout, plain, newPack);
    }
}
