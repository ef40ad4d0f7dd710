package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResendRuleTest {
    private static final ResendRule DEFAULT_LEASE = ResendRule.forLease(Duration.ofSeconds(60));
    private static final ResendRule SHORT_LEASE = ResendRule.forLease(Duration.ofSeconds(5));

    @Test
    void quickRoundTripsAndAShortLease_waitTheFloor() {
        assertEquals(Duration.ofSeconds(30), SHORT_LEASE.overdueAfter(Duration.ofMillis(100), 0));
    }

    @Test
    void aLongLease_isWaitedOut_plusFourObservedP99RoundTrips() {
        assertEquals(Duration.ofSeconds(68), DEFAULT_LEASE.overdueAfter(Duration.ofSeconds(2), 0));
        assertEquals(Duration.ofSeconds(45), SHORT_LEASE.overdueAfter(Duration.ofSeconds(10), 0));
    }

    @Test
    void beforeAnyRoundTripIsObserved_oneLeaseStandsForIt() {
        assertEquals(Duration.ofSeconds(300), DEFAULT_LEASE.overdueAfter(null, 0));
        assertEquals(Duration.ofSeconds(30), SHORT_LEASE.overdueAfter(null, 0), "5 s + 4 × 5 s is under the floor");
    }

    @Test
    void eachLaterResend_waitsTwiceAsLong_upTo32Times() {
        assertEquals(Duration.ofSeconds(60), SHORT_LEASE.overdueAfter(Duration.ofMillis(100), 1));
        assertEquals(Duration.ofSeconds(120), SHORT_LEASE.overdueAfter(Duration.ofMillis(100), 2));
        assertEquals(Duration.ofSeconds(960), SHORT_LEASE.overdueAfter(Duration.ofMillis(100), 5));
        assertEquals(Duration.ofSeconds(960), SHORT_LEASE.overdueAfter(Duration.ofMillis(100), 40));
    }

    @Test
    void negativeParts_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ResendRule(Duration.ofSeconds(-1), Duration.ZERO, 4));
        assertThrows(IllegalArgumentException.class, () -> new ResendRule(Duration.ZERO, Duration.ZERO, -1));
    }
}
