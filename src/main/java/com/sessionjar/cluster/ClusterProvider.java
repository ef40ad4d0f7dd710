package com.sessionjar.cluster;

import com.sessionjar.protocol.TransactionCounts;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * The folder on this machine holding what the cluster {@code id}'s queue service and records
     * keep (a local provider's home), whose file system filling up makes them fail; empty when they
     * are kept elsewhere (Azure).
     */
    default Optional<Path> dataFolder(ClusterId id) {
        return Optional.empty();
    }

    /**
     * The wake file of cluster {@code id}'s workers ({@link com.sessionjar.protocol.WakeFile}), if
     * they share this machine's file system and watch one (a local session's); empty otherwise, and
     * then only polling brings requests to workers and replies to clients.
     */
    default Optional<Path> wakeFile(ClusterId id) {
        return Optional.empty();
    }

    /**
     * What the cluster {@code id} is doing now: its nodes, its queues' depths, its workers' counters.
     * Only looks: starts, restarts and changes nothing. What cannot be found out is said in the
     * result (per node, or in its notes), not thrown.
     *
     * @throws ClusterNotFoundException if there is no such cluster
     */
    SessionStatus status(ClusterId id);

    /**
     * The last {@code tail} lines of the worker log of each node of the cluster {@code id}, or of
     * node {@code node} only (null: every node), oldest first.
     *
     * @throws ClusterNotFoundException if there is no such cluster
     * @throws com.sessionjar.BadInputException if the cluster has no node {@code node}
     */
    List<NodeLog> logs(ClusterId id, Integer node, int tail);

    /**
     * The clusters this provider has in {@code scope}: the local provider's are all on this machine
     * (it takes no scope); the Azure provider's are those of a subscription (null: the credential's
     * only one).
     */
    List<SessionSummary> list(String scope);
}
