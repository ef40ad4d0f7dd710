package com.sessionjar.worker;

import com.sessionjar.ChildEnvironment;
import com.sessionjar.service.Settings;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A worker's settings, read from the original service host's environment variable names.
 *
 * @param connectionString  {@value #CONNECTION_STRING}: the storage account (a secret)
 * @param requestQueue      {@value #REQUEST_QUEUE}
 * @param responseQueue     {@value #RESPONSE_QUEUE}
 * @param messageLease      {@value #MESSAGE_LEASE} in seconds, default 60: how long a taken request stays hidden
 * @param queryInterval     {@value #QUERY_INTERVAL} in ms, default 500: the longest wait between polls of an empty queue
 * @param concurrency       {@value #CONCURRENCY}, default 10: requests in flight at once
 * @param service           {@value #SERVICE}, default echo: the service to run
 */
public record WorkerSettings(String connectionString, String requestQueue, String responseQueue,
                             Duration messageLease, Duration queryInterval, int concurrency, String service) {
    public static final String QUEUE_TYPE = "Queues__QueueType";
    public static final String CONNECTION_STRING = ChildEnvironment.QUEUE_CONNECTION_STRING;
    public static final String REQUEST_QUEUE = "Queues__Request__QueueName";
    public static final String RESPONSE_QUEUE = "Queues__Response__QueueName";
    public static final String MESSAGE_LEASE = "Queues__MessageLease";
    public static final String QUERY_INTERVAL = "Queues__QueryInterval";
    public static final String CONCURRENCY = "Worker__Concurrency";
    public static final String SERVICE = "Worker__Service";
    /** The one queue type this worker speaks. */
    public static final String STORAGE_QUEUE = "AzureStorageQueue";

    public WorkerSettings {
        Objects.requireNonNull(connectionString, "connectionString");
        Objects.requireNonNull(requestQueue, "requestQueue");
        Objects.requireNonNull(responseQueue, "responseQueue");
        Objects.requireNonNull(service, "service");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency (" + concurrency + ") must be at least 1");
        }
    }

    /**
     * Reads the settings from {@code environment}.
     *
     * @throws IllegalArgumentException naming the first missing or bad variable
     */
    public static WorkerSettings fromEnvironment(Map<String, String> environment) {
        String queueType = Settings.text(environment, QUEUE_TYPE, STORAGE_QUEUE);
        if (!queueType.toLowerCase(Locale.ROOT).replace("azure", "").equals("storagequeue")) {
            throw new IllegalArgumentException(QUEUE_TYPE + " (" + queueType + ") is not supported: this worker speaks "
                    + STORAGE_QUEUE + " only");
        }
        return new WorkerSettings(
                required(environment, CONNECTION_STRING),
                required(environment, REQUEST_QUEUE),
                required(environment, RESPONSE_QUEUE),
                Duration.ofSeconds(Settings.number(environment, MESSAGE_LEASE, 60, 1, 7 * 24 * 3600)),
                Duration.ofMillis(Settings.number(environment, QUERY_INTERVAL, 500, 1, 600_000)),
                (int) Settings.number(environment, CONCURRENCY, 10, 1, 10_000),
                Settings.text(environment, SERVICE, "echo"));
    }

    private static String required(Map<String, String> environment, String key) {
        String value = Settings.text(environment, key, null);
        if (value == null) {
            throw new IllegalArgumentException(key + " is not set: the worker needs it to find its queues");
        }
        return value;
    }

    @Override
    public String toString() {
        return "WorkerSettings[requestQueue=" + requestQueue + ", responseQueue=" + responseQueue
                + ", messageLease=" + messageLease.toSeconds() + "s, queryInterval=" + queryInterval.toMillis()
                + "ms, concurrency=" + concurrency + ", service=" + service + "]";
    }
}
