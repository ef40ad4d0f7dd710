package com.sessionjar.session;

import com.sessionjar.BoundedCall;
import com.sessionjar.DaemonThreads;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.protocol.ReplyQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reply queue of one send run (see {@link ReplyQueues}): made when the run starts, after the
 * queues of runs that are gone are deleted; its heartbeat renewed while the run lasts; deleted,
 * with any late reply in it, when the run ends.
 */
final class RunQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);
    /**
     * How long the queue's delete may take at the end of a run with no time limit: generous, as an
     * answering service deletes in milliseconds, even under load. Past it the queue is an orphan,
     * deleted by a later run.
     */
    static final Duration DELETE_WAIT = Duration.ofSeconds(10);
    /** The least wait for the delete at the end of a run past its time limit whose queue service answers. */
    static final Duration ANSWERING_DELETE_WAIT = Duration.ofSeconds(2);
    /** The least wait for the delete at the end of a run past its time limit whose queue service does not answer. */
    static final Duration LEAST_DELETE_WAIT = Duration.ofMillis(500);

    private final MessageQueue queue;
    private final int otherRuns;
    private final ScheduledExecutorService heartbeat;

    private RunQueue(MessageQueue queue, int otherRuns) {
        this.queue = queue;
        this.otherRuns = otherRuns;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("session-heartbeat"));
        long period = ReplyQueues.BEAT_PERIOD.toMillis();
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /** Deletes the reply queues of gone runs of the session with {@code responses}, then makes run {@code run}'s. */
    static RunQueue open(MessageQueue responses, String run) {
        int others = deleteOrphans(responses);
        MessageQueue queue = responses.sibling(ReplyQueues.name(responses.name(), run));
        queue.create(ReplyQueues.ownerMetadata(Instant.now()));
        return new RunQueue(queue, others);
    }

    /** How many other runs on the session were going when this one started. */
    int otherRuns() {
        return otherRuns;
    }

    /** How many other runs on the session are going now (their reply queues); 0 if they cannot be listed. */
    int countOtherRuns() {
        try {
            String prefix = queue.name().substring(0, queue.name().length() - 8); // all reply queues: <response>-c
            return (int) queue.siblingsStartingWith(prefix).keySet().stream().filter(name -> !name.equals(queue.name()))
                    .count();
        } catch (RuntimeException e) {
            LOG.debug("Counting the runs on the session failed: {}", Errors.oneLine(e));
            return 0;
        }
    }

    /** The queue the run's replies come to. */
    MessageQueue queue() {
        return queue;
    }

    /**
     * Deletes the reply queues of the session with {@code responses} whose runs are gone (killed,
     * or their machine lost); returns how many runs are still going. A failure is logged, not
     * thrown: it costs the run nothing.
     */
    static int deleteOrphans(MessageQueue responses) {
        int live = 0;
        try {
            Instant now = Instant.now();
            for (Map.Entry<String, Map<String, String>> queue
                    : responses.siblingsStartingWith(ReplyQueues.prefix(responses.name())).entrySet()) {
                if (ReplyQueues.isReplyQueue(responses.name(), queue.getKey()) && ReplyQueues.isOrphan(queue.getValue(), now)) {
                    responses.sibling(queue.getKey()).deleteIfExists();
                    LOG.info("Deleted reply queue {}: the run that made it is gone", queue.getKey());
                } else if (ReplyQueues.isReplyQueue(responses.name(), queue.getKey())) {
                    live++;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Looking for the reply queues of ended runs failed; the next run will look again: {}",
                    Errors.oneLine(e));
        }
        return live;
    }

    private void beat() {
        try {
            queue.setMetadata(ReplyQueues.ownerMetadata(Instant.now()));
        } catch (RuntimeException e) {
            LOG.warn("Renewing the heartbeat of reply queue {} failed: {}", queue.name(), Errors.oneLine(e));
        }
    }

    /**
     * Stops the heartbeat and leaves the queue, when the queue service cannot be reached to delete
     * it: without its heartbeat it is an orphan, which a later run on the session deletes.
     */
    void abandon() {
        heartbeat.shutdownNow();
        LOG.info("Left reply queue {} for a later run on the session to delete: the queue service cannot be reached",
                queue.name());
    }

    /**
     * Stops the heartbeat and deletes the queue (one already gone is deleted), waiting at most
     * {@code bound}: a queue service that does not answer, a frozen one, must not hold the run's end.
     * The delete runs on a thread of its own, so an interrupted caller (a run stopped by a signal)
     * still deletes, within the bound; the caller's interrupt flag is kept. A failure or no answer in time is logged:
     * the queue is then an orphan, which a later run on the session or its delete removes.
     */
    void close(Duration bound) {
        heartbeat.shutdownNow();
        try {
            BoundedCall.call("session-reply-queue-delete", queue::deleteIfExists, bound);
        } catch (TimeoutException e) {
            LOG.warn("Deleting reply queue {} got no answer in {} ms; a later run on the session or its delete removes it",
                    queue.name(), bound.toMillis());
        } catch (RuntimeException e) {
            LOG.warn("Deleting reply queue {} failed; a later run on the session or its delete removes it: {}", queue.name(),
                    Errors.oneLine(e));
        }
    }

    /** {@link #close(Duration)} with {@link #DELETE_WAIT}. */
    @Override
    public void close() {
        close(DELETE_WAIT);
    }
}
