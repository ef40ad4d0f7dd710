package com.sessionjar.cluster;

import com.sessionjar.protocol.TransactionCounts;
import java.util.Optional;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Provides clusters somewhere: on this machine or in Azure. Every call is idempotent where it can
 * be: creating is "create or update", deleting a cluster that is half gone finishes the job.
 */
public interface ClusterProvider {
    /** Whether this provider owns clusters with the id {@code id}. */
    boolean owns(ClusterId id);

    /** Creates a cluster running {@code config}, with its queues and workers, and returns it. */
    Cluster create(ClusterConfig config);

    /**
     * The cluster {@code id}, checked to exist.
     *
     * @throws ClusterNotFoundException if there is no such cluster
     */
    Cluster get(ClusterId id);

    /**
     * Applies {@code config} to the cluster {@code id}: service, environment and node count (and
     * whatever else the provider can change in place, such as file shares and node size on Azure).
     *
     * @throws ClusterNotFoundException if there is no such cluster
     */
    Cluster update(ClusterId id, ClusterConfig config);

    /**
     * Deletes the cluster {@code id}: its workers, its queues and everything recorded about it.
     *
     * @throws ClusterNotFoundException if there is no such cluster
     */
    void delete(ClusterId id);

    /**
     * What creating ({@code id} null) or updating {@code id} to run {@code config}, or deleting
     * {@code id} ({@code config} null) would do, as JSON with every secret redacted. Calls nothing.
     */
    ObjectNode plan(ClusterId id, ClusterConfig config);

    /**
     * The storage transactions the workers of cluster {@code id} have made so far, if this
     * provider can tell (a local one reads its workers' stats files); empty if it cannot.
     */
    default Optional<TransactionCounts> workerTransactions(ClusterId id) {
        return Optional.empty();
    }
}
