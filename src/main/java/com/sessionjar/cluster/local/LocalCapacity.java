package com.sessionjar.cluster.local;

import com.sessionjar.cluster.ClusterConfig;
import java.util.Optional;

/**
 * Whether a local session asks for more worker processes than this machine can usefully run.
 * Each node is a JVM on this machine, beside Azurite and the client; past a few per core they only
 * take CPU from one another. Issue 20 measured it on 2 cores: 32 nodes gave 81 msg/s (p50 11.4 s)
 * where one node gave 335 msg/s. More than {@link #NODES_PER_CORE} per core is warned about;
 * more than {@link LocalClusterProvider#MAX_NODES} is refused.
 */
final class LocalCapacity {
    /** Worker processes per core beyond which a local session is warned about. */
    static final int NODES_PER_CORE = 2;

    private LocalCapacity() {
    }

    /** The warning for {@code config} on a machine of {@code cores} cores, if it asks for too many nodes. */
    static Optional<String> warning(ClusterConfig config, int cores) {
        int most = Math.max(config.nodeCount(), config.maxNodeCount());
        int fit = NODES_PER_CORE * cores;
        if (most <= fit) {
            return Optional.empty();
        }
        String key = config.autoScale() == null ? "NodeCount (" + most + ")" : "AutoScale.MaxNodeCount (" + most + ")";
        return Optional.of(key + " is more than " + NODES_PER_CORE + " worker processes per core of this machine ("
                + cores + (cores == 1 ? " core" : " cores") + ", so " + fit + "): local workers then take CPU from each"
                + " other and Azurite, and the session gets slower, not faster (32 nodes on 2 cores: 81 msg/s, p50 11.4 s,"
                + " against 335 msg/s with one node); fewer nodes with a higher Worker__Concurrency do better");
    }
}
