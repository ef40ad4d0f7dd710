package com.sessionjar.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code AutoScale}: the session grows with its request queue. {@code NodeCount} stays the smallest
 * size and the starting one; the session grows up to {@code MaxNodeCount} nodes while more than
 * {@code RequestsPerNode} requests wait per node, and shrinks back one node at a time once the queue
 * has stayed below that for {@code ScaleInAfterSeconds}.
 *
 * @param maxNodeCount        {@code MaxNodeCount}: the most nodes; required, at least {@code NodeCount}
 * @param requestsPerNode     {@code RequestsPerNode}: waiting requests per node above which a node is added, default 16
 * @param scaleInAfterSeconds {@code ScaleInAfterSeconds}: how long the queue stays below the threshold before a
 *                            node is removed, default 300
 */
public record AutoScale(@JsonProperty("MaxNodeCount") Integer maxNodeCount,
                        @JsonProperty("RequestsPerNode") Integer requestsPerNode,
                        @JsonProperty("ScaleInAfterSeconds") Integer scaleInAfterSeconds) {
    /** Waiting requests per node that add a node when the config names no figure. */
    public static final int DEFAULT_REQUESTS_PER_NODE = 16;
    /** Seconds below the threshold before a node is removed, when the config names no figure. */
    public static final int DEFAULT_SCALE_IN_AFTER_SECONDS = 300;
    /** The most nodes a session may scale to (an Azure scale set's own limit, and its autoscale setting's). */
    public static final int MOST_NODES = 1000;
    /** The longest {@code ScaleInAfterSeconds}: 12 hours, Azure Monitor autoscale's longest time window. */
    public static final int LONGEST_SCALE_IN_SECONDS = 12 * 3600;
    /** The most {@code RequestsPerNode}. */
    public static final int MOST_REQUESTS_PER_NODE = 100_000;

    public AutoScale {
        requestsPerNode = requestsPerNode == null ? DEFAULT_REQUESTS_PER_NODE : requestsPerNode;
        scaleInAfterSeconds = scaleInAfterSeconds == null ? DEFAULT_SCALE_IN_AFTER_SECONDS : scaleInAfterSeconds;
    }
}
