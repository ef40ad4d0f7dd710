package com.sessionjar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.CapturedStderr;
import com.sessionjar.FixedHttpResponse;
import com.sessionjar.protocol.QueueLengthMetric;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The nodes' metric publication, through the production pipeline (retry, bearer token) over an HTTP client that
 * records the request in memory: nothing leaves the process. The request is checked against Azure Monitor's published
 * ingestion example (AzureMetrics_IngestMetrics.json): path, token audience, headers and the body's shape.
 */
class QueueLengthPublisherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCALE_SET = "/subscriptions/9fda6ae5-1210-43b9-a2da-703f0cdc253e/resourceGroups/"
            + "clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-rg/providers/Microsoft.Compute/virtualMachineScaleSets/"
            + "clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-nodes";
    private static final QueueLengthMetric METRIC = new QueueLengthMetric(QueueLengthMetric.endpointFor("westeurope"),
            SCALE_SET);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T15:04:05.678Z"), ZoneOffset.UTC);

    private final List<HttpRequest> sent = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<List<String>> scopes = new CopyOnWriteArrayList<>();
    private final TokenCredential credential = request -> {
        scopes.add(request.getScopes());
        return Mono.just(new AccessToken("token-for-monitoring", OffsetDateTime.now().plusHours(1)));
    };

    /** An HTTP client that records each request and answers the {@code statuses} in turn (then 200), in memory. */
    private HttpClient answering(int... statuses) {
        Iterator<Integer> next = java.util.Arrays.stream(statuses).iterator();
        return request -> Mono.fromCallable(() -> {
            sent.add(request);
            bodies.add(request.getBodyAsBinaryData().toString());
            int status = next.hasNext() ? next.next() : 200;
            // AzureMetrics_IngestMetrics.json's answer.
            return new FixedHttpResponse(request, status, "{\"statusCode\":" + status + "}");
        });
    }

    private QueueLengthPublisher publisher(long length, HttpClient client) {
        return new QueueLengthPublisher(METRIC, () -> length, QueueLengthPublisher.pipeline(credential, client), CLOCK);
    }

    @Test
    void publish_postsTheQueueLength_asAzureMonitorsIngestionExampleDoes() throws IOException {
        int status = publisher(42, answering(200)).publish();

        assertEquals(200, status);
        assertEquals(1, sent.size());
        HttpRequest request = sent.get(0);
        assertEquals("POST", request.getHttpMethod().name());
        assertEquals("https://westeurope.monitoring.azure.com" + SCALE_SET + "/metrics", request.getUrl().toString());
        assertEquals("Bearer token-for-monitoring", request.getHeaders().getValue("Authorization"));
        assertEquals(List.of(List.of("https://monitoring.azure.com//.default")), scopes);
        assertEquals("application/json", request.getHeaders().getValue("Content-Type"));

        JsonNode body = JSON.readTree(bodies.get(0));
        JsonNode example = example().at("/parameters/body");
        assertEquals(fields(example), fields(body), "the same fields as the published example");
        assertEquals("2026-12-05T15:04:05Z", body.get("time").asText());
        assertEquals(QueueLengthMetric.NAME, body.at("/data/baseData/metric").asText());
        assertEquals(QueueLengthMetric.NAMESPACE, body.at("/data/baseData/namespace").asText());
        JsonNode sample = body.at("/data/baseData/series/0");
        assertEquals(42, sample.get("min").asLong());
        assertEquals(42, sample.get("max").asLong());
        assertEquals(42, sample.get("sum").asLong());
        assertEquals(1, sample.get("count").asInt(), "one sample a minute from each node: the minute's average is the length");
        // The example's path parameters, in the path's order, with our scale set's values.
        assertEquals("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{resourceProvider}/"
                + "{resourceTypeName}/{resourceName}/metrics", request.getUrl().getPath()
                .replaceFirst("/subscriptions/[^/]+/resourceGroups/[^/]+/providers/[^/]+/[^/]+/[^/]+/metrics$",
                        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{resourceProvider}/"
                                + "{resourceTypeName}/{resourceName}/metrics"));
        assertTrue(example().at("/parameters/Authorization").asText().contains(QueueLengthMetric.AUDIENCE));
    }

    @Test
    void publishQuietly_logsEachKindOfFailureOnce_andNeverThrows() {
        String log = CapturedStderr.of(() -> {
            QueueLengthPublisher refused = publisher(5, answering(403, 403, 403));
            refused.publishQuietly();
            refused.publishQuietly();
            refused.publishQuietly();
            QueueLengthPublisher unreadable = new QueueLengthPublisher(METRIC, () -> {
                throw new IllegalStateException("queue gone");
            }, QueueLengthPublisher.pipeline(credential, answering()), CLOCK);
            unreadable.publishQuietly();
            unreadable.publishQuietly();
        });

        assertEquals(3, sent.size(), "each minute tries again");
        assertEquals(1, count(log, "Azure Monitor refused the queue length metric (HTTP 403)"), log);
        assertEquals(1, count(log, "Cannot publish the queue length metric: queue gone"), log);
    }

    @Test
    void fromEnvironment_publishesOnlyWhenTheNodeScriptAsks() {
        assertEquals(Optional.empty(), QueueLengthMetric.fromEnvironment(Map.of()));
        assertEquals(Optional.of(METRIC), QueueLengthMetric.fromEnvironment(Map.of(
                QueueLengthMetric.RESOURCE_ID, SCALE_SET, QueueLengthMetric.ENDPOINT, METRIC.endpoint() + "/")));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> QueueLengthMetric.fromEnvironment(Map.of(QueueLengthMetric.RESOURCE_ID, SCALE_SET,
                        QueueLengthMetric.ENDPOINT, "http://169.254.169.254")));
        assertTrue(e.getMessage().startsWith(QueueLengthMetric.ENDPOINT + " (http://169.254.169.254) must be an https://"));
    }

    private static JsonNode example() throws IOException {
        try (InputStream in = QueueLengthPublisherTest.class.getResourceAsStream(
                "/com/sessionjar/cluster/azure/examples/AzureMetrics_IngestMetrics.json")) {
            return JSON.readTree(in);
        }
    }

    /** Every field path of {@code node}, arrays by their first element. */
    private static TreeSet<String> fields(JsonNode node) {
        TreeSet<String> paths = new TreeSet<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String at, TreeSet<String> paths) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                paths.add(at + "/" + name);
                collect(node.get(name), at + "/" + name, paths);
            });
        } else if (node.isArray() && node.size() > 0 && node.get(0).isContainerNode()) {
            collect(node.get(0), at + "/0", paths);
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
