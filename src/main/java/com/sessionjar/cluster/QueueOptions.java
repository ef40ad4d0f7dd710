package com.sessionjar.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.sessionjar.protocol.WorkerSettings;

/**
 * The session's queues: their names, the message lease (seconds a taken request stays hidden
 * from other workers, renewed while it is processed) and how many attempts a request gets before
 * it is moved to the poison queue ({@code <RequestQueueName>-poison}).
 */
public record QueueOptions(@JsonProperty("RequestQueueName") String requestQueueName,
                           @JsonProperty("ResponseQueueName") String responseQueueName,
                           @JsonProperty("MessageLease") Integer messageLease,
                           @JsonProperty("MaxDequeueCount") Integer maxDequeueCount) {
    /** {@code requests}, {@code responses}, a 60-second lease, 5 attempts per request. */
    public static final QueueOptions DEFAULT = new QueueOptions(null, null, null, null);

    public QueueOptions {
        requestQueueName = requestQueueName == null ? "requests" : requestQueueName;
        responseQueueName = responseQueueName == null ? "responses" : responseQueueName;
        messageLease = messageLease == null ? 60 : messageLease;
        maxDequeueCount = maxDequeueCount == null ? WorkerSettings.DEFAULT_MAX_DEQUEUE_COUNT : maxDequeueCount;
    }
}
