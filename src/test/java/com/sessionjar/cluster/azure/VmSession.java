package com.sessionjar.cluster.azure;

import com.sessionjar.cluster.Cluster;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.ClusterProvider;
import com.sessionjar.cluster.NodeLog;
import com.sessionjar.cluster.Plan;
import com.sessionjar.cluster.SessionStatus;
import com.sessionjar.cluster.SessionSummary;
import java.util.List;
import java.util.function.Supplier;

/**
 * The provider of one session, the VM's, as the client sees it: {@link #get} is the cluster the test
 * says (its queues in Azurite, the config the node runs now). The test makes, updates and deletes the
 * session itself, by running the node script, so those calls are refused.
 */
final class VmSession implements ClusterProvider {
    private final Supplier<Cluster> cluster;

    VmSession(Supplier<Cluster> cluster) {
        this.cluster = cluster;
    }

    @Override
    public boolean owns(ClusterId id) {
        return id.equals(cluster.get().id());
    }

    @Override
    public Cluster get(ClusterId id) {
        return cluster.get();
    }

    @Override
    public Cluster create(ClusterConfig config) {
        throw new UnsupportedOperationException("the test makes the VM's session by running the node script");
    }

    @Override
    public Cluster update(ClusterId id, ClusterConfig config) {
        throw new UnsupportedOperationException("the test updates the VM's session by running the node script");
    }

    @Override
    public void delete(ClusterId id) {
        throw new UnsupportedOperationException("the VM's session ends with the VM");
    }

    @Override
    public SessionStatus status(ClusterId id) {
        throw new UnsupportedOperationException("the test reads the VM's state itself");
    }

    @Override
    public List<NodeLog> logs(ClusterId id, Integer node, int tail) {
        throw new UnsupportedOperationException("the test reads the VM's journal itself");
    }

    @Override
    public List<SessionSummary> list(String scope) {
        throw new UnsupportedOperationException("the VM's session is not listed");
    }

    @Override
    public Plan planCreate(ClusterConfig config) {
        throw new UnsupportedOperationException("no plans for the VM's session");
    }

    @Override
    public Plan planUpdate(ClusterId id, ClusterConfig config) {
        throw new UnsupportedOperationException("no plans for the VM's session");
    }

    @Override
    public Plan planDelete(ClusterId id) {
        throw new UnsupportedOperationException("no plans for the VM's session");
    }
}
