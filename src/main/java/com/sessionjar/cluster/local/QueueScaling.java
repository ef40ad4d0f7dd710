package com.sessionjar.cluster.local;

import com.sessionjar.cluster.AutoScale;
import java.time.Duration;
import java.time.Instant;

/**
 * The local autoscale rule, for one session: scale out as soon as more than
 * {@code RequestsPerNode} messages per node are in the request queue (to as many nodes as the
 * queue asks for, at most {@code MaxNodeCount}); scale in by one node once the queue has stayed
 * at or below {@code RequestsPerNode} per remaining node for {@code ScaleInAfterSeconds}, never
 * below {@code NodeCount}. The queue's approximate length counts every message in it, those
 * workers hold included. Not thread-safe (the supervisor has one thread).
 */
final class QueueScaling {
    private Instant quietSince;

    /**
     * The number of nodes the session should have now.
     *
     * @param nodes     how many it has
     * @param nodeCount its {@code NodeCount}, the fewest
     * @param autoScale its {@code AutoScale}
     * @param depth     its request queue's approximate length, in messages
     * @param now       the time of the reading
     */
    int target(int nodes, int nodeCount, AutoScale autoScale, long depth, Instant now) {
        int perNode = autoScale.requestsPerNode();
        if (depth > (long) perNode * nodes && nodes < autoScale.maxNodeCount()) {
            quietSince = null;
            long asked = (depth + perNode - 1) / perNode;
            return (int) Math.min(autoScale.maxNodeCount(), Math.max(nodes + 1, asked));
        }
        if (nodes > nodeCount && depth <= (long) perNode * (nodes - 1)) {
            if (quietSince == null) {
                quietSince = now;
            }
            if (!now.isBefore(quietSince.plus(Duration.ofSeconds(autoScale.scaleInAfterSeconds())))) {
                quietSince = now; // the next node goes after another quiet period
                return nodes - 1;
            }
            return nodes;
        }
        quietSince = null;
        return Math.max(nodes, nodeCount);
    }
}
