package com.sessionjar.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sessionjar.cluster.AutoScale;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueueScalingTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** NodeCount 1 (given per call), MaxNodeCount 3, 4 requests per node, scale in after 5 s. */
    private static final AutoScale SCALE = new AutoScale(3, 4, 5);
    private final QueueScaling scaling = new QueueScaling();

    @Test
    void aQueueAtTheThreshold_keepsTheSize() {
        assertEquals(1, scaling.target(1, 1, SCALE, 4, T0));
    }

    @Test
    void aDeepQueue_scalesOutToWhatItAsks_atMostMaxNodeCount() {
        assertEquals(2, scaling.target(1, 1, SCALE, 5, T0));
        assertEquals(3, scaling.target(1, 1, SCALE, 9, T0));
        assertEquals(3, scaling.target(1, 1, SCALE, 500, T0));
        assertEquals(3, scaling.target(3, 1, SCALE, 500, T0));
    }

    @Test
    void aQuietQueue_scalesInOneNodeAtATime_afterScaleInAfterSeconds_downToNodeCount() {
        assertEquals(3, scaling.target(3, 1, SCALE, 0, T0));
        assertEquals(3, scaling.target(3, 1, SCALE, 0, T0.plusSeconds(4)));
        assertEquals(2, scaling.target(3, 1, SCALE, 0, T0.plusSeconds(5)));
        assertEquals(2, scaling.target(2, 1, SCALE, 0, T0.plusSeconds(9)));
        assertEquals(1, scaling.target(2, 1, SCALE, 0, T0.plusSeconds(10)));
        assertEquals(1, scaling.target(1, 1, SCALE, 0, T0.plusSeconds(100)));
    }

    @Test
    void demandInTheQuietPeriod_startsItAgain() {
        assertEquals(3, scaling.target(3, 1, SCALE, 0, T0));
        assertEquals(3, scaling.target(3, 1, SCALE, 9, T0.plusSeconds(3)), "9 > 4 x 2: the remaining two would not do");
        assertEquals(3, scaling.target(3, 1, SCALE, 0, T0.plusSeconds(6)));
        assertEquals(2, scaling.target(3, 1, SCALE, 0, T0.plusSeconds(11)));
    }

    @Test
    void neverBelowNodeCount() {
        assertEquals(2, scaling.target(2, 2, SCALE, 0, T0));
        assertEquals(2, scaling.target(2, 2, SCALE, 0, T0.plusSeconds(60)));
    }
}
