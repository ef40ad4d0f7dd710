package com.sessionjar.session;

import com.sessionjar.protocol.TransactionCounts;
import java.time.Duration;
import java.util.Locale;

/**
 * The outcome of a send-and-receive run.
 *
 * @param requested    requests the run was to send
 * @param sent         requests sent
 * @param resent       requests sent again, their replies overdue (see docs/how-it-works.md, Faults), each time counted
 * @param received     requests answered (each counted once, however many replies it got)
 * @param errors       answers that were not good (an echo that differs, a gRPC error, a poisoned request, ...)
 * @param poisoned     requests a worker gave up on and moved to the poison queue (among the errors)
 * @param damaged      requests whose reply came damaged (its body differs from its checksum), so it
 *                     is not handed out as an answer (among the errors; it is not resent)
 * @param duplicates   second and later replies to an answered request, ignored
 * @param unmatched    replies that answer no request of this run (an earlier run's), deleted
 * @param timedOut     whether the run ended at its time limit, with replies missing
 * @param firstProblem what was wrong with the first bad answer, or null
 * @param elapsed      wall time from the first send to the last reply
 * @param latency      how long round trips took, or null if there was no reply
 * @param transactions the storage transactions the run made, or null if they were not counted
 */
public record SendResult(long requested, long sent, long resent, long received, long errors, long poisoned, long damaged,
                         long duplicates, long unmatched, boolean timedOut, String firstProblem, Duration elapsed, Latency latency,
                         Transactions transactions) {
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

    /** This result with the storage transactions the run made. */
    public SendResult with(Transactions transactions) {
        return new SendResult(requested, sent, resent, received, errors, poisoned, damaged, duplicates, unmatched, timedOut,
                firstProblem, elapsed, latency, transactions);
    }

    /**
     * What the run cost, in one line: storage transactions per round trip and round-trip times, e.g.
     * {@code Storage transactions: 4.31 per round trip (client 2.06, workers 2.25); round trips took 24 ms (p50), 61 ms (p99)}.
     * Null if there is nothing to say (no reply).
     */
    public String costs() {
        if (received == 0 || transactions == null && latency == null) {
            return null;
        }
        StringBuilder line = new StringBuilder();
        if (transactions != null) {
            double client = (double) transactions.client().total() / received;
            line.append(transactions.workers() == null
                    ? String.format(Locale.ROOT, "Storage transactions: %.2f per round trip by this client (its workers'"
                    + " are not counted here)", client)
                    : String.format(Locale.ROOT, "Storage transactions: %.2f per round trip (client %.2f, workers %.2f)",
                    transactions.perRoundTrip(received), client, (double) transactions.workers().total() / received));
        }
        if (latency != null) {
            line.append(line.length() == 0 ? "Round trips" : "; round trips").append(String.format(Locale.ROOT,
                    " took %d ms (p50), %d ms (p99)", latency.p50().toMillis(), latency.p99().toMillis()));
        }
        return line.toString();
    }

    /** Every request accounted for, in one line. */
    public String accounting() {
        return String.format(Locale.ROOT, "Requests %d: sent %d, answered %d (%d in error, %d poisoned, %d damaged),"
                + " missing %d; duplicate replies %d, unmatched replies %d; resent %d", requested, sent, received, errors,
                poisoned, damaged, missing(), duplicates, unmatched, resent);
    }

    /** Round-trip times: the median and the 99th percentile. */
    public record Latency(Duration p50, Duration p99) {
        static Latency of(Latencies latencies) {
            return latencies.count() == 0 ? null : new Latency(latencies.percentile(50), latencies.percentile(99));
        }
    }

    /**
     * Storage transactions made during a run, each try of a retried request counted.
     *
     * @param client  by this client, through the session's account
     * @param workers by the session's workers, for every client they served meanwhile; null if not
     *                known (only a local session's workers report theirs)
     */
    public record Transactions(TransactionCounts client, TransactionCounts workers) {
        /**
         * A run's transactions, {@code roundTrips} replies in. Workers that report none for a run
         * with replies have not reported it yet (no reply comes without their receive, send and
         * delete): their figure is not known, rather than 0.
         */
        static Transactions of(TransactionCounts client, TransactionCounts workers, long roundTrips) {
            return new Transactions(client, workers != null && workers.total() == 0 && roundTrips > 0 ? null : workers);
        }

        /** Client's and workers' transactions per round trip; the client's alone if the workers' are not known. */
        public double perRoundTrip(long roundTrips) {
            long total = client.total() + (workers == null ? 0 : workers.total());
            return roundTrips == 0 ? 0 : (double) total / roundTrips;
        }
    }
}
