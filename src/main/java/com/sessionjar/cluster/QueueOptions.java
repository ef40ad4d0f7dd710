package com.sessionjar.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The session's queues: their names and the message lease (seconds a taken request stays hidden
 * from other workers, renewed while it is processed).
 */
public record QueueOptions(@JsonProperty("RequestQueueName") String requestQueueName,
                           @JsonProperty("ResponseQueueName") String responseQueueName,
                           @JsonProperty("MessageLease") Integer messageLease) {
    /** {@code requests}, {@code responses}, a 60-second lease. */
    public static final QueueOptions DEFAULT = new QueueOptions(null, null, null);

    public QueueOptions {
        requestQueueName = requestQueueName == null ? "requests" : requestQueueName;
        responseQueueName = responseQueueName == null ? "responses" : responseQueueName;
        messageLease = messageLease == null ? 60 : messageLease;
    }
}
