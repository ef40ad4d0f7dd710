package com.sessionjar.protocol;

import com.sessionjar.BadInputException;
import com.sessionjar.protocol.Settings;
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
 * @param queryInterval     {@value #QUERY_INTERVAL} in ms, default 3000: the longest wait between polls of an empty queue
 * @param maxDequeueCount   {@value #MAX_DEQUEUE_COUNT}, default 5: attempts before a request is moved to the poison queue
 * @param concurrency       {@value #CONCURRENCY}, default 10: requests in flight at once
 * @param service           {@value #SERVICE}, default echo: the service to run
 */
public record WorkerSettings(String connectionString, String requestQueue, String responseQueue,
                             Duration messageLease, Duration queryInterval, int maxDequeueCount, int concurrency,
                             String service) {
    public static final String QUEUE_TYPE = "Queues__QueueType";
    /** The queue connection string, which carries the storage account key: a secret, never given to child programs. */
    public static final String CONNECTION_STRING = "Queues__ConnectionString";
    public static final String REQUEST_QUEUE = "Queues__Request__QueueName";
    public static final String RESPONSE_QUEUE = "Queues__Response__QueueName";
    public static final String MESSAGE_LEASE = "Queues__MessageLease";
    public static final String QUERY_INTERVAL = "Queues__QueryInterval";
    public static final String MAX_DEQUEUE_COUNT = "Queues__MaxDequeueCount";
    /** Attempts at a request before it is moved to the poison queue, as Azure Functions' queue trigger. */
    public static final int DEFAULT_MAX_DEQUEUE_COUNT = 5;
    /** What the poison queue's name adds to the request queue's. */
    public static final String POISON_SUFFIX = "-poison";
    public static final String CONCURRENCY = "Worker__Concurrency";
    public static final String SERVICE = "Worker__Service";
    /** Environment variable: a file the worker creates once it is ready to take requests (none if unset). */
    public static final String READY_FILE = "Worker__ReadyFile";
    /** The worker's main class in session.jar: {@code java -cp session.jar <MAIN_CLASS>} runs a worker. */
    public static final String MAIN_CLASS = "com.sessionjar.worker.WorkerMain";
    /** The one queue type this worker speaks. */
    public static final String STORAGE_QUEUE = "AzureStorageQueue";

    public WorkerSettings {
        Objects.requireNonNull(connectionString, "connectionString");
        Objects.requireNonNull(requestQueue, "requestQueue");
        Objects.requireNonNull(responseQueue, "responseQueue");
        Objects.requireNonNull(service, "service");
        if (maxDequeueCount < 1) {
            throw new IllegalArgumentException("maxDequeueCount (" + maxDequeueCount + ") must be at least 1");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency (" + concurrency + ") must be at least 1");
        }
    }

    /**
     * Reads the settings from {@code environment}.
     *
     * @throws BadInputException naming the first missing or bad variable
     */
    public static WorkerSettings fromEnvironment(Map<String, String> environment) {
        String queueType = Settings.text(environment, QUEUE_TYPE, STORAGE_QUEUE);
        if (!queueType.toLowerCase(Locale.ROOT).replace("azure", "").equals("storagequeue")) {
            throw new BadInputException(QUEUE_TYPE + " (" + queueType + ") is not supported: this worker speaks "
                    + STORAGE_QUEUE + " only");
        }
        return new WorkerSettings(
                required(environment, CONNECTION_STRING),
                required(environment, REQUEST_QUEUE),
                required(environment, RESPONSE_QUEUE),
                Duration.ofSeconds(Settings.number(environment, MESSAGE_LEASE, 60, 1, 7 * 24 * 3600)),
                Duration.ofMillis(Settings.number(environment, QUERY_INTERVAL, 3000, 1, 600_000)),
                (int) Settings.number(environment, MAX_DEQUEUE_COUNT, DEFAULT_MAX_DEQUEUE_COUNT, 1, 1000),
                (int) Settings.number(environment, CONCURRENCY, 10, 1, 10_000),
                Settings.text(environment, SERVICE, ServiceKind.ECHO.configName()));
    }

    /** The queue requests that keep failing are moved to: {@code <request queue>-poison}. */
    public String poisonQueue() {
        return requestQueue + POISON_SUFFIX;
    }

    private static String required(Map<String, String> environment, String key) {
        String value = Settings.text(environment, key, null);
        if (value == null) {
            throw new BadInputException(key + " is not set: the worker needs it to find its queues");
        }
        return value;
    }

    @Override
    public String toString() {
        return "WorkerSettings[requestQueue=" + requestQueue + ", responseQueue=" + responseQueue
                + ", messageLease=" + messageLease.toSeconds() + "s, queryInterval=" + queryInterval.toMillis()
                + "ms, maxDequeueCount=" + maxDequeueCount + ", concurrency=" + concurrency + ", service=" + service + "]";
    }
}
