package com.sessionjar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.Plan;
import com.sessionjar.protocol.TransactionCounts;
import com.sessionjar.session.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aSendSummaryHasItsLatencyAndTransactions() throws Exception {
        SendResult result = new SendResult(100, 100, 100, 0, 0, 1, 0, false, null, Duration.ofMillis(2500),
                new SendResult.Latency(Duration.ofNanos(24_500_000), Duration.ofMillis(61)),
                new SendResult.Transactions(new TransactionCounts(100, 10, 100, 0, 2), new TransactionCounts(100, 25, 100, 0, 0)));

        JsonNode send = MAPPER.readTree(Json.send(result).toString());

        assertEquals(100, send.get("received").asLong());
        assertEquals(1, send.get("duplicates").asLong());
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
        SendResult result = new SendResult(4, 4, 0, 0, 0, 0, 0, true, null, Duration.ofSeconds(1), null,
                new SendResult.Transactions(new TransactionCounts(4, 7, 0, 0, 1), null));

        JsonNode send = MAPPER.readTree(Json.send(result).toString());

        assertFalse(send.has("latencyMs"));
        assertEquals(12, send.at("/transactions/client").asLong());
        assertFalse(send.get("transactions").has("workers"));
        assertFalse(send.get("transactions").has("perRoundTrip"), "a figure without the workers' would mislead");
        assertTrue(send.get("transactions").has("clientPerRoundTrip"));
        assertTrue(send.get("timedOut").asBoolean());
    }

    @Test
    void aPlanStepsNote_comesBetweenPathAndBody_andAStepWithoutOneHasNone() throws Exception {
        ClusterId id = ClusterId.parse("local:c49d8c24-3062-44b8-9a80-8e8164d4d340");
        Plan plan = new Plan("update", id, "azure", Map.of(), null, null, List.of(
                new Plan.Request("GET", "/a", null, "read first"),
                new Plan.Request("PUT", "/a", "{\"x\":1}")), null);

        String json = Json.plan(plan);
        JsonNode steps = MAPPER.readTree(json).get("requests");

        assertEquals("read first", steps.get(0).get("note").asText());
        assertFalse(steps.get(0).has("body"));
        assertFalse(steps.get(1).has("note"), "a step made as shown, as create and delete plans have them, has no note");
        assertEquals(List.of("method", "path", "note"), fieldNames(steps.get(0)));
        assertEquals(List.of("method", "path", "body"), fieldNames(steps.get(1)));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
