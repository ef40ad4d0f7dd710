package com.sessionjar.worker;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionjar.protocol.QueueLengthMetric;
import com.sessionjar.queue.Errors;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the request queue's approximate length, every {@link #INTERVAL}, as the custom metric
 * {@link QueueLengthMetric#NAMESPACE}/{@link QueueLengthMetric#NAME} on the session's scale set, through Azure
 * Monitor's custom-metrics ingestion API, signed in as the scale set's managed identity. Azure Monitor autoscale
 * reads it. Every node publishes the same figure; the rules average it over the nodes' samples, so the count of
 * nodes publishing does not change it. A failed publication is logged once per kind and never stops the worker.
 */
final class QueueLengthPublisher {
    /** Azure Monitor's custom metrics are pre-aggregated per minute: one sample a minute. */
    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(QueueLengthPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QueueLengthMetric metric;
    private final LongSupplier queueLength;
    private final HttpPipeline pipeline;
    private final Clock clock;
    /** Concurrent: the kinds of failure already logged, so a failing endpoint is reported once, not every minute. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /** Publishes {@code queueLength} as {@code metric} through {@code pipeline} (which signs the requests in). */
    QueueLengthPublisher(QueueLengthMetric metric, LongSupplier queueLength, HttpPipeline pipeline, Clock clock) {
        this.metric = metric;
        this.queueLength = queueLength;
        this.pipeline = pipeline;
        this.clock = clock;
    }

    /**
     * The pipeline of the node: the SDK's retry policy, then a bearer token for {@link QueueLengthMetric#SCOPE}
     * from {@code credential}, over {@code client} (null: azure-core's default client).
     */
    static HttpPipeline pipeline(TokenCredential credential, HttpClient client) {
        HttpPipelineBuilder builder = new HttpPipelineBuilder().policies(new RetryPolicy(),
                new BearerTokenAuthenticationPolicy(credential, QueueLengthMetric.SCOPE));
        return (client == null ? builder : builder.httpClient(client)).build();
    }

    /**
     * The node's managed identity: the scale set's system-assigned identity, from the instance metadata service, over
     * {@code client} (null: azure-core's default client). azure-identity takes the service's address from the
     * environment ({@code AZURE_POD_IDENTITY_AUTHORITY_HOST}), which is how tests point it at a stand-in.
     */
    static TokenCredential managedIdentity(HttpClient client) {
        ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
        return (client == null ? builder : builder.httpClient(client)).build();
    }

    /** Publishes now and then every {@link #INTERVAL} on {@code scheduler}, which the caller owns. */
    void start(ScheduledExecutorService scheduler) {
        LOG.info("Publishing the request queue's length as {}/{} to {} every {} s", QueueLengthMetric.NAMESPACE,
                QueueLengthMetric.NAME, metric.url(), INTERVAL.toSeconds());
        scheduler.scheduleAtFixedRate(this::publishQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One publication; a failure is logged (once per kind) and swallowed: autoscale is not the worker's job. */
    void publishQuietly() {
        try {
            int status = publish();
            if (status / 100 != 2) {
                reportOnce("HTTP " + status, "Azure Monitor refused the queue length metric (HTTP " + status
                        + "): is the scale set's identity a Monitoring Metrics Publisher on it?");
            }
        } catch (RuntimeException e) {
            reportOnce(e.getClass().getName(), "Cannot publish the queue length metric: " + Errors.oneLine(e));
        }
    }

    /** Reads the queue's length and POSTs it; returns the HTTP status. */
    int publish() {
        long length = queueLength.getAsLong();
        HttpRequest request = new HttpRequest(HttpMethod.POST, metric.url())
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
                .setBody(body(length));
        try (HttpResponse response = pipeline.sendSync(request, com.azure.core.util.Context.NONE)) {
            return response.getStatusCode();
        }
    }

    /** The documented body: time, then data.baseData with metric, namespace and one pre-aggregated sample. */
    String body(long length) {
        ObjectNode document = JSON.createObjectNode();
        document.put("time", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode baseData = document.putObject("data").putObject("baseData");
        baseData.put("metric", QueueLengthMetric.NAME);
        baseData.put("namespace", QueueLengthMetric.NAMESPACE);
        baseData.putArray("dimNames");
        ObjectNode sample = baseData.putArray("series").addObject();
        sample.putArray("dimValues");
        sample.put("min", length);
        sample.put("max", length);
        sample.put("sum", length);
        sample.put("count", 1);
        return document.toString();
    }

    private void reportOnce(String kind, String message) {
        if (reported.add(kind)) {
            LOG.warn("{} (said once; the worker goes on)", message);
        }
    }
}
