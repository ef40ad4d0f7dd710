package com.sessionjar.protocol;

import java.util.Map;
import java.util.Optional;

/**
 * The custom metric an Azure session's workers publish so that Azure Monitor autoscale can see the request
 * queue's length: its namespace and name, which the session's autoscale rules name, and the worker's
 * environment variables that turn publishing on. Without {@link #RESOURCE_ID} a worker publishes nothing.
 *
 * @param endpoint   {@value #ENDPOINT}: the region's ingestion endpoint, {@code https://<region>.monitoring.azure.com}
 * @param resourceId {@value #RESOURCE_ID}: the scale set the metric is published on (and the autoscale rules read)
 */
public record QueueLengthMetric(String endpoint, String resourceId) {
    /** The metric's namespace, as the autoscale rules name it ({@code metricNamespace}). */
    public static final String NAMESPACE = "sessionjar";
    /** The metric's name ({@code metricName}): the request queue's approximate message count. */
    public static final String NAME = "RequestQueueLength";
    public static final String ENDPOINT = "Worker__QueueLengthMetric__Endpoint";
    public static final String RESOURCE_ID = "Worker__QueueLengthMetric__ResourceId";
    /** The audience of the ingestion API's token: the trailing slash is required (Azure Monitor's docs). */
    public static final String AUDIENCE = "https://monitoring.azure.com/";
    /**
     * The scope that asks for a token of {@link #AUDIENCE}: the identity libraries take {@code /.default} off a scope
     * to name the resource, so the audience's own slash needs a second one ({@code ...azure.com//.default}).
     */
    public static final String SCOPE = AUDIENCE + "/.default";

    /** The regional ingestion endpoint of Azure's public cloud for {@code location}, e.g. {@code eastus}. */
    public static String endpointFor(String location) {
        return "https://" + location.replace(" ", "").toLowerCase(java.util.Locale.ROOT) + ".monitoring.azure.com";
    }

    /** The metric settings in {@code environment}, if the worker is to publish. */
    public static Optional<QueueLengthMetric> fromEnvironment(Map<String, String> environment) {
        String resourceId = environment.get(RESOURCE_ID);
        String endpoint = environment.get(ENDPOINT);
        if (resourceId == null || resourceId.isBlank()) {
            return Optional.empty();
        }
        if (endpoint == null || !endpoint.startsWith("https://")) {
            throw new IllegalArgumentException(ENDPOINT + " (" + endpoint + ") must be an https:// URL when "
                    + RESOURCE_ID + " is set");
        }
        return Optional.of(new QueueLengthMetric(endpoint.replaceAll("/+$", ""), resourceId));
    }

    /** Where the metric is POSTed: the endpoint, then the resource id, then {@code /metrics}. */
    public String url() {
        return endpoint + resourceId + "/metrics";
    }
}
