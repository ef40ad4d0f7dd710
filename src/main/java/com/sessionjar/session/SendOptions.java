package com.sessionjar.session;

import java.time.Duration;

/**
 * How {@link Session#sendAndReceive} paces a run.
 *
 * @param window           requests in flight at most (sent, reply not yet received); 0 sizes it from
 *                         the session's capacity
 * @param progressInterval how often progress is logged; zero for never
 */
public record SendOptions(int window, Duration progressInterval) {
    /** A window sized from the session, progress every 5 seconds. */
    public static final SendOptions DEFAULT = new SendOptions(0, Duration.ofSeconds(5));

    public SendOptions {
        if (window < 0) {
            throw new IllegalArgumentException("window (" + window + ") must be 0 (automatic) or more");
        }
        if (progressInterval.isNegative()) {
            throw new IllegalArgumentException("progressInterval (" + progressInterval + ") must not be negative");
        }
    }

    /** These options with another window. */
    public SendOptions withWindow(int newWindow) {
        return new SendOptions(newWindow, progressInterval);
    }
}
