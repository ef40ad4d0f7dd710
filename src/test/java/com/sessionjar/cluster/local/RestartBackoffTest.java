package com.sessionjar.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final RestartBackoff backoff = new RestartBackoff();

    @Test
    void aWorkerNeverSeen_isDueAtOnce() {
        assertTrue(backoff.due("s/1", T0));
        assertEquals(Duration.ZERO, backoff.wait("s/1", T0));
    }

    @Test
    void aWorkerThatRanLongEnough_isRestartedAtOnce_andItsFailuresStartAgain() {
        backoff.failed("s/1", T0);
        backoff.started("s/1", T0.plusSeconds(1));
        assertTrue(backoff.noteDeath("s/1", 42, T0.plusSeconds(100)));
        assertEquals(0, backoff.failures("s/1"));
        assertTrue(backoff.due("s/1", T0.plusSeconds(100)));
    }

    @Test
    void aWorkerDyingSoonAfterItsStart_waitsLongerEachTime() {
        backoff.started("s/1", T0);
        assertTrue(backoff.noteDeath("s/1", 1, T0.plusSeconds(2)));
        assertEquals(1, backoff.failures("s/1"));
        assertFalse(backoff.due("s/1", T0.plusMillis(2500)));
        assertTrue(backoff.due("s/1", T0.plusSeconds(3)));
        backoff.started("s/1", T0.plusSeconds(3));
        backoff.noteDeath("s/1", 2, T0.plusSeconds(4));
        assertEquals(Duration.ofSeconds(2), backoff.wait("s/1", T0.plusSeconds(4)));
    }

    @Test
    void aDeathIsNotedOncePerProcess() {
        backoff.started("s/1", T0);
        assertTrue(backoff.noteDeath("s/1", 7, T0.plusSeconds(1)));
        assertFalse(backoff.noteDeath("s/1", 7, T0.plusSeconds(2)));
        assertEquals(1, backoff.failures("s/1"));
    }

    @Test
    void failedStarts_doubleTheWait_upToAMinute() {
        assertEquals(1, backoff.failed("s/2", T0));
        assertEquals(Duration.ofSeconds(1), backoff.wait("s/2", T0));
        assertEquals(2, backoff.failed("s/2", T0));
        assertEquals(Duration.ofSeconds(2), backoff.wait("s/2", T0));
        assertEquals(3, backoff.failed("s/2", T0));
        assertEquals(Duration.ofSeconds(4), backoff.wait("s/2", T0));
        for (int i = 0; i < 20; i++) {
            backoff.failed("s/2", T0);
        }
        assertEquals(RestartBackoff.LONGEST, backoff.wait("s/2", T0));
        assertTrue(backoff.due("s/1", T0), "other workers are not held back");
    }

    @Test
    void forget_dropsWhatWasKnown() {
        backoff.failed("s/3", T0);
        backoff.forget("s/3");
        assertTrue(backoff.due("s/3", T0));
        assertEquals(0, backoff.failures("s/3"));
    }
}
