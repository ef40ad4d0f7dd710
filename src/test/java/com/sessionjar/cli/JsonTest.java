package com.sessionjar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.Plan;
import com.sessionjar.cluster.NodeStatus;
import com.sessionjar.cluster.QueueDepth;
import com.sessionjar.cluster.SessionStatus;
import com.sessionjar.cluster.SessionSummary;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.protocol.TransactionCounts;
import com.sessionjar.session.SendResult;
import com.sessionjar.session.SessionList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aSendSummaryHasItsLatencyAndTransactions() throws Exception {
        SendResult result = new SendResult(100, 100, 3, 100, 0, 0, 0, 1, 0, false, null, Duration.ofMillis(2500),
                new SendResult.Latency(Duration.ofNanos(24_500_000), Duration.ofMillis(61)),
                new SendResult.Transactions(new TransactionCounts(100, 10, 100, 0, 2), new TransactionCounts(100, 25, 100, 0, 0)));

        JsonNode send = MAPPER.readTree(Json.send(result).toString());

        assertEquals(100, send.get("received").asLong());
        assertEquals(1, send.get("duplicates").asLong());
        assertEquals(3, send.get("resent").asLong());
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
        SendResult result = new SendResult(4, 4, 0, 0, 0, 0, 0, 0, 0, true, null, Duration.ofSeconds(1), null,
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

    @Test
    void status_hasEachNodesKnownFields_queues_andCountersInTheStatsFilesForm() throws Exception {
        StatsFile.Stats stats = new StatsFile.Stats(new TransactionCounts(4, 3, 4, 0, 1), new StatsFile.Requests(4, 0, 0, 1, 0, 0, 0, 0));
        SessionStatus status = SessionStatus.of(ClusterId.parse("local:c49d8c24-3062-44b8-9a80-8e8164d4d340"), "echo",
                List.of(NodeStatus.local(1, 4242, true, Duration.ofSeconds(62), stats, null),
                        NodeStatus.local(2, 4243, false, null, null, "not running")),
                List.of(new QueueDepth("q-requests", QueueDepth.Role.REQUESTS, true, 7)), List.of());

        JsonNode json = MAPPER.readTree(Json.status(status));

        assertEquals("local", json.get("provider").asText());
        JsonNode first = json.at("/nodes/0");
        assertEquals("1", first.get("name").asText());
        assertEquals(4242, first.get("pid").asLong());
        assertTrue(first.get("alive").asBoolean());
        assertEquals(62, first.get("uptimeSeconds").asLong());
        assertEquals(4, first.at("/counters/requests/processed").asLong());
        assertEquals(12, first.at("/counters/transactions/total").asLong());
        assertFalse(first.has("provisioningState"), "a local node has no VM");
        JsonNode second = json.at("/nodes/1");
        assertEquals("dead", second.get("workerState").asText());
        assertFalse(second.has("uptimeSeconds") || second.has("counters"));
        assertEquals("not running", second.get("problem").asText());
        assertEquals("requests", json.at("/queues/0/role").asText());
        assertEquals(7, json.at("/queues/0/approximateCount").asLong());
        assertEquals(1, json.at("/counters/requests/poisoned").asLong());
        assertEquals(0, json.get("notes").size());
    }

    @Test
    void list_saysWhyAzureSessionsAreNotListed() throws Exception {
        JsonNode json = MAPPER.readTree(Json.list(new SessionList(List.of(new SessionSummary(
                ClusterId.parse("local:c49d8c24-3062-44b8-9a80-8e8164d4d340"), "grpc", 3, null, null)), "no credentials")));

        assertEquals("grpc", json.at("/sessions/0/service").asText());
        assertEquals(3, json.at("/sessions/0/nodeCount").asInt());
        assertTrue(json.at("/sessions/0/created").isNull());
        assertEquals("no credentials", json.get("azureNotListed").asText());
    }
}
