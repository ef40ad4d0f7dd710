package com.sessionjar.cluster.local;

import com.sessionjar.BadInputException;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.protocol.WorkerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The checks of a local session's config that the shared check does not make: what this machine can run. */
final class LocalConfigCheck {
    private static final Logger LOG = LoggerFactory.getLogger(LocalClusterProvider.class);

    private LocalConfigCheck() {
    }

    /** Refuses, before anything is made, what a local session cannot run. */
    static void runnable(ClusterConfig config) {
        config.check();
        if (config.nodeCount() > LocalClusterProvider.MAX_NODES) {
            throw new BadInputException("NodeCount (" + config.nodeCount() + ") must be at most " + LocalClusterProvider.MAX_NODES
                    + " for a local session: each node is a process on this machine");
        }
        if (config.maxNodeCount() > LocalClusterProvider.MAX_NODES) {
            throw new BadInputException("AutoScale.MaxNodeCount (" + config.maxNodeCount() + ") must be at most " + LocalClusterProvider.MAX_NODES
                    + " for a local session: each node is a process on this machine");
        }
        LocalCapacity.warning(config, Runtime.getRuntime().availableProcessors()).ifPresent(LOG::warn);
        queueName(ClusterId.newLocal(), config.queueOptions().requestQueueName() + WorkerSettings.POISON_SUFFIX);
        queueName(ClusterId.newLocal(), config.queueOptions().responseQueueName());
    }

    /** Refuses an update that renames the session's queues: they are made once, at create. */
    static void queueNamesKept(ClusterConfig old, ClusterConfig config) {
        if (!old.queueOptions().requestQueueName().equals(config.queueOptions().requestQueueName())
                || !old.queueOptions().responseQueueName().equals(config.queueOptions().responseQueueName())) {
            throw new BadInputException("QueueOptions queue names cannot change on update (the session has '"
                    + old.queueOptions().requestQueueName() + "' and '" + old.queueOptions().responseQueueName()
                    + "'): create a new session instead");
        }
    }

    /** A session's queue in the shared Azurite account: {@code clw-<guid>-<name>}, at most 63 characters. */
    static String queueName(ClusterId id, String name) {
        String queue = id.resourceName(name);
        if (queue.length() > 63) {
            throw new BadInputException("QueueOptions queue name '" + name + "' is too long for a local session: "
                    + "at most " + (63 - id.resourceName("").length()) + " characters");
        }
        return queue;
    }
}
