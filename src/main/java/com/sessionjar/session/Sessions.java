package com.sessionjar.session;

import com.sessionjar.cluster.Cluster;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.ClusterProvider;
import com.sessionjar.cluster.local.LocalClusterProvider;
import java.util.List;

/**
 * Creates, finds, updates and deletes sessions, handing each to the provider that owns it: a
 * session id says where its cluster runs, so only creation needs a {@link Placement}.
 */
public final class Sessions {
    private final ClusterProvider local;

    /** Sessions backed by {@code local} for clusters on this machine. */
    public Sessions(ClusterProvider local) {
        this.local = local;
    }

    /** Sessions configured by the environment (see the local provider's settings). */
    public static Sessions fromEnvironment() {
        return new Sessions(LocalClusterProvider.fromEnvironment());
    }

    /**
     * Creates a session running {@code config} at {@code placement}.
     *
     * @throws IllegalArgumentException if the config cannot be placed there
     */
    public Session create(ClusterConfig config, Placement placement) {
        ClusterProvider provider = placement == Placement.LOCAL ? local : azure(config);
        Cluster cluster = provider.create(config);
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

    private ClusterProvider providerOf(ClusterId id) {
        for (ClusterProvider provider : List.of(local)) {
            if (provider.owns(id)) {
                return provider;
            }
        }
        throw azureUnavailable();
    }

    private static ClusterProvider azure(ClusterConfig config) {
        if (config.subscriptionId().isEmpty()) {
            throw new IllegalArgumentException("SubScriptionId is empty: fill in your Azure subscription id to create an"
                    + " Azure session, or create the session on this machine with --local");
        }
        throw azureUnavailable();
    }

    private static IllegalStateException azureUnavailable() {
        return new IllegalStateException("Azure sessions are not available in this build yet: create the session on this"
                + " machine with --local");
    }
}
