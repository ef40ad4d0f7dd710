package com.sessionjar.session;

import com.sessionjar.BoundedCall;
import com.sessionjar.DaemonThreads;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.OrphanReplyQueues;
import com.sessionjar.protocol.ReplyQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reply queue of one send run (see {@link ReplyQueues}): made when the run starts (after the
 * queues of runs that are gone are deleted, if the run counts the others); its heartbeat renewed
 * while the run lasts; deleted, with any reply left in it, when the run ends.
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
    /** How many other runs were going when this one started; -1 if they were not counted. */
    private final int otherRuns;
    private final ScheduledExecutorService heartbeat;

    private RunQueue(MessageQueue queue, int otherRuns) {
        this.queue = queue;
        this.otherRuns = otherRuns;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("session-heartbeat"));
        long period = ReplyQueues.BEAT_PERIOD.toMillis();
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Makes run {@code run}'s queue beside {@code responses}, with its owner and heartbeat in the
     * same call. If {@code count}, first counts the other runs going on the session, deleting the
     * queues of those gone ({@link OrphanReplyQueues}: one listing); a run that does not need the
     * count leaves that to the runs that do and to the workers' own sweeps.
     */
    static RunQueue open(MessageQueue responses, String run, boolean count) {
        int others = count ? OrphanReplyQueues.delete(responses).map(Set::size).orElse(0) : -1;
        MessageQueue queue = responses.sibling(ReplyQueues.name(responses.name(), run));
        queue.create(ReplyQueues.ownerMetadata(Instant.now()));
        return new RunQueue(queue, others);
    }

    /** Whether the other runs were counted when this one started. */
    boolean counted() {
        return otherRuns >= 0;
    }

    /** How many other runs on the session were going when this one started (0 if not {@link #counted()}). */
    int otherRuns() {
        return Math.max(0, otherRuns);
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
        abandon("the queue service cannot be reached");
    }

    /** Stops the heartbeat and leaves the queue, logging {@code why} it is not deleted. */
    void abandon(String why) {
        heartbeat.shutdownNow();
        LOG.info("Left reply queue {} for a later run on the session to delete: {}", queue.name(), why);
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
