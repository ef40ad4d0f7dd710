package com.sessionjar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.protocol.TransactionCounts;
import com.sessionjar.session.SendResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aSendSummaryHasItsLatencyAndTransactions() throws Exception {
        SendResult result = new SendResult(100, 100, 100, 0, 0, 0, 1, 0, false, null, Duration.ofMillis(2500),
                new SendResult.Latency(Duration.ofNanos(24_500_000), Duration.ofMillis(61)),
                new SendResult.Transactions(new TransactionCounts(100, 10, 100, 0, 2), new TransactionCounts(100, 25, 100, 0, 0)));

        JsonNode send = MAPPER.readTree(Json.send(result).toString());

        assertEquals(100, send.get("received").asLong());
        assertEquals(1, send.get("duplicates").asLong());
        assertEquals(0, send.get("damaged").asLong());
        assertEquals(2.5, send.get("seconds").asDouble());
        assertEquals(40.0, send.get("throughput").asDouble());
        assertEquals(24.5, send.at("/latencyMs/p50").asDouble());
        assertEquals(61.0, send.at("/latencyMs/p99").asDouble());
        assertEquals(212, send.at("/transactions/client").asLong());
        assertEquals(225, send.at("/transactions/workers").asLong());
        assertEquals(4.37, send.at("/transactions/perRoundTrip").asDouble());
    }

    @Test
    void withoutTheWorkersCountOnlyTheClientsIsGiven_andNoReplyNoLatency() throws Exception {
        SendResult result = new SendResult(4, 4, 0, 0, 0, 0, 0, 0, true, null, Duration.ofSeconds(1), null,
                new SendResult.Transactions(new TransactionCounts(4, 7, 0, 0, 1), null));

        JsonNode send = MAPPER.readTree(Json.send(result).toString());

        assertFalse(send.has("latencyMs"));
        assertEquals(12, send.at("/transactions/client").asLong());
        assertFalse(send.get("transactions").has("workers"));
        assertFalse(send.get("transactions").has("perRoundTrip"), "a figure without the workers' would mislead");
        assertTrue(send.get("transactions").has("clientPerRoundTrip"));
        assertTrue(send.get("timedOut").asBoolean());
    }
}
