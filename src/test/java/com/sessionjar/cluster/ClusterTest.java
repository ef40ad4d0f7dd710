package com.sessionjar.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sessionjar.queue.InMemoryQueueService;
import com.sessionjar.queue.QueueAccount;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterTest {
    static Cluster cluster(ClusterConfig config) {
        return new Cluster(ClusterId.newLocal(), config, QueueAccount.fromConnectionString(InMemoryQueueService.connectionString()),
                "requests", "responses");
    }

    @Test
    void capacity_withoutAutoScale_isNodesTimesConcurrency() {
        assertEquals(30, cluster(ClusterConfig.defaults().withNodeCount(3)).capacity());
        assertEquals(0, cluster(ClusterConfig.defaults().withNodeCount(3)).scaleOutDepth());
    }

    @Test
    void capacity_withAutoScale_countsMaxNodeCount() {
        ClusterConfig config = ClusterConfig.defaults().withAutoScale(new AutoScale(5, null, null))
                .withEnvironmentVariables(List.of(new EnvironmentVariable("Worker__Concurrency", "4", null)));
        assertEquals(20, cluster(config).capacity());
    }

    @Test
    void scaleOutDepth_isMaxNodeCountTimesConcurrencyPlusRequestsPerNode() {
        ClusterConfig config = ClusterConfig.defaults().withAutoScale(new AutoScale(3, 4, 5));
        assertEquals(3 * (10 + 4), cluster(config).scaleOutDepth());
        ClusterConfig azure = ClusterConfig.defaults().withAutoScale(new AutoScale(1000, null, null));
        assertEquals(1000 * (10 + AutoScale.DEFAULT_REQUESTS_PER_NODE), cluster(azure).scaleOutDepth());
    }

    @Test
    void scaleOutDepth_isCapped() {
        ClusterConfig config = ClusterConfig.defaults().withAutoScale(new AutoScale(1000, 100_000, null));
        assertEquals(Cluster.MOST_SCALE_OUT_DEPTH, cluster(config).scaleOutDepth());
    }
}
