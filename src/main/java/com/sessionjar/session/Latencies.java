package com.sessionjar.session;

import java.time.Duration;

/**
 * Round-trip times of a run, kept as a histogram of logarithmic buckets (each 2 % wider than the
 * one before, from 1 µs to over an hour), so a run of any length holds the same few kilobytes and
 * any percentile is known within 1 %.
 */
final class Latencies {
    private static final double GROWTH = 1.02;
    private static final int BUCKETS = 1200;
    private final long[] counts = new long[BUCKETS];
    private long total;

    /** Counts one round trip of {@code nanos}. */
    synchronized void record(long nanos) {
        counts[bucketOf(nanos)]++;
        total++;
    }

    /** How many round trips were counted. */
    synchronized long count() {
        return total;
    }

    /**
     * The time {@code percent} % of the round trips took at most (the middle of its bucket), or
     * null if none was counted.
     */
    synchronized Duration percentile(double percent) {
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(total * percent / 100));
        long seen = 0;
        int bucket = 0;
        while (bucket < BUCKETS - 1 && (seen += counts[bucket]) < rank) {
            bucket++;
        }
        return Duration.ofNanos(Math.round(1000 * Math.pow(GROWTH, bucket + 0.5)));
    }

    private static int bucketOf(long nanos) {
        double micros = Math.max(1, nanos / 1000.0);
        return (int) Math.min(BUCKETS - 1, Math.floor(Math.log(micros) / Math.log(GROWTH)));
    }
}
