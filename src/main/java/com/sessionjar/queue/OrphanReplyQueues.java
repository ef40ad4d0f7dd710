package com.sessionjar.queue;

import com.sessionjar.protocol.ReplyQueues;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the reply queues ({@link ReplyQueues}) of client runs that are gone: killed, or their
 * machine lost. A client run that counts the runs on its session does it (the listing is made
 * anyway), and so does every worker now and then, so a killed client's queue is deleted whether
 * or not another large run follows. One listing of the account's queues with their metadata, one
 * delete per queue found gone.
 */
public final class OrphanReplyQueues {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanReplyQueues.class);

    private OrphanReplyQueues() {
    }

    /**
     * Deletes the reply queues of the session with {@code responses} whose runs are gone, seen from
     * this host; returns the reply queues of the runs still going, or empty if they could not be
     * listed. A failure is logged, not thrown: it costs the caller nothing, and the next sweep looks again.
     */
    public static Optional<Set<String>> delete(MessageQueue responses) {
        Set<String> live = new TreeSet<>();
        try {
            Instant now = Instant.now();
            for (Map.Entry<String, Map<String, String>> queue
                    : responses.siblingsStartingWith(ReplyQueues.prefix(responses.name())).entrySet()) {
                if (!ReplyQueues.isReplyQueue(responses.name(), queue.getKey())) {
                    continue;
                }
                if (ReplyQueues.isOrphan(queue.getValue(), now)) {
                    responses.sibling(queue.getKey()).deleteIfExists();
                    LOG.info("Deleted reply queue {}: the run that made it is gone", queue.getKey());
                } else {
                    live.add(queue.getKey());
                }
            }
            return Optional.of(live);
        } catch (RuntimeException e) {
            LOG.warn("Looking for the reply queues of ended runs failed; the next look will try again: {}",
                    Errors.oneLine(e));
            return Optional.empty();
        }
    }
}
