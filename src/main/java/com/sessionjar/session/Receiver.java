package com.sessionjar.session;

import com.sessionjar.IdleBackoff;
import com.sessionjar.ReceivePacer;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of one run, on the caller's thread, a pass at a time: answers the messages
 * its {@link Dispatcher} refused, receives a batch of replies, has each deleted on the run's pool
 * and takes its answers into the run's {@link ReplyTally}, freeing their places in the window;
 * then pauses, as an {@link IdleBackoff} says after an empty receive, or as a
 * {@link ReceivePacer} says after one that drained the reply queue, and keeps a shared window
 * resized. It has overdue requests sent again ({@link Resender}; not in a plain run) and rides out
 * an {@link Outage} of the queue service while it is tolerated. Not thread-safe: one run, one
 * receiving thread.
 */
final class Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);
    private static final Duration REPLY_LEASE = Duration.ofSeconds(60);
    /** Replies are awaited: an empty reply queue is polled again within 5 ms doubling to 100 ms (with jitter). */
    private static final Duration FIRST_IDLE_WAIT = Duration.ofMillis(5);
    private static final Duration MAX_IDLE_WAIT = Duration.ofMillis(100);
    /**
     * A run whose replies wake it ({@link Wakes#watched()}) polls its empty reply queue after 50 ms
     * doubling to 800 ms: the polls only stand in for a wake that did not come.
     */
    private static final Duration FIRST_WOKEN_WAIT = Duration.ofMillis(50);
    private static final Duration MAX_WOKEN_WAIT = Duration.ofMillis(800);
    /**
     * The longest pause after a call that drained the reply queue, so the next call takes several
     * replies rather than one (see {@link ReceivePacer}), for a run going alone.
     */
    private static final Duration GATHER_WAIT = Duration.ofMillis(100);
    /** The longest gather wait, for many runs at once (each gets a share of the replies). */
    private static final Duration MAX_GATHER_WAIT = Duration.ofMillis(400);
    /**
     * How often, at most, a run that finds no reply waiting asks whether the session's request queue
     * is still there: one gone (the session deleted, its queue service's data lost) takes the
     * requests in it with it, and a full window, or a run that has sent all, sends nothing that would
     * find out. One call in 3 s, only while replies are awaited.
     */
    private static final Duration LOOK_INTERVAL = Duration.ofSeconds(3);
    /** The pause while every request taken is answered and the next message is being read. */
    private static final long INPUT_WAIT_MS = 5;

    private final MessageQueue replies;
    /** The run's pool: the run's to shut down, not the receiver's. */
    private final ExecutorService deletes;
    private final Dispatcher dispatcher;
    private final ReplyTally tally;
    /** Takes a reply message into the tally: its answers (several if packed; none if a duplicate or unmatched). */
    private final Function<ReceivedMessage, List<Answer>> take;
    private final Window window;
    private final int pack;
    private final Outage outage;
    /** Null in a plain run: its requests have no ids, so a second reply could not be told from an answer. */
    private final Resender resender;
    /** Whether the reply queue is the run's own, deleted with what it holds when the run ends. */
    private final boolean queueDeletedAtEnd;
    /** The run's wake files: if replies wake the run, an empty reply queue is polled seldom. */
    private final Wakes wakes;
    private final IdleBackoff idle;
    /** Whether the run has waited once for its first replies: a receive at once after the first send would find none. */
    private boolean awaitedFirst;
    private final ReceivePacer pacer = new ReceivePacer(System.nanoTime());
    /** When the request queue was last looked up (or the run began). */
    private long lastLooked = System.nanoTime();

    /**
     * A receiver of the replies in {@code replies} to {@code dispatcher}'s requests, which
     * {@code take} takes into {@code tally}; replies are deleted on {@code deletes}, and a reply
     * message answers up to {@code pack} requests; {@code resender} (null: none) resends the overdue
     * requests, and an {@code outage} of the queue service is waited out while it is tolerated. If
     * {@code queueDeletedAtEnd} (the run's own queue), the replies that answer the last requests
     * are not deleted one by one: the queue is, with them. Where replies wake the run ({@code wakes}),
     * it waits for them rather than poll.
     */
    Receiver(MessageQueue replies, ExecutorService deletes, Dispatcher dispatcher, ReplyTally tally,
             Function<ReceivedMessage, List<Answer>> take, Window window, int pack, Outage outage, Resender resender,
             boolean queueDeletedAtEnd, Wakes wakes) {
        this.replies = replies;
        this.deletes = deletes;
        this.dispatcher = dispatcher;
        this.tally = tally;
        this.take = take;
        this.window = window;
        this.pack = pack;
        this.outage = outage;
        this.resender = resender;
        this.queueDeletedAtEnd = queueDeletedAtEnd;
        this.wakes = wakes;
        this.idle = wakes.watched() ? new IdleBackoff(FIRST_WOKEN_WAIT, MAX_WOKEN_WAIT, 0, System.nanoTime())
                : new IdleBackoff(FIRST_IDLE_WAIT, MAX_IDLE_WAIT, 0, System.nanoTime());
    }

    /** Whether every request has been taken and answered. */
    boolean allAnswered() {
        return dispatcher.done() && tally.received() >= dispatcher.taken();
    }

    /**
     * One pass, handing each answer to {@code onAnswer} and pausing no later than {@code deadline};
     * returns whether it received, false if it only waited for the next message to be read.
     *
     * @throws RuntimeException why the dispatcher could not go on (a send failed, or reading the messages), or
     *                          why a receive failed (an outage of the queue service only once it is past its bound)
     */
    boolean pass(Consumer<Answer> onAnswer, long deadline) throws InterruptedException {
        RuntimeException failure = dispatcher.failure();
        if (failure != null) {
            throw failure;
        }
        for (Dispatcher.Refusal refusal; (refusal = dispatcher.nextRefusal()) != null; ) {
            onAnswer.accept(tally.refuse(refusal.sequence(), refusal.message(), refusal.problem()));
            window.release();
        }
        if (resender != null) {
            resender.resendOverdue(System.nanoTime());
        }
        long outstanding = dispatcher.taken() - tally.received();
        if (outstanding <= 0 || dispatcher.sent() == 0 && dispatcher.failure() == null) {
            // Nothing to await, or nothing sent yet (a reply cannot come before its request): a receive would be wasted.
            if (outstanding <= 0) {
                outage.awaitsNothing(System.nanoTime()); // e.g. --send - waiting for its next line
            }
            Thread.sleep(INPUT_WAIT_MS);
            return false;
        }
        if (wakes.watched() && !awaitedFirst) {
            awaitedFirst = true; // the first request is sent: its reply wakes the run, or the first wait ends
            pause(0, 1, System.nanoTime(), deadline);
            return false;
        }
        endIfSessionGone();
        int most = (int) Math.min(MessageQueue.MAX_BATCH, outstanding);
        List<ReceivedMessage> batch;
        long began = System.nanoTime();
        try {
            batch = replies.receive(most, REPLY_LEASE, callLimit(began, deadline));
        } catch (RuntimeException e) {
            if (!MessageQueue.saysQueueGone(e)) {
                endIfSessionGone();
                return waitOut(e, began, deadline);
            }
            if (resender == null) {
                throw e; // a plain run's replies come in the session's response queue: it is gone
            }
            dispatcher.requests().approximateDepth(); // throws the request queue's 404 if the session's queues are gone too
            // A queue service that crashed may come back without its latest writes, this queue's making among them.
            LOG.warn("Reply queue {} is gone (the queue service lost it?): making it again; the requests whose replies"
                    + " were lost meanwhile are resent when overdue", replies.name());
            replies.createIfNotExists();
            return false;
        }
        long now = System.nanoTime();
        outage.up(now);
        pacer.received(batch.size(), now);
        for (ReceivedMessage reply : batch) {
            List<Answer> answers = take.apply(reply);
            window.release(answers.size()); // at once, so a packing dispatcher fills a whole pack
            answers.forEach(onAnswer);
        }
        if (!(queueDeletedAtEnd && allAnswered())) {
            // Deleted unless these are the run's last replies and its queue is deleted with them, one call for all.
            batch.forEach(reply -> deletes.execute(() -> deleteQuietly(reply)));
        }
        pause(batch.size(), most, now, deadline);
        window.keepShared();
        return true;
    }

    /**
     * How long a receive begun at {@code now} may take: while the queue service is down, no longer
     * than the outage may last yet or the run's {@code deadline} (so the run ends at its bound, not
     * a call's retries later), at least {@link Outage#RETRY_PAUSE}; otherwise null, the SDK's retries alone.
     */
    private Duration callLimit(long now, long deadline) {
        Duration left = outage.left(now);
        if (left == null) {
            return null;
        }
        Duration limit = left;
        if (deadline != Long.MAX_VALUE && deadline - now < limit.toNanos()) {
            limit = Duration.ofNanos(Math.max(0, deadline - now));
        }
        return limit.compareTo(Outage.RETRY_PAUSE) > 0 ? limit : Outage.RETRY_PAUSE;
    }

    /**
     * After a receive begun at {@code began} failed with {@code e}: pauses before the next, if the
     * failure is an outage of the queue service the run still waits out, and returns false.
     *
     * @throws RuntimeException {@code e}, if it is not such an outage
     */
    private boolean waitOut(RuntimeException e, long began, long deadline) throws InterruptedException {
        long now = System.nanoTime();
        if (!outage.tolerates(e, began, now)) {
            throw e;
        }
        Thread.sleep(Math.max(0, Math.min(Outage.RETRY_PAUSE.toMillis(), (deadline - now) / 1_000_000)));
        return false;
    }

    /** After a receive at {@code now} took {@code received} of the {@code most} it asked for. */
    private void pause(int received, int most, long now, long deadline) throws InterruptedException {
        if (received == 0) {
            lookForRequestQueue(now);
            wakes.awaitReply(Math.max(0, Math.min(idle.afterEmpty(now).toMillis(), (deadline - now) / 1_000_000)));
            return;
        }
        idle.reset(now);
        long awaited = dispatcher.taken() - tally.received();
        if (received < most && awaited > 0) {
            // The reply queue is drained: wait for the next replies to gather. Runs going at once
            // each get a share of the replies: each may wait longer, polls less.
            Duration longest = GATHER_WAIT.multipliedBy(window.runs());
            longest = longest.compareTo(MAX_GATHER_WAIT) < 0 ? longest : MAX_GATHER_WAIT;
            long replyMessages = (awaited + pack - 1) / pack; // a reply message answers up to pack
            Thread.sleep(pacer.gatherWait(replyMessages, longest).toMillis());
        }
    }

    /**
     * After an empty receive at {@code now}, asks whether the request queue is still there, if it was
     * last asked {@link #LOOK_INTERVAL} ago and the queue service is not known to be down (the
     * receives wait that out). A look-up that finds no service is an outage, as a receive's would be.
     *
     * @throws RuntimeException the queue's 404 if it is gone, {@link SessionGoneException} if the
     *                          session's folder is, or why the look-up failed if it is not an outage tolerated yet
     */
    private void lookForRequestQueue(long now) {
        if (now - lastLooked < LOOK_INTERVAL.toNanos() || outage.isDown()) {
            return;
        }
        lastLooked = now;
        endIfSessionGone(); // the delete that took the folder took the queues, and may be stopping the service
        try {
            dispatcher.requests().approximateDepth();
            outage.up(System.nanoTime());
        } catch (RuntimeException e) {
            if (MessageQueue.saysQueueGone(e)) {
                throw e;
            }
            endIfSessionGone();
            if (!outage.tolerates(e, now, System.nanoTime())) {
                throw e;
            }
        }
    }

    /**
     * Before a call: a local session whose folder is gone was deleted, queues and all, and the last
     * delete stops the queue service too, so the call would only wait out an outage.
     *
     * @throws SessionGoneException if the session's folder is gone
     */
    private void endIfSessionGone() {
        if (wakes.sessionGone()) {
            throw wakes.gone("the session was deleted");
        }
    }

    private void deleteQuietly(ReceivedMessage reply) {
        try {
            replies.delete(reply);
        } catch (RuntimeException e) {
            LOG.warn("Deleting reply {} failed; it will be received again: {}", reply.id(), Errors.oneLine(e));
        }
    }
}
