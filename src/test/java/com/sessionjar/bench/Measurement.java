package com.sessionjar.bench;

import java.util.OptionalDouble;

/**
 * What one scenario of one repetition came to; a figure the run could not give is empty.
 *
 * @param throughput        round trips per second
 * @param transactionsPerRt storage transactions (client and workers) per round trip
 * @param p50Ms             median round-trip latency, ms
 * @param p99Ms             99th-percentile round-trip latency, ms
 * @param workerRssMb       the largest peak resident set (VmHWM) of the session's workers, MB
 * @param clientRssMb       the client's peak resident set, MB (for session.jar: both of its JVMs)
 */
record Measurement(OptionalDouble throughput, OptionalDouble transactionsPerRt, OptionalDouble p50Ms,
                   OptionalDouble p99Ms, OptionalDouble workerRssMb, OptionalDouble clientRssMb) {
}
