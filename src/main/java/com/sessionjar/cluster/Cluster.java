package com.sessionjar.cluster;

import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.protocol.Settings;
import com.sessionjar.protocol.WorkerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    /** The most messages {@link #scaleOutDepth} asks a client to keep in flight. */
    public static final int MOST_SCALE_OUT_DEPTH = 65_536;

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

    /**
     * Makes the request and response queues again, with {@code metadata}, if they are gone (deleted,
     * or lost by the queue service), as a create makes them; returns the names of those it made.
     */
    public List<String> makeMissingQueues(Map<String, String> metadata) {
        List<String> made = new ArrayList<>();
        for (MessageQueue queue : List.of(requests(), responses())) {
            if (queue.createIfNotExists(metadata)) {
                made.add(queue.name());
            }
        }
        return made;
    }

    /** The queue requests are moved to after {@code MaxDequeueCount} failed attempts. */
    public MessageQueue poison() {
        return queueAccount.queue(requestQueue + WorkerSettings.POISON_SUFFIX);
    }

    /**
     * How many requests the whole cluster works on at once at its largest: nodes × each worker's
     * concurrency, where nodes is {@code AutoScale.MaxNodeCount}, or {@code NodeCount} without it.
     */
    public int capacity() {
        return config.maxNodeCount() * workerConcurrency(config);
    }

    /**
     * With {@code AutoScale}, how many messages the request queue must hold for the session to grow
     * to {@code MaxNodeCount}: {@code MaxNodeCount × (concurrency + RequestsPerNode)}, at most
     * {@value #MOST_SCALE_OUT_DEPTH}. With one node short of the most, that leaves more than
     * {@code RequestsPerNode} per node waiting even after each worker took its concurrency's worth,
     * so the rule scales out whether the queue's length counts the messages workers hold (Azure's
     * and Azurite's approximate count do) or not. 0 without {@code AutoScale}.
     */
    public int scaleOutDepth() {
        AutoScale autoScale = config.autoScale();
        if (autoScale == null) {
            return 0;
        }
        long depth = (long) config.maxNodeCount() * (workerConcurrency(config) + autoScale.requestsPerNode());
        return (int) Math.min(MOST_SCALE_OUT_DEPTH, depth);
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
