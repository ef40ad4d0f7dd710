package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void percentilesAreWithinOnePercent() {
        Latencies latencies = new Latencies();
        for (int ms = 1; ms <= 1000; ms++) {
            latencies.record(Duration.ofMillis(ms).toNanos());
        }
        assertEquals(1000, latencies.count());
        assertWithinOnePercent(500, latencies.percentile(50));
        assertWithinOnePercent(990, latencies.percentile(99));
        assertWithinOnePercent(1000, latencies.percentile(100));
        assertWithinOnePercent(1, latencies.percentile(0));
    }

    @Test
    void aFewSlowRoundTripsShowInTheTailOnly() {
        Latencies latencies = new Latencies();
        for (int i = 0; i < 980; i++) {
            latencies.record(Duration.ofMillis(20).toNanos());
        }
        for (int i = 0; i < 20; i++) {
            latencies.record(Duration.ofSeconds(3).toNanos());
        }
        assertWithinOnePercent(20, latencies.percentile(50));
        assertWithinOnePercent(3000, latencies.percentile(99));
    }

    @Test
    void extremesAreKeptInTheEndBuckets_andNoneMeansNoFigure() {
        Latencies latencies = new Latencies();
        assertNull(latencies.percentile(50));
        latencies.record(0);
        latencies.record(Duration.ofDays(3).toNanos());
        assertEquals(2, latencies.count());
        assertTrue(latencies.percentile(50).toNanos() <= 1020, "under 1 µs: the first bucket");
        assertTrue(latencies.percentile(100).compareTo(Duration.ofHours(1)) > 0, "days: the last bucket, over an hour");
    }

    private static void assertWithinOnePercent(double expectedMillis, Duration actual) {
        double millis = actual.toNanos() / 1e6;
        assertEquals(expectedMillis, millis, expectedMillis * 0.01, "within 1 % of " + expectedMillis + " ms");
    }
}
