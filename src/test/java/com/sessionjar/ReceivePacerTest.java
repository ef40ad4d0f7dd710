package com.sessionjar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The receive pacing the worker and the client share: how long a drained queue is let gather, at what rate. */
class ReceivePacerTest {
    private static final Duration LONGEST = Duration.ofMillis(200);

    @Test
    void gathersForTheTimeSixteenMessagesTakeToCome_atMostTheLongest() {
        assertEquals(Duration.ofMillis(16), ReceivePacer.gatherWait(1000, 16, LONGEST));
        assertEquals(Duration.ofMillis(80), ReceivePacer.gatherWait(200, 16, LONGEST));
        assertEquals(LONGEST, ReceivePacer.gatherWait(10, 16, LONGEST), "a slow trickle: the longest wait");
        assertEquals(LONGEST, ReceivePacer.gatherWait(0, 16, LONGEST), "no rate known yet: the longest wait");
    }

    @Test
    void gathersNoMoreThanSixteen_norMoreThanAreAwaited() {
        assertEquals(Duration.ofMillis(16), ReceivePacer.gatherWait(1000, 1000, LONGEST), "16 at most");
        assertEquals(Duration.ofMillis(3), ReceivePacer.gatherWait(1000, 3, LONGEST), "only 3 awaited");
        assertEquals(Duration.ZERO, ReceivePacer.gatherWait(1000, 0, LONGEST), "none awaited: no wait");
        assertEquals(Duration.ofMillis(400), ReceivePacer.gatherWait(0, 1, Duration.ofMillis(400)), "the caller's longest");
    }

    @Test
    void rate_isAMovingAverageOfEveryReceive_emptyOnesIncluded() {
        ReceivePacer pacer = new ReceivePacer(0);
        assertEquals(0, pacer.rate());
        assertEquals(LONGEST, pacer.gatherWait(16, LONGEST), "no rate yet");

        pacer.received(10, Duration.ofMillis(10).toNanos()); // 1000 a second, weighing 0.3
        assertEquals(300, pacer.rate(), 1e-9);
        pacer.received(0, Duration.ofMillis(20).toNanos()); // none, weighing 0.3
        assertEquals(210, pacer.rate(), 1e-9);
        pacer.received(21, Duration.ofMillis(30).toNanos()); // 2100 a second
        assertEquals(0.7 * 210 + 0.3 * 2100, pacer.rate(), 1e-9);

        assertEquals(Duration.ofNanos((long) (16 * 1e9 / pacer.rate())), pacer.gatherWait(16, LONGEST));
    }
}
