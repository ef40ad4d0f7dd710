package com.sessionjar.session;

import com.sessionjar.DaemonThreads;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReplyQueues;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reply queue of one send run (see {@link ReplyQueues}): made when the run starts, after the
 * queues of runs that are gone are deleted; its heartbeat renewed while the run lasts; deleted,
 * with any late reply in it, when the run ends.
 */
final class RunQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);

    private final MessageQueue queue;
    private final ScheduledExecutorService heartbeat;

    private RunQueue(MessageQueue queue) {
        this.queue = queue;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("session-heartbeat"));
        long period = ReplyQueues.BEAT_PERIOD.toMillis();
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /** Deletes the reply queues of gone runs of the session with {@code responses}, then makes run {@code run}'s. */
    static RunQueue open(MessageQueue responses, String run) {
        deleteOrphans(responses);
        MessageQueue queue = responses.sibling(ReplyQueues.name(responses.name(), run));
        queue.create(ReplyQueues.ownerMetadata(Instant.now()));
        return new RunQueue(queue);
    }

    /** The queue the run's replies come to. */
    MessageQueue queue() {
        return queue;
    }

    /**
     * Deletes the reply queues of the session with {@code responses} whose runs are gone (killed,
     * or their machine lost); returns how many. A failure is logged, not thrown: it costs the run nothing.
     */
    static int deleteOrphans(MessageQueue responses) {
        int deleted = 0;
        try {
            Instant now = Instant.now();
            for (Map.Entry<String, Map<String, String>> queue
                    : responses.siblingsStartingWith(ReplyQueues.prefix(responses.name())).entrySet()) {
                if (ReplyQueues.isReplyQueue(responses.name(), queue.getKey()) && ReplyQueues.isOrphan(queue.getValue(), now)) {
                    responses.sibling(queue.getKey()).deleteIfExists();
                    LOG.info("Deleted reply queue {}: the run that made it is gone", queue.getKey());
                    deleted++;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Looking for the reply queues of ended runs failed; the next run will look again: {}",
                    Errors.oneLine(e));
        }
        return deleted;
    }

    private void beat() {
        try {
            queue.setMetadata(ReplyQueues.ownerMetadata(Instant.now()));
        } catch (RuntimeException e) {
            LOG.warn("Renewing the heartbeat of reply queue {} failed: {}", queue.name(), Errors.oneLine(e));
        }
    }

    /** Stops the heartbeat and deletes the queue; a failure is logged (the queue is then an orphan, deleted later). */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            queue.deleteIfExists();
        } catch (RuntimeException e) {
            LOG.warn("Deleting reply queue {} failed; a later run on the session or its delete removes it: {}", queue.name(),
                    Errors.oneLine(e));
        }
    }
}
