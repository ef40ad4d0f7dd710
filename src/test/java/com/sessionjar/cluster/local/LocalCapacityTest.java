package com.sessionjar.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.cluster.AutoScale;
import com.sessionjar.cluster.ClusterConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalCapacityTest {
    @Test
    void upToTwoNodesPerCore_noWarning() {
        assertEquals(Optional.empty(), LocalCapacity.warning(ClusterConfig.defaults().withNodeCount(4), 2));
        assertEquals(Optional.empty(), LocalCapacity.warning(ClusterConfig.defaults(), 1));
    }

    @Test
    void moreNodesThanTwoPerCore_warnsWithTheFigures() {
        String warning = LocalCapacity.warning(ClusterConfig.defaults().withNodeCount(32), 2).orElseThrow();

        assertTrue(warning.startsWith("NodeCount (32) is more than 2 worker processes per core of this machine (2 cores,"
                + " so 4)"), warning);
        assertTrue(warning.contains("32 nodes on 2 cores: 81 msg/s, p50 11.4 s, against 335 msg/s with one node"), warning);
    }

    @Test
    void autoScaleBeyondTheMachine_namesMaxNodeCount() {
        ClusterConfig config = ClusterConfig.defaults().withAutoScale(new AutoScale(12, null, null));

        String warning = LocalCapacity.warning(config, 4).orElseThrow();

        assertTrue(warning.startsWith("AutoScale.MaxNodeCount (12) is more than 2 worker processes per core of this machine"
                + " (4 cores, so 8)"), warning);
    }
}
