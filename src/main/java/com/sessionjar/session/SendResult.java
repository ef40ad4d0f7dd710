package com.sessionjar.session;

import java.time.Duration;
import java.util.Locale;

/**
 * The outcome of a send-and-receive run.
 *
 * @param sent       requests sent
 * @param received   replies received (and deleted)
 * @param errors       replies that were not good answers (an echo that differs, a gRPC error, ...)
 * @param firstProblem what was wrong with the first of them, or null
 * @param elapsed      wall time from the first send to the last reply
 */
public record SendResult(long sent, long received, long errors, String firstProblem, Duration elapsed) {
    /** Round trips per second. */
    public double throughput() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? received / seconds : 0;
    }

    /** Whether every request got a correct reply. */
    public boolean isComplete() {
        return received == sent && errors == 0;
    }

    /** The original's summary line: {@code Sent and received N messages in S seconds. Throughput=T}. */
    public String summary() {
        return String.format(Locale.ROOT, "Sent and received %d messages in %.3f seconds. Throughput=%.3f", received,
                elapsed.toNanos() / 1e9, throughput());
    }
}
