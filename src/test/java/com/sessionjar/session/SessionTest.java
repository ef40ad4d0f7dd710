package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.BadInputException;
import com.sessionjar.cluster.AutoScale;
import com.sessionjar.cluster.Cluster;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.queue.InMemoryQueueService;
import com.sessionjar.queue.QueueAccount;
import org.junit.jupiter.api.Test;

class SessionTest {
    private static Cluster cluster(ClusterConfig config) {
        return new Cluster(ClusterId.newLocal(), config, QueueAccount.fromConnectionString(InMemoryQueueService.connectionString()),
                "requests", "responses");
    }

    @Test
    void checkSendable_withADeadline_leavesRoomForItsUntilField() {
        String fits = "a".repeat(65_536 - 99); // the room the longest header without a deadline leaves
        Session.checkSendable(fits, 1, false);
        BadInputException refused = assertThrows(BadInputException.class, () -> Session.checkSendable(fits, 1, false, true));
        assertTrue(refused.getMessage().contains("after the envelope's 119-byte header"), refused.getMessage());
        Session.checkSendable("a".repeat(65_536 - 119), 1, false, true);
    }

    @Test
    void automaticWindow_withoutAutoScale_isFourPerWorkerSlot_from64To1024() {
        assertEquals(64, Session.automaticWindow(cluster(ClusterConfig.defaults())));
        assertEquals(120, Session.automaticWindow(cluster(ClusterConfig.defaults().withNodeCount(3))));
        assertEquals(1024, Session.automaticWindow(cluster(ClusterConfig.defaults().withNodeCount(32))));
    }

    @Test
    void automaticWindow_withAutoScale_isSizedForMaxNodeCount() {
        // NodeCount 1 alone would give 64; MaxNodeCount 3 gives 4 x 30.
        assertEquals(120, Session.automaticWindow(cluster(ClusterConfig.defaults().withAutoScale(new AutoScale(3, 4, 5)))));
    }

    @Test
    void automaticWindow_withAutoScale_keepsTheQueueDeepEnoughToScaleOutToMaxNodeCount() {
        ClusterConfig config = ClusterConfig.defaults().withAutoScale(new AutoScale(200, null, null));
        int window = Session.automaticWindow(cluster(config));
        assertEquals(200 * (10 + 16), window, "beyond the 1,024 of a fixed size");
        // Azure's rule: more than RequestsPerNode per instance on average adds one; with 199 nodes the queue still asks.
        assertTrue(window > 199 * 16);
        // The local rule, even if the queue's length left out what the 199 workers hold.
        assertTrue(window - 199 * 10 > 199 * 16);
    }
}
