package com.sessionjar.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalDouble;

/**
 * The {@code send} part of session.jar's {@code --output json} summary, read defensively: a field
 * an older session.jar does not print (transactions, latencies) is empty, not an error.
 *
 * @param requested         requests asked for
 * @param received          requests answered
 * @param errors            answers in error
 * @param missing           requests without an answer
 * @param throughput        round trips per second
 * @param transactionsPerRt {@code transactions.perRoundTrip}
 * @param p50Ms             {@code latencyMs.p50}
 * @param p99Ms             {@code latencyMs.p99}
 * @param seconds           how long the send took
 */
record SendSummary(long requested, long received, long errors, long missing, OptionalDouble throughput,
                   OptionalDouble transactionsPerRt, OptionalDouble p50Ms, OptionalDouble p99Ms, OptionalDouble seconds) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The summary in the last line of {@code stdout} that is a JSON object with a {@code send} member. */
    static SendSummary parse(String stdout) {
        String[] lines = stdout.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException("session.jar printed a line that is not JSON: " + line, e);
            }
            JsonNode send = node.path("send");
            if (send.isObject()) {
                return of(send);
            }
        }
        throw new IllegalArgumentException("no JSON summary with \"send\" in session.jar's output: " + stdout);
    }

    private static SendSummary of(JsonNode send) {
        return new SendSummary(send.path("requested").asLong(-1), send.path("received").asLong(-1),
                send.path("errors").asLong(-1), send.path("missing").asLong(-1), number(send.path("throughput")),
                number(send.path("transactions").path("perRoundTrip")), number(send.path("latencyMs").path("p50")),
                number(send.path("latencyMs").path("p99")), number(send.path("seconds")));
    }

    private static OptionalDouble number(JsonNode node) {
        return node.isNumber() ? OptionalDouble.of(node.asDouble()) : OptionalDouble.empty();
    }

    /** Whether every request was answered, and well. */
    boolean complete() {
        return received == requested && errors == 0 && missing == 0;
    }
}
