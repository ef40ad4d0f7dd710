package com.sessionjar.session;

import java.time.Duration;
import java.util.Locale;

/**
 * The outcome of a send-and-receive run.
 *
 * @param requested    requests the run was to send
 * @param sent         requests sent
 * @param received     requests answered (each counted once, however many replies it got)
 * @param errors       answers that were not good (an echo that differs, a gRPC error, a poisoned request, ...)
 * @param poisoned     requests a worker gave up on and moved to the poison queue (among the errors)
 * @param duplicates   second and later replies to an answered request, ignored
 * @param unmatched    replies that answer no request of this run (an earlier run's), deleted
 * @param timedOut     whether the run ended at its time limit, with replies missing
 * @param firstProblem what was wrong with the first bad answer, or null
 * @param elapsed      wall time from the first send to the last reply
 */
public record SendResult(long requested, long sent, long received, long errors, long poisoned, long duplicates,
                         long unmatched, boolean timedOut, String firstProblem, Duration elapsed) {
    /** Requests with no answer: not sent, or sent and not answered in time. */
    public long missing() {
        return requested - received;
    }

    /** Round trips per second. */
    public double throughput() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? received / seconds : 0;
    }

    /** Whether every request got a correct reply. */
    public boolean isComplete() {
        return received == requested && errors == 0;
    }

    /** The original's summary line: {@code Sent and received N messages in S seconds. Throughput=T}. */
    public String summary() {
        return String.format(Locale.ROOT, "Sent and received %d messages in %.3f seconds. Throughput=%.3f", received,
                elapsed.toNanos() / 1e9, throughput());
    }

    /** Every request accounted for, in one line. */
    public String accounting() {
        return String.format(Locale.ROOT, "Requests %d: sent %d, answered %d (%d in error, %d poisoned), missing %d;"
                + " duplicate replies %d, unmatched replies %d", requested, sent, received, errors, poisoned, missing(),
                duplicates, unmatched);
    }
}
