package com.sessionjar.worker;

import com.azure.storage.queue.models.QueueStorageException;
import com.sessionjar.DaemonThreads;
import com.sessionjar.protocol.Envelope;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.service.Service;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a worker's answers go out: replies to the response queue or to a client's own queue,
 * error replies and copies to the poison queue. The replies are sent on a pool of their own, so a
 * slot's next call does not wait for storage.
 *
 * <p>The answer pool is this replier's; the queues and the service are the worker's caller's.
 */
final class Replier {
    private static final Logger LOG = LoggerFactory.getLogger(Replier.class);
    /** Threads that send replies and delete requests; together with the slots they bound what the worker holds. */
    private static final int ANSWER_THREADS = 32;
    private static final int KEPT_REPLY_QUEUES = 256;
    /**
     * How long a reply queue found gone stays known as gone. A run's queue that a queue service lost in
     * a crash is made again by its client, whose resends come 30 s after the first send at the soonest:
     * by then its requests are called again. An ended run's backlog costs one call per this period.
     */
    private static final long GONE_FOR_NANOS = Duration.ofSeconds(10).toNanos();

    private final MessageQueue responses;
    private final MessageQueue poisonQueue;
    /** Volatile: any answer thread may create the queue; creating it twice does no harm. */
    private volatile boolean poisonQueueExists;
    private final Service service;
    private final WorkerCounters counters;
    /** Told each client queue a reply went to (locally: wakes the run, see {@link com.sessionjar.protocol.WakeFile}). */
    private final Consumer<String> replied;
    /** Bounds the replies waiting to be sent: a slot waits for room rather than pile them up. */
    private final Semaphore answerRoom = new Semaphore(2 * ANSWER_THREADS);
    private final ExecutorService answers = Executors.newFixedThreadPool(ANSWER_THREADS,
            new DaemonThreads("worker-answer"));
    /**
     * Guarded by itself: the client queues replied to lately, the least recently used dropped
     * beyond {@value #KEPT_REPLY_QUEUES}.
     */
    private final Map<String, MessageQueue> replyQueues = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MessageQueue> eldest) {
            return size() > KEPT_REPLY_QUEUES;
        }
    };

    /**
     * The client queues found gone lately, with when (System.nanoTime): their runs have ended, or
     * their queue service lost them and their clients make them again. For {@link #GONE_FOR_NANOS}
     * their requests are skipped; the eldest are forgotten beyond {@value #KEPT_REPLY_QUEUES}.
     */
    private final Map<String, Long> goneReplyQueues = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > KEPT_REPLY_QUEUES;
        }
    });

    /**
     * A replier to {@code responses} and the queues beside it, poisoning to {@code poison} (created
     * when first needed); {@code replied} is told the name of each client queue a reply was sent to.
     */
    Replier(MessageQueue responses, MessageQueue poison, Service service, WorkerCounters counters,
            Consumer<String> replied) {
        this.responses = responses;
        this.poisonQueue = poison;
        this.service = service;
        this.counters = counters;
        this.replied = replied;
    }

    /** The session's response queue, whose name every reply queue a request names must extend. */
    String responseQueue() {
        return responses.name();
    }

    /** The error reply, in the service's format, for {@code body} moved to the poison queue for {@code reason}. */
    String errorReply(String body, String reason) {
        return service.errorReply(body, "Request moved to " + poisonQueue.name() + ": " + reason);
    }

    /**
     * Runs {@code answering} (replies to send, a request to delete) on the answer pool once it has
     * room, then {@code then}.
     */
    void handOn(Runnable answering, Runnable then) throws InterruptedException {
        answerRoom.acquire();
        answers.execute(() -> {
            try {
                answering.run();
            } finally {
                answerRoom.release();
                then.run();
            }
        });
    }

    /**
     * Sends a reply to the client queue {@code to}, or to the response queue if null. A client
     * queue that is gone means the client has ended: the reply has no reader and is dropped
     * (counted), and the request still counts as answered.
     */
    void send(String to, String replyText, String requestId) {
        if (to == null) {
            responses.send(replyText);
            return;
        }
        try {
            replyQueue(to).send(replyText);
            replied.accept(to);
        } catch (QueueStorageException e) {
            if (!MessageQueue.isQueueGone(e)) {
                throw e;
            }
            counters.dropped.incrementAndGet();
            goneReplyQueues.put(to, System.nanoTime());
            LOG.info("Dropped the reply to request {}: its client has ended (reply queue {} is gone)", requestId, to);
        }
    }

    /**
     * Whether the run of {@code request} has ended, so no one waits for its reply: past the
     * deadline its envelope carries ({@code until=}, by this machine's clock), or its reply queue
     * found gone by an earlier reply in the last {@link #GONE_FOR_NANOS} (no storage transaction is
     * spent to find out).
     */
    boolean runEnded(Envelope request) {
        if (request.isPast(System.currentTimeMillis())) {
            return true;
        }
        Long goneAt = request.replyTo() == null ? null : goneReplyQueues.get(request.replyTo());
        return goneAt != null && System.nanoTime() - goneAt < GONE_FOR_NANOS;
    }

    /** Counts {@code count} requests of ended runs skipped ({@link #runEnded}); the message itself is deleted by the caller. */
    void expired(int count) {
        counters.expired.addAndGet(count);
    }

    /** The poison queue, created the first time a request is moved there. */
    MessageQueue createdPoisonQueue() {
        if (!poisonQueueExists) {
            poisonQueue.createIfNotExists();
            poisonQueueExists = true;
        }
        return poisonQueue;
    }

    /**
     * Gives up on a single request: copies it to the poison queue, sends an error reply (so the
     * client does not wait for it forever), then deletes it. If a step fails the request is made
     * visible again; its dequeue count brings it straight back here.
     */
    void poison(Lease lease, Envelope envelope, String body, String reason) {
        if (!lease.settle()) {
            return;
        }
        String requestId = lease.taken().id();
        try {
            createdPoisonQueue().send(lease.taken().text());
            String errorReply = errorReply(body, reason);
            send(envelope == null ? null : envelope.replyTo(),
                    envelope == null ? errorReply : envelope.poisonReply(errorReply).text(), requestId);
            counters.poisoned.incrementAndGet();
            LOG.warn("Request {} moved to {}: {}", requestId, poisonQueue.name(), reason);
        } catch (RuntimeException e) {
            LOG.warn("Moving request {} to {} failed, making it visible again: {}", requestId, poisonQueue.name(),
                    Errors.oneLine(e));
            lease.release();
            return;
        }
        lease.delete();
    }

    /** The name of the poison queue, for logs. */
    String poisonQueueName() {
        return poisonQueue.name();
    }

    /** Counts a settled request message answered ({@code answered} replies, {@code poisoned} error replies), then deletes it. */
    void answered(Lease lease, int answered, int poisoned) {
        counters.processed.addAndGet(answered);
        counters.poisoned.addAndGet(poisoned);
        lease.delete();
    }

    /** Lets the replies handed on so far be sent, and takes no more. */
    void shutdown() {
        answers.shutdown();
    }

    /** Waits up to {@code timeout} for the replies handed on to be sent; true if they all were. */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return answers.awaitTermination(timeout, unit);
    }

    /** The client queue {@code name} (checked to be one of the session's), opened once and kept while in use. */
    private MessageQueue replyQueue(String name) {
        synchronized (replyQueues) {
            return replyQueues.computeIfAbsent(name, responses::sibling);
        }
    }
}
