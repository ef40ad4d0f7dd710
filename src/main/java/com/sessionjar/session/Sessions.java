package com.sessionjar.session;

import com.sessionjar.BadInputException;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.Cluster;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.ClusterProvider;
import com.sessionjar.cluster.CreateOptions;
import com.sessionjar.cluster.NodeLog;
import com.sessionjar.cluster.Plan;
import com.sessionjar.cluster.SessionStatus;
import com.sessionjar.cluster.SessionSummary;
import com.sessionjar.cluster.azure.AzureClusterProvider;
import com.sessionjar.cluster.local.LocalClusterProvider;
import com.sessionjar.queue.Errors;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates, finds, updates and deletes sessions, handing each to the provider that owns it: a
 * session id says where its cluster runs, so only creation needs a {@link Placement}.
 */
public final class Sessions {
    /** The environment variable that names the Azure subscription {@link #list()} looks in. */
    public static final String SUBSCRIPTION_VARIABLE = "AZURE_SUBSCRIPTION_ID";
    /** The most log lines {@link #logs} gives per node. */
    public static final int MAX_TAIL = 10_000;

    private final ClusterProvider local;
    private final ClusterProvider azure;

    /** Sessions backed by {@code local} for clusters on this machine and {@code azure} for clusters in Azure. */
    public Sessions(ClusterProvider local, ClusterProvider azure) {
        this.local = local;
        this.azure = azure;
    }

    /** Sessions configured by the environment: the local provider's settings, Azure's credentials. */
    public static Sessions fromEnvironment() {
        return new Sessions(LocalClusterProvider.fromEnvironment(), AzureClusterProvider.fromEnvironment());
    }

    /**
     * Creates a session running {@code config} at {@code placement}.
     *
     * @throws com.sessionjar.BadInputException if the config cannot be placed there
     */
    public Session create(ClusterConfig config, Placement placement) {
        return create(config, placement, CreateOptions.DEFAULT);
    }

    /**
     * Creates a session running {@code config} at {@code placement}, as {@code options} say (e.g. keep what a
     * failed create made, for inspection).
     *
     * @throws com.sessionjar.BadInputException if the config cannot be placed there
     */
    public Session create(ClusterConfig config, Placement placement, CreateOptions options) {
        ClusterProvider provider = providerFor(placement);
        Cluster cluster = provider.create(config, options);
        return new Session(cluster, provider);
    }

    /** The session {@code id}, checked to exist. */
    public Session get(ClusterId id) {
        ClusterProvider provider = providerOf(id);
        return new Session(provider.get(id), provider);
    }

    /** Applies {@code config} to the session {@code id}. */
    public Session update(ClusterId id, ClusterConfig config) {
        ClusterProvider provider = providerOf(id);
        return new Session(provider.update(id, config), provider);
    }

    /** Deletes the session {@code id}. */
    public void delete(ClusterId id) {
        providerOf(id).delete(id);
    }

    /** What {@link #create} would do, secrets redacted; does nothing. */
    public Plan planCreate(ClusterConfig config, Placement placement) {
        return providerFor(placement).planCreate(config);
    }

    /** What {@link #update} would do, secrets redacted; does nothing. */
    public Plan planUpdate(ClusterId id, ClusterConfig config) {
        return providerOf(id).planUpdate(id, config);
    }

    /** What {@link #delete} would remove; does nothing. */
    public Plan planDelete(ClusterId id) {
        return providerOf(id).planDelete(id);
    }

    /**
     * What session {@code id} is doing now: each node and its worker, each queue's depth, the workers'
     * counters. Unlike {@link #get}, it starts nothing: a worker that died shows as dead.
     */
    public SessionStatus status(ClusterId id) {
        return providerOf(id).status(id);
    }

    /**
     * The last {@code tail} lines (1 to {@value #MAX_TAIL}) of the worker log of each node of session
     * {@code id}, or of node {@code node} only (null: every node).
     *
     * @throws com.sessionjar.BadInputException if the session has no node {@code node}
     */
    public List<NodeLog> logs(ClusterId id, Integer node, int tail) {
        if (tail < 1 || tail > MAX_TAIL) {
            throw new IllegalArgumentException("tail (" + tail + ") must be from 1 to " + MAX_TAIL);
        }
        return providerOf(id).logs(id, node, tail);
    }

    /**
     * Every session on this machine and, if a subscription is known, in Azure: the one named by
     * {@value #SUBSCRIPTION_VARIABLE}, or else the only one the Azure credential can use.
     */
    public SessionList list() {
        String subscription = System.getenv(SUBSCRIPTION_VARIABLE);
        return list(subscription == null || subscription.isBlank() ? null : subscription.trim());
    }

    /**
     * Every session on this machine and in the Azure subscription {@code subscription} (null: the only
     * one the credential can use). When Azure cannot be asked (no credentials, no subscription, Azure
     * refuses), the local sessions are listed and the result says why the Azure ones are not.
     */
    public SessionList list(String subscription) {
        List<SessionSummary> all = new ArrayList<>(local.list(null));
        try {
            all.addAll(azure.list(subscription));
            return new SessionList(all, null);
        } catch (BadInputException | InfrastructureException e) {
            return new SessionList(all, Errors.oneLine(e));
        }
    }

    private ClusterProvider providerFor(Placement placement) {
        return placement == Placement.LOCAL ? local : azure;
    }

    private ClusterProvider providerOf(ClusterId id) {
        return local.owns(id) ? local : azure;
    }
}
