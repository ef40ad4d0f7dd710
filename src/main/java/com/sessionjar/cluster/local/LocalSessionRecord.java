package com.sessionjar.cluster.local;

import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import java.util.List;

/**
 * What is recorded about a local session: enough to find its queues and workers again from its
 * id alone.
 *
 * @param id            the session id
 * @param config        the config it runs (secure values included: the file is user-only)
 * @param azuritePort   the port of the Azurite holding its queues
 * @param requestQueue  its request queue's name in Azurite
 * @param responseQueue its response queue's name in Azurite
 * @param workers       its worker processes, one per node
 * @param created       when it was created, an ISO-8601 instant; null in records of versions before --list
 */
record LocalSessionRecord(ClusterId id, ClusterConfig config, int azuritePort, String requestQueue,
                          String responseQueue, List<ProcessRecord> workers, String created) {
    LocalSessionRecord {
        workers = List.copyOf(workers);
    }

    LocalSessionRecord withConfig(ClusterConfig newConfig) {
        return new LocalSessionRecord(id, newConfig, azuritePort, requestQueue, responseQueue, workers, created);
    }

    LocalSessionRecord withWorkers(List<ProcessRecord> newWorkers) {
        return new LocalSessionRecord(id, config, azuritePort, requestQueue, responseQueue, newWorkers, created);
    }
}
