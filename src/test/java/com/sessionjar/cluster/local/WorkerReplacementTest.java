package com.sessionjar.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sessionjar.cluster.AutoScale;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerReplacementTest {
    private static LocalSessionRecord running(int workers) {
        ClusterId id = ClusterId.newLocal();
        List<ProcessRecord> processes = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            processes.add(new ProcessRecord(4242 + i, "2025-01-02T03:04:05.678Z", "marker-" + id.guid()));
        }
        return new LocalSessionRecord(id, ClusterConfig.defaults(), 10001, id.resourceName("requests"),
                id.resourceName("responses"), processes, "2025-01-02T03:04:00Z");
    }

    /** An update keeps the size the supervisor scaled an AutoScale session to, within the new bounds; without AutoScale, NodeCount. */
    @ParameterizedTest(name = "{0} running, NodeCount {1}, MaxNodeCount {2} -> {3}")
    @CsvSource({
            "3, 1, 0, 1",
            "1, 2, 0, 2",
            "3, 1, 5, 3",
            "3, 1, 2, 2",
            "1, 2, 5, 2",
            "0, 1, 3, 1",
    })
    void size_keepsAutoscaledSizeWithinBounds(int running, int nodeCount, int maxNodeCount, int expected) {
        ClusterConfig config = ClusterConfig.defaults().withNodeCount(nodeCount)
                .withAutoScale(maxNodeCount == 0 ? null : new AutoScale(maxNodeCount, null, null));

        assertEquals(expected, WorkerReplacement.size(running(running), config));
    }
}
