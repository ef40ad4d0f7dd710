package com.sessionjar.session;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends again, with their ids, the requests of a run whose replies are overdue by its
 * {@link ResendRule}, so a request the queue service lost (a crash that dropped recent writes, a
 * message deleted by mistake) is still answered; a second reply is then a duplicate. A request's
 * clock runs from its last send, or from the end of the last outage of the queue service if that
 * is later (every request in flight is late after an outage; few are lost). Nothing is resent
 * while the queue service is down.
 *
 * <p>The receiving thread's only; it reads the dispatcher's send times, a concurrent map.
 */
final class Resender {
    /** How often the requests in flight are looked over. */
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final ResendRule rule;
    private final Dispatcher dispatcher;
    private final Latencies latencies;
    private final Outage outage;
    /** When each request in flight was first handed to be sent, by sequence number: the dispatcher's. */
    private final Map<Long, Long> sentAt;
    /** The requests resent and not answered yet: when last resent, and how often. */
    private final Map<Long, Resent> resent = new HashMap<>();
    private long nextCheck;

    private record Resent(long at, int times) {
    }

    /** Resends {@code dispatcher}'s overdue requests by {@code rule}, with the round trips of {@code latencies}. */
    Resender(ResendRule rule, Dispatcher dispatcher, Latencies latencies, Outage outage) {
        this.rule = rule;
        this.dispatcher = dispatcher;
        this.latencies = latencies;
        this.outage = outage;
        this.sentAt = dispatcher.sentAt();
        this.nextCheck = System.nanoTime() + CHECK_INTERVAL.toNanos();
    }

    /** Resends the requests overdue at {@code now}, looking at most every {@link #CHECK_INTERVAL}; returns how many. */
    int resendOverdue(long now) {
        if (now < nextCheck || outage.isDown()) {
            return 0;
        }
        nextCheck = now + CHECK_INTERVAL.toNanos();
        resent.keySet().removeIf(sequence -> !sentAt.containsKey(sequence)); // answered since
        Duration p99 = latencies.count() == 0 ? null : latencies.percentile(99);
        long resumedAt = outage.resumedAt();
        int count = 0;
        for (Map.Entry<Long, Long> request : sentAt.entrySet()) {
            Resent last = resent.get(request.getKey());
            long since = Math.max(last == null ? request.getValue() : last.at(), resumedAt);
            int times = last == null ? 0 : last.times();
            if (now - since >= rule.overdueAfter(p99, times).toNanos() && dispatcher.resend(request.getKey())) {
                resent.put(request.getKey(), new Resent(now, times + 1));
                count++;
            }
        }
        return count;
    }
}
