package com.sessionjar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The worker's own pacing rule ({@link PollingLoop}): how far it takes ahead of its slots. How long
 * it lets requests gather is {@link com.sessionjar.ReceivePacer}'s, tested there.
 */
class WorkerPacingTest {
    @Test
    void takesNothingAhead_untilACallIsTimed_norForASlowService() {
        assertEquals(0, PollingLoop.ahead(10, -1));
        assertEquals(0, PollingLoop.ahead(10, Duration.ofSeconds(2).toNanos()), "10 slots of 2 s calls get through none in 100 ms");
        assertEquals(1, PollingLoop.ahead(10, Duration.ofSeconds(1).toNanos()));
    }

    @Test
    void takesAhead_whatTheSlotsGetThroughIn100ms_atMostABatch() {
        assertEquals(10, PollingLoop.ahead(10, Duration.ofMillis(100).toNanos()));
        assertEquals(20, PollingLoop.ahead(2, Duration.ofMillis(10).toNanos()));
        assertEquals(32, PollingLoop.ahead(10, Duration.ofMillis(1).toNanos()));
        assertEquals(32, PollingLoop.ahead(1, 0));
    }
}
