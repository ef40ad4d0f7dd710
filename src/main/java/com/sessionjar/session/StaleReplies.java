package com.sessionjar.session;

import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replies a plain run finds already waiting in the shared response queue before it sends:
 * an earlier plain run's (one interrupted, or timed out) or another plain client's. A bare reply
 * names no request, so they cannot be told from the run's own; they are deleted unread, counted as
 * unmatched, and the run says so, rather than count them as answers.
 */
final class StaleReplies {
    private static final Logger LOG = LoggerFactory.getLogger(StaleReplies.class);
    /** Long enough to delete a batch; a reply not deleted comes back for the run to read. */
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final int BATCH = 32;

    private StaleReplies() {
    }

    /**
     * Deletes the replies waiting in {@code responses} before a plain run sends anything, as many
     * as it held then (one transaction to count them, none more when there are none); returns how many.
     */
    static long clear(MessageQueue responses) {
        long waiting = responses.approximateDepth();
        if (waiting == 0) {
            return 0;
        }
        LOG.warn("The shared response queue {} already holds {} replies, left by an earlier plain run (interrupted, or"
                + " timed out) or sent to another plain client: they cannot be told from this run's replies, so they"
                + " are deleted unread and counted as unmatched", responses.name(), waiting);
        long deleted = 0;
        while (deleted < waiting) {
            List<ReceivedMessage> batch = responses.receive((int) Math.min(BATCH, waiting - deleted), LEASE);
            if (batch.isEmpty()) {
                break; // the rest were being read by someone else, or the count was approximate
            }
            for (ReceivedMessage reply : batch) {
                responses.delete(reply);
                deleted++;
            }
        }
        if (deleted < waiting) {
            LOG.warn("{} of those replies are being read (an interrupted client took them and did not delete them):"
                    + " they come back when their lease ends, within a minute, and a plain run still going then cannot"
                    + " tell them from its own", waiting - deleted);
        }
        return deleted;
    }
}
