package com.sessionjar.session;

import com.sessionjar.cluster.Cluster;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.ClusterProvider;
import com.sessionjar.cluster.CreateOptions;
import com.sessionjar.cluster.Plan;
import com.sessionjar.cluster.azure.AzureClusterProvider;
import com.sessionjar.cluster.local.LocalClusterProvider;

/**
 * Creates, finds, updates and deletes sessions, handing each to the provider that owns it: a
 * session id says where its cluster runs, so only creation needs a {@link Placement}.
 */
public final class Sessions {
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

    private ClusterProvider providerFor(Placement placement) {
        return placement == Placement.LOCAL ? local : azure;
    }

    private ClusterProvider providerOf(ClusterId id) {
        return local.owns(id) ? local : azure;
    }
}
