package com.sessionjar.cluster;

import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.protocol.Settings;
import com.sessionjar.protocol.WorkerSettings;
import java.util.Objects;

/**
 * A provisioned cluster: its id, the config it runs, and where its queues are.
 *
 * @param id            the cluster's (and its session's) id
 * @param config        the config the cluster was created or last updated with
 * @param queueAccount  the storage account holding its queues
 * @param requestQueue  the name of the request queue in that account
 * @param responseQueue the name of the response queue in that account
 */
public record Cluster(ClusterId id, ClusterConfig config, QueueAccount queueAccount, String requestQueue,
                      String responseQueue) {
    /** Requests a worker handles at once when the config does not set {@code Worker__Concurrency}. */
    public static final int DEFAULT_WORKER_CONCURRENCY = 10;

    public Cluster {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(queueAccount, "queueAccount");
        Objects.requireNonNull(requestQueue, "requestQueue");
        Objects.requireNonNull(responseQueue, "responseQueue");
    }

    /** The request queue. */
    public MessageQueue requests() {
        return queueAccount.queue(requestQueue);
    }

    /** The response queue. */
    public MessageQueue responses() {
        return queueAccount.queue(responseQueue);
    }

    /** The queue requests are moved to after {@code MaxDequeueCount} failed attempts. */
    public MessageQueue poison() {
        return queueAccount.queue(requestQueue + WorkerSettings.POISON_SUFFIX);
    }

    /** How many requests the whole cluster works on at once: nodes × each worker's concurrency. */
    public int capacity() {
        return config.nodeCount() * workerConcurrency(config);
    }

    /** A worker's concurrency under {@code config}: its {@code Worker__Concurrency} variable, or the default. */
    public static int workerConcurrency(ClusterConfig config) {
        return (int) Settings.number(config.environment(), WorkerSettings.CONCURRENCY, DEFAULT_WORKER_CONCURRENCY, 1, 10_000);
    }

    @Override
    public String toString() {
        return "Cluster[" + id + ", " + config.nodeCount() + " x " + config.service() + ", queues " + requestQueue + "/"
                + responseQueue + " in " + queueAccount + "]";
    }
}
