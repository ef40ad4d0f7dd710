package com.sessionjar.worker;

import com.azure.storage.queue.models.QueueStorageException;
import com.sessionjar.DaemonThreads;
import com.sessionjar.queue.Envelope;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.MessageText;
import com.sessionjar.queue.Pack;
import com.sessionjar.queue.ReceivedMessage;
import com.sessionjar.queue.ReplyQueues;
import com.sessionjar.service.BadRequestException;
import com.sessionjar.service.Service;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service host: takes requests from the request queue, hands them to a {@link Service} and
 * puts the replies on the response queue.
 *
 * <p>One polling loop feeds {@code concurrency} slots. A request is hidden for the message lease
 * while it is processed and the lease is renewed every 3/4 of it; the reply is sent before the
 * request is deleted, so a crash between the two duplicates a reply but never loses one. A
 * failed request is made visible again at once; one that has failed {@code MaxDequeueCount}
 * times, or that cannot be read at all, is moved to the poison queue and answered with an error
 * reply, so no request loops forever and no client waits forever. {@link #stop()} returns
 * in-flight requests.
 *
 * <p>Requests in the session.jar {@link Envelope} get their replies in one, naming the request;
 * plain requests get plain replies, as the original's workers send; a {@link Pack packed} message
 * of requests gets packed replies ({@link PackedRequest}).
 *
 * <p>The queues and the service are the caller's: the worker neither creates nor closes them.
 */
public final class Worker {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final Duration FIRST_IDLE_WAIT = Duration.ofMillis(20);
    /** The pause after a batch that drained the queue, so the next call takes several requests, not one. */
    private static final Duration GATHER_WAIT = Duration.ofMillis(100);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration SLOT_WAIT = Duration.ofMillis(100);
    /** Longest a receive in progress may hold up a stop (the SDK's retries included). */
    private static final Duration LOOP_END_WAIT = Duration.ofSeconds(30);

    private static final int KEPT_REPLY_QUEUES = 256;

    private final MessageQueue requests;
    private final MessageQueue responses;
    private final MessageQueue poisonQueue;
    private volatile boolean poisonQueueExists;
    private final Service service;
    private final Duration lease;
    private final int maxDequeueCount;
    private final Duration maxIdleWait;
    private final Semaphore freeSlots;
    private final ExecutorService slots;
    private final ScheduledExecutorService renewals;
    private final Set<Request> inFlight = ConcurrentHashMap.newKeySet();
    /** The client queues replied to lately, the least recently used dropped beyond {@value #KEPT_REPLY_QUEUES}. */
    private final Map<String, MessageQueue> replyQueues = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MessageQueue> eldest) {
            return size() > KEPT_REPLY_QUEUES;
        }
    };
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    private final WorkerCounters counters = new WorkerCounters();

    /**
     * A worker over the given queues and service, configured by {@code settings}; requests that
     * keep failing go to {@code poison} (created when first needed).
     */
    public Worker(MessageQueue requests, MessageQueue responses, MessageQueue poison, Service service,
                  WorkerSettings settings) {
        this.requests = requests;
        this.responses = responses;
        this.poisonQueue = poison;
        this.maxDequeueCount = settings.maxDequeueCount();
        this.service = service;
        this.lease = settings.messageLease();
        this.maxIdleWait = settings.queryInterval();
        this.freeSlots = new Semaphore(settings.concurrency());
        this.slots = Executors.newFixedThreadPool(settings.concurrency(), new DaemonThreads("worker-slot"));
        this.renewals = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("worker-lease"));
    }

    /** What the worker has done so far. */
    public WorkerCounters counters() {
        return counters;
    }

    /** Polls and processes requests until {@link #stop()} is called; blocks the calling thread. */
    public void run() {
        Duration idleWait = FIRST_IDLE_WAIT;
        try {
            while (!isStopping()) {
                int taken = takeSlots();
                if (taken == 0) {
                    break;
                }
                List<ReceivedMessage> batch;
                try {
                    batch = requests.receive(taken, lease);
                } catch (RuntimeException e) {
                    // The SDK has already retried; wait and poll again rather than let the loop die.
                    LOG.warn("Receiving from {} failed, polling again in {} ms: {}", requests.name(), maxIdleWait.toMillis(),
                            Errors.oneLine(e));
                    freeSlots.release(taken);
                    pause(maxIdleWait);
                    continue;
                }
                freeSlots.release(taken - batch.size());
                if (batch.isEmpty()) {
                    pause(idleWait);
                    idleWait = min(idleWait.multipliedBy(2), maxIdleWait);
                    continue;
                }
                idleWait = FIRST_IDLE_WAIT;
                for (ReceivedMessage message : batch) {
                    Request request = new Request(message);
                    inFlight.add(request);
                    slots.execute(request);
                }
                if (batch.size() < taken) {
                    // The queue is drained: let requests gather rather than take them one call each.
                    pause(min(GATHER_WAIT, maxIdleWait));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loopEnded.countDown();
        }
    }

    /**
     * Stops taking requests, cancels the service calls in flight and returns their requests to
     * the queue; replies already being sent are completed. Blocks until every slot is idle.
     */
    public void stop() {
        stopRequested.countDown();
        try {
            loopEnded.await(LOOP_END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            inFlight.forEach(Request::cancel);
            slots.shutdown();
            if (!slots.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                // A service that ignores interruption: give its requests back now; its late reply is dropped.
                inFlight.forEach(Request::giveBack);
                slots.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            renewals.shutdownNow();
        }
        LOG.info("Worker stopped: {}", counters);
    }

    private boolean isStopping() {
        return stopRequested.getCount() == 0;
    }

    /**
     * Waits for at least one free slot, then takes as many more as are free, up to a batch;
     * returns 0 if the worker is told to stop meanwhile.
     */
    private int takeSlots() throws InterruptedException {
        while (!freeSlots.tryAcquire(SLOT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            if (isStopping()) {
                return 0;
            }
        }
        int more = Math.min(freeSlots.availablePermits(), MessageQueue.MAX_BATCH - 1);
        return 1 + (more > 0 && freeSlots.tryAcquire(more) ? more : 0);
    }

    private void pause(Duration wait) throws InterruptedException {
        stopRequested.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One request taken from the queue, from the service call to its reply or return. */
    private final class Request implements Runnable {
        private ReceivedMessage message;
        private Thread runner;
        private boolean calling;
        private boolean settled;
        private ScheduledFuture<?> renewal;

        Request(ReceivedMessage message) {
            this.message = message;
        }

        @Override
        public void run() {
            long period = lease.toMillis() * 3 / 4;
            synchronized (this) {
                if (settled) {
                    return;
                }
                runner = Thread.currentThread();
                calling = true;
                renewal = renewals.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
            }
            try {
                process();
            } finally {
                inFlight.remove(this);
                freeSlots.release();
            }
        }

        private void process() {
            String text = message.text();
            if (Pack.isPacked(text)) {
                processPack(PackedRequest.read(text, responses.name()));
                return;
            }
            Envelope envelope = null;
            String unreadable = null;
            if (Envelope.isEnveloped(text)) {
                try {
                    envelope = Envelope.parse(text);
                    unreadable = envelope.id() == null ? "the envelope has no '" + Envelope.ID + "='"
                            : envelope.replyTo() != null && !ReplyQueues.isReplyQueue(responses.name(), envelope.replyTo())
                            ? "its reply queue '" + envelope.replyTo() + "' is not one of " + responses.name() : null;
                } catch (IllegalArgumentException e) {
                    unreadable = e.getMessage();
                }
                if (unreadable != null) {
                    envelope = null;
                }
            }
            String body = envelope == null ? text : envelope.body();
            if (message.dequeueCount() > maxDequeueCount) {
                // Taken that often with no outcome: whatever handled it died (a crash, a kill), so do not try again.
                poison(envelope, body, "it was taken " + (message.dequeueCount() - 1) + " times without a reply (a worker"
                        + " may have died while handling it)");
                return;
            }
            if (unreadable != null) {
                poison(null, text, "the request cannot be read: " + unreadable);
                return;
            }
            try {
                String reply = service.call(body);
                synchronized (this) {
                    calling = false;
                    Thread.interrupted(); // a cancel that came too late is moot: the reply is ready
                    if (settled) {
                        return;
                    }
                }
                String replyText = envelope == null ? reply : envelope.reply(reply).text();
                try {
                    MessageText.check(replyText);
                } catch (IllegalArgumentException e) {
                    poison(envelope, body, "its reply cannot be sent: " + e.getMessage());
                    return;
                }
                sendReply(envelope, replyText);
                settle();
                counters.processed.incrementAndGet();
                deleteAnswered();
                LOG.debug("Replied to request {}", message.id());
            } catch (InterruptedException e) {
                giveBack();
            } catch (BadRequestException e) {
                poison(envelope, body, "the service cannot read it: " + e.getMessage());
            } catch (Exception e) {
                counters.failed.incrementAndGet();
                if (message.dequeueCount() >= maxDequeueCount) {
                    poison(envelope, body, "it failed " + message.dequeueCount() + " times; the last time: "
                            + Errors.oneLine(e));
                } else {
                    LOG.warn("Request {} failed (attempt {} of {}), making it visible again: {}", message.id(),
                            message.dequeueCount(), maxDequeueCount, Errors.oneLine(e));
                    giveBack();
                }
            }
        }

        /**
         * A packed request: its requests called in turn on this slot, then their replies sent (a
         * message or a few per reply queue), then the message deleted; see {@link PackedRequest}.
         */
        private void processPack(PackedRequest pack) {
            if (message.dequeueCount() > maxDequeueCount) {
                pack.poisonWhole("it was taken " + (message.dequeueCount() - 1) + " times without a reply (a worker may"
                        + " have died while handling it)");
            } else if (pack.problem() != null) {
                pack.poisonWhole("the pack cannot be read: " + pack.problem());
            } else {
                try {
                    pack.call(service, message.dequeueCount() >= maxDequeueCount);
                } catch (InterruptedException e) {
                    giveBack();
                    return;
                } catch (Exception e) {
                    counters.failed.incrementAndGet();
                    LOG.warn("A request of pack {} failed (attempt {} of {}), making the pack visible again: {}",
                            message.id(), message.dequeueCount(), maxDequeueCount, Errors.oneLine(e));
                    giveBack();
                    return;
                }
                synchronized (this) {
                    calling = false;
                    Thread.interrupted(); // a cancel that came too late is moot: the replies are ready
                    if (settled) {
                        return;
                    }
                }
            }
            try {
                if (pack.isPoisonedWhole()) {
                    createdPoisonQueue().send(message.text());
                }
                pack.poisonedAlone().forEach(createdPoisonQueue()::send);
                pack.replies(service, poisonQueue.name()).forEach((to, texts) -> texts.forEach(text -> sendReply(to, text)));
            } catch (RuntimeException e) {
                LOG.warn("Answering pack {} failed, making it visible again: {}", message.id(), Errors.oneLine(e));
                giveBack();
                return;
            }
            if (!settle()) {
                return;
            }
            counters.processed.addAndGet(pack.answered());
            counters.poisoned.addAndGet(pack.poisoned());
            if (pack.poisoned() > 0) {
                LOG.warn("{} of the {} requests of pack {} moved to {}", pack.poisoned(), pack.size(), message.id(),
                        poisonQueue.name());
            }
            deleteAnswered();
        }

        /**
         * Sends a reply where the request says: its client's own queue, or the response queue. A
         * client queue that is gone means the client has ended: the reply has no reader and is
         * dropped (counted), and the request still counts as answered.
         */
        private void sendReply(Envelope envelope, String replyText) {
            sendReply(envelope == null ? null : envelope.replyTo(), replyText);
        }

        /** Sends a reply to the client queue {@code to}, or to the response queue if null; see above. */
        private void sendReply(String to, String replyText) {
            if (to == null) {
                responses.send(replyText);
                return;
            }
            try {
                replyQueue(to).send(replyText);
            } catch (QueueStorageException e) {
                if (!MessageQueue.isQueueGone(e)) {
                    throw e;
                }
                counters.dropped.incrementAndGet();
                LOG.info("Dropped the reply to request {}: its client has ended (reply queue {} is gone)", message.id(), to);
            }
        }

        /** Deletes the request once its reply is sent; if that fails, it reappears and is answered twice. */
        private void deleteAnswered() {
            try {
                requests.delete(message);
            } catch (RuntimeException e) {
                counters.undeleted.incrementAndGet();
                LOG.warn("Replied to request {} but could not delete it; it reappears after its lease and will be"
                        + " answered again: {}", message.id(), Errors.oneLine(e));
            }
        }

        /**
         * Gives up on the request: copies it to the poison queue, sends an error reply (so the client
         * does not wait for it forever), then deletes it. If a step fails the request is made visible
         * again; its dequeue count brings it straight back here.
         */
        private void poison(Envelope envelope, String body, String reason) {
            if (!settle()) {
                return;
            }
            try {
                createdPoisonQueue().send(message.text());
                String errorReply = service.errorReply(body, "Request moved to " + poisonQueue.name() + ": " + reason);
                sendReply(envelope, envelope == null ? errorReply : envelope.poisonReply(errorReply).text());
                counters.poisoned.incrementAndGet();
                LOG.warn("Request {} moved to {}: {}", message.id(), poisonQueue.name(), reason);
            } catch (RuntimeException e) {
                LOG.warn("Moving request {} to {} failed, making it visible again: {}", message.id(), poisonQueue.name(),
                        Errors.oneLine(e));
                release();
                return;
            }
            deleteAnswered();
        }

        /** Renews the lease; runs on the lease thread, under the lock, so no receipt goes stale. */
        private synchronized void renew() {
            if (settled) {
                return;
            }
            try {
                message = requests.extendLease(message, lease);
            } catch (RuntimeException e) {
                counters.renewalsFailed.incrementAndGet();
                LOG.warn("Renewing the lease of request {} failed; if it stays unrenewed another worker may take it"
                        + " and answer it too (a duplicate reply): {}", message.id(), Errors.oneLine(e));
            }
        }

        /** Interrupts the service call, if one is running; a reply being sent is left to finish. */
        synchronized void cancel() {
            if (calling && runner != null) {
                runner.interrupt();
            }
        }

        /** Ends renewals; after this the request's fate is fixed and its receipt stays current. */
        private synchronized boolean settle() {
            if (settled) {
                return false;
            }
            settled = true;
            if (renewal != null) {
                renewal.cancel(false);
            }
            return true;
        }

        /** Makes the request visible again, unless it was already settled. */
        void giveBack() {
            if (settle()) {
                release();
            }
        }

        private void release() {
            try {
                requests.release(message);
                counters.returned.incrementAndGet();
            } catch (RuntimeException e) {
                LOG.warn("Returning request {} to the queue failed; it reappears when its lease ends: {}", message.id(),
                        Errors.oneLine(e));
            }
        }
    }

    /** The client queue {@code name} (checked to be one of the session's), opened once and kept while in use. */
    private MessageQueue replyQueue(String name) {
        synchronized (replyQueues) {
            return replyQueues.computeIfAbsent(name, responses::sibling);
        }
    }

    /** The poison queue, created the first time a request is moved there. */
    private MessageQueue createdPoisonQueue() {
        if (!poisonQueueExists) {
            poisonQueue.createIfNotExists();
            poisonQueueExists = true;
        }
        return poisonQueue;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
