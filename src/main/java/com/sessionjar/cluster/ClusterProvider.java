package com.sessionjar.cluster;

import com.sessionjar.protocol.TransactionCounts;
import java.util.Optional;

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
     * As {@link #create(ClusterConfig)}, with {@code options}; a provider with no use for them (a local
     * one removes a failed session's workers and queues in any case) ignores them.
     */
    default Cluster create(ClusterConfig config, CreateOptions options) {
        return create(config);
    }

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

    /** What {@link #create} would do to run {@code config}, every secret redacted. Calls nothing. */
    Plan planCreate(ClusterConfig config);

    /** What {@link #update} would do to make the cluster {@code id} run {@code config}, secrets redacted. Calls nothing. */
    Plan planUpdate(ClusterId id, ClusterConfig config);

    /** What {@link #delete} would remove of the cluster {@code id}. Calls nothing. */
    Plan planDelete(ClusterId id);

    /**
     * The storage transactions the workers of cluster {@code id} have made so far, if this
     * provider can tell (a local one reads its workers' stats files); empty if it cannot.
     */
    default Optional<TransactionCounts> workerTransactions(ClusterId id) {
        return Optional.empty();
    }
}
