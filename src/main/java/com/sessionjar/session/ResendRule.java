package com.sessionjar.session;

import java.time.Duration;

/**
 * When a request whose reply has not come is sent again (with its id, so a second reply is a
 * duplicate): once it is <em>overdue</em>, {@code max(floor, lease + k × p99)} after it was sent,
 * {@code p99} being the run's observed 99th-percentile round trip (one lease while none is
 * observed). Well past the lease, because a request a worker dies holding reappears only after it;
 * well past the round trips seen, because a slow request is not a lost one. Each later resend of
 * the same request waits twice as long as the one before.
 *
 * @param floor the least time before a resend
 * @param lease the session's message lease (QueueOptions.MessageLease)
 * @param k     how many observed p99 round trips past the lease
 */
record ResendRule(Duration floor, Duration lease, int k) {
    /** The floor of the rule as session.jar applies it. */
    static final Duration FLOOR = Duration.ofSeconds(30);
    /** The multiple of the observed p99 round trip as session.jar applies it. */
    static final int K = 4;
    /** The most a request's wait is doubled: after 5 resends, each waits 32 times the first wait. */
    private static final int MAX_DOUBLINGS = 5;

    ResendRule {
        if (floor.isNegative() || lease.isNegative() || k < 0) {
            throw new IllegalArgumentException("floor (" + floor + "), lease (" + lease + ") and k (" + k
                    + ") must not be negative");
        }
    }

    /** The rule for a session whose message lease is {@code lease}. */
    static ResendRule forLease(Duration lease) {
        return new ResendRule(FLOOR, lease, K);
    }

    /**
     * How long after its last send a request is overdue, having been resent {@code resends} times
     * already, with {@code p99} the observed 99th-percentile round trip (null: none observed yet).
     */
    Duration overdueAfter(Duration p99, int resends) {
        Duration roundTrip = p99 == null ? lease : p99;
        Duration wait = lease.plus(roundTrip.multipliedBy(k));
        wait = wait.compareTo(floor) < 0 ? floor : wait;
        return wait.multipliedBy(1L << Math.min(resends, MAX_DOUBLINGS));
    }
}
