package com.sessionjar.worker;

import com.sessionjar.protocol.WorkerSettings;
import com.azure.storage.queue.models.QueueStorageException;
import com.sessionjar.DaemonThreads;
import com.sessionjar.IdleBackoff;
import com.sessionjar.protocol.Envelope;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.protocol.MessageText;
import com.sessionjar.protocol.Pack;
import com.sessionjar.queue.ReceivedMessage;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service host: takes requests from the request queue, hands them to a {@link Service} and
 * puts the replies on the response queue.
 *
 * <p>One polling loop feeds {@code concurrency} slots, each running one service call at a time.
 * When calls are quick the loop also takes a few requests ahead (up to a batch, as many as the
 * slots get through in {@value #PREFETCH_HORIZON_MS} ms), so a fast service never waits for a
 * receive; a slow one takes no more than it has slots for, leaving the rest to other workers. The
 * reply is sent and the request deleted off the slot, on a pool of their own, so the next call
 * does not wait for storage. An empty queue is polled less and less often: the wait doubles, with
 * jitter, up to the query interval, but never beyond a tenth of the time the queue has been empty,
 * so a burst after a short pause is picked up at once and an idle worker costs almost nothing.
 *
 * <p>A request is hidden for the message lease from when it is taken and the lease is renewed
 * every 3/4 of it; the reply is sent before the request is deleted, so a crash between the two
 * duplicates a reply but never loses one. A
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
    /** An empty queue is polled again within a tenth of the time it has been empty (see {@link IdleBackoff}). */
    static final int IDLE_FRACTION = 10;
    /**
     * The longest pause after a call that drained the queue, so the next call takes several
     * requests, not one: long enough for workers that share a queue to take several each.
     */
    private static final Duration MAX_GATHER_WAIT = Duration.ofMillis(200);
    /** The batch a gather wait aims for: enough to make a receive cost little per request. */
    private static final int GATHER_TARGET = 16;
    /** Requests taken ahead are as many as the slots get through in this time. */
    private static final int PREFETCH_HORIZON_MS = 100;
    /** Threads that send replies and delete requests; together with the slots they bound what the worker holds. */
    private static final int ANSWER_THREADS = 32;
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
    private final int concurrency;
    /** Requests taken and not yet past their service call (waiting for a slot or in one). */
    private final AtomicInteger notCalled = new AtomicInteger();
    /** Released whenever a request leaves its slot, to wake the polling loop. */
    private final Semaphore slotFreed = new Semaphore(0);
    /** Service call time, moving average in nanoseconds; -1 until the first call. */
    private final AtomicLong callNanos = new AtomicLong(-1);
    /** Bounds the replies waiting to be sent: a slot waits for room rather than pile them up. */
    private final Semaphore answerRoom = new Semaphore(2 * ANSWER_THREADS);
    private final ExecutorService slots;
    private final ExecutorService answers;
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
        this.concurrency = settings.concurrency();
        this.slots = Executors.newFixedThreadPool(concurrency, new DaemonThreads("worker-slot"));
        this.answers = Executors.newFixedThreadPool(ANSWER_THREADS, new DaemonThreads("worker-answer"));
        this.renewals = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("worker-lease"));
    }

    /** What the worker has done so far. */
    public WorkerCounters counters() {
        return counters;
    }

    /** Polls and processes requests until {@link #stop()} is called; blocks the calling thread. */
    public void run() {
        IdleBackoff idle = new IdleBackoff(FIRST_IDLE_WAIT, maxIdleWait, IDLE_FRACTION, System.nanoTime());
        double rate = 0; // requests per second taken lately, for the gather wait
        long lastReceive = System.nanoTime();
        try {
            while (!isStopping()) {
                int wanted = wanted();
                if (wanted == 0) {
                    slotFreed.tryAcquire(SLOT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    slotFreed.drainPermits();
                    continue;
                }
                List<ReceivedMessage> batch;
                try {
                    batch = requests.receive(wanted, lease);
                } catch (RuntimeException e) {
                    // The SDK has already retried; wait and poll again rather than let the loop die.
                    LOG.warn("Receiving from {} failed, polling again in {} ms: {}", requests.name(), maxIdleWait.toMillis(),
                            Errors.oneLine(e));
                    pause(maxIdleWait);
                    continue;
                }
                long now = System.nanoTime();
                rate = 0.7 * rate + 0.3 * batch.size() * 1e9 / Math.max(1, now - lastReceive);
                lastReceive = now;
                if (batch.isEmpty()) {
                    pause(idle.afterEmpty(now));
                    continue;
                }
                idle.reset(now);
                for (ReceivedMessage message : batch) {
                    Request request = new Request(message);
                    inFlight.add(request);
                    notCalled.incrementAndGet();
                    request.renewLeaseFromNow();
                    slots.execute(request);
                }
                if (batch.size() < wanted) {
                    // The queue is drained: let requests gather rather than take them one call each.
                    pause(min(gatherWait(rate), maxIdleWait));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loopEnded.countDown();
        }
    }

    /** Adds a service call of {@code nanos} to the moving average of call times. */
    private void timed(long nanos) {
        callNanos.getAndUpdate(average -> average < 0 ? nanos : average + (nanos - average) / 8);
    }

    /** How many requests the next receive may take: free slots plus, for a quick service, a few ahead. */
    private int wanted() {
        return (int) Math.max(0, Math.min(MessageQueue.MAX_BATCH, concurrency + ahead(concurrency, callNanos.get())
                - notCalled.get()));
    }

    /**
     * How many requests to take ahead of free slots: as many as {@code concurrency} slots get
     * through in {@value #PREFETCH_HORIZON_MS} ms at {@code callNanos} per call, at most a batch;
     * none before the first call is timed.
     */
    static int ahead(int concurrency, long callNanos) {
        if (callNanos < 0) {
            return 0;
        }
        long through = concurrency * Duration.ofMillis(PREFETCH_HORIZON_MS).toNanos() / Math.max(1, callNanos);
        return (int) Math.min(MessageQueue.MAX_BATCH, through);
    }

    /**
     * The wait, after a call that drained the queue, for {@value #GATHER_TARGET} requests to gather
     * at the rate they came lately: at most {@link #MAX_GATHER_WAIT}.
     */
    static Duration gatherWait(double perSecond) {
        if (perSecond <= 0) {
            return MAX_GATHER_WAIT;
        }
        return min(Duration.ofNanos((long) (GATHER_TARGET * 1e9 / perSecond)), MAX_GATHER_WAIT);
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
            answers.shutdown();
            answers.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
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

    private void pause(Duration wait) throws InterruptedException {
        stopRequested.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One request taken from the queue, from the service call to its reply or return. */
    private final class Request implements Runnable {
        /** Final: the hold on the message, which alone reads and replaces its pop receipt. */
        private final Lease lease;
        /** Final: as taken, for its id, text and dequeue count; its pop receipt is the lease's to keep current. */
        private final ReceivedMessage message;
        private Thread runner;
        private boolean calling;

        Request(ReceivedMessage message) {
            this.message = message;
            this.lease = new Lease(message, requests, Worker.this.lease, renewals, counters);
        }

        /** Starts the lease renewals, every 3/4 of the lease from now (the request was just taken). */
        void renewLeaseFromNow() {
            lease.renewFromNow();
        }

        @Override
        public void run() {
            boolean answering = false;
            try {
                synchronized (this) {
                    if (lease.isSettled()) {
                        return;
                    }
                    runner = Thread.currentThread();
                    calling = true;
                }
                answering = process();
            } finally {
                notCalled.decrementAndGet();
                slotFreed.release();
                if (!answering) {
                    inFlight.remove(this);
                }
            }
        }

        /** Calls the service; returns true if the reply was handed on to be sent (which ends the request). */
        private boolean process() {
            String text = message.text();
            if (Pack.isPacked(text)) {
                return processPack(PackedRequest.read(text, responses.name()));
            }
            Envelope envelope = null;
            String unreadable = null;
            if (Envelope.isEnveloped(text)) {
                try {
                    envelope = Envelope.parse(text);
                    unreadable = EnvelopeCheck.problem(envelope, responses.name(), false);
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
                return false;
            }
            if (unreadable != null) {
                poison(null, text, "the request cannot be read: " + unreadable);
                return false;
            }
            try {
                long called = System.nanoTime();
                String reply = service.call(body);
                timed(System.nanoTime() - called);
                synchronized (this) {
                    calling = false;
                    Thread.interrupted(); // a cancel that came too late is moot: the reply is ready
                    if (lease.isSettled()) {
                        return false;
                    }
                }
                Envelope request = envelope;
                handOn(() -> answer(request, body, reply));
                return true;
            } catch (InterruptedException e) {
                giveBack();
            } catch (Exception e) {
                failed(envelope, body, e);
            }
            return false;
        }

        /** Hands {@code answering} (a reply to send, a request to delete) to the answer pool, once it has room. */
        private void handOn(Runnable answering) throws InterruptedException {
            answerRoom.acquire();
            answers.execute(() -> {
                try {
                    answering.run();
                } finally {
                    answerRoom.release();
                    inFlight.remove(this);
                }
            });
        }

        /** Sends the reply, then deletes the request; runs on the answer pool. */
        private void answer(Envelope envelope, String body, String reply) {
            try {
                String replyText = envelope == null ? reply : envelope.reply(reply).text();
                try {
                    MessageText.check(replyText);
                } catch (IllegalArgumentException e) {
                    poison(envelope, body, "its reply cannot be sent: " + e.getMessage());
                    return;
                }
                sendReply(envelope, replyText);
                if (!lease.settle()) {
                    return; // given back while the reply was being sent (a stop): it is answered again later
                }
                counters.processed.incrementAndGet();
                lease.delete();
                LOG.debug("Replied to request {}", message.id());
            } catch (RuntimeException e) {
                failed(envelope, body, e);
            }
        }

        /** A failed call or reply: the request is tried again, or poisoned once it has failed too often. */
        private void failed(Envelope envelope, String body, Exception e) {
            if (e instanceof BadRequestException) {
                poison(envelope, body, "the service cannot read it: " + e.getMessage());
                return;
            }
            counters.failed.incrementAndGet();
            if (message.dequeueCount() >= maxDequeueCount) {
                poison(envelope, body, "it failed " + message.dequeueCount() + " times; the last time: " + Errors.oneLine(e));
            } else {
                LOG.warn("Request {} failed (attempt {} of {}), making it visible again: {}", message.id(),
                        message.dequeueCount(), maxDequeueCount, Errors.oneLine(e));
                giveBack();
            }
        }

        /**
         * A packed request: its requests called in turn on this slot, then, on the answer pool, their
         * replies sent (a message or a few per reply queue) and the message deleted; see
         * {@link PackedRequest}. Returns true if the pack was handed on to be answered.
         */
        private boolean processPack(PackedRequest pack) {
            try {
                if (message.dequeueCount() > maxDequeueCount) {
                    pack.poisonWhole("it was taken " + (message.dequeueCount() - 1) + " times without a reply (a worker"
                            + " may have died while handling it)");
                } else if (pack.problem() != null) {
                    pack.poisonWhole("the pack cannot be read: " + pack.problem());
                } else {
                    long called = System.nanoTime();
                    pack.call(service, message.dequeueCount() >= maxDequeueCount);
                    timed(System.nanoTime() - called); // a slot's time per message, which is what it takes
                }
                synchronized (this) {
                    calling = false; // the slot moves on: a cancel must no longer interrupt it
                    Thread.interrupted(); // a cancel that came too late is moot: the replies are ready
                    if (lease.isSettled()) {
                        return false;
                    }
                }
                handOn(() -> answerPack(pack));
                return true;
            } catch (InterruptedException e) {
                giveBack();
            } catch (Exception e) {
                counters.failed.incrementAndGet();
                LOG.warn("A request of pack {} failed (attempt {} of {}), making the pack visible again: {}",
                        message.id(), message.dequeueCount(), maxDequeueCount, Errors.oneLine(e));
                giveBack();
            }
            return false;
        }

        /** Sends a pack's replies (and its poisoned requests to the poison queue), then deletes it; runs on the answer pool. */
        private void answerPack(PackedRequest pack) {
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
            if (!lease.settle()) {
                return; // given back while the replies were being sent (a stop): it is answered again later
            }
            counters.processed.addAndGet(pack.answered());
            counters.poisoned.addAndGet(pack.poisoned());
            if (pack.poisoned() > 0) {
                LOG.warn("{} of the {} requests of pack {} moved to {}", pack.poisoned(), pack.size(), message.id(),
                        poisonQueue.name());
            }
            lease.delete();
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

        /**
         * Gives up on the request: copies it to the poison queue, sends an error reply (so the client
         * does not wait for it forever), then deletes it. If a step fails the request is made visible
         * again; its dequeue count brings it straight back here.
         */
        private void poison(Envelope envelope, String body, String reason) {
            if (!lease.settle()) {
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
                lease.release();
                return;
            }
            lease.delete();
        }

        /**
         * Interrupts the service call, if one is running, or gives the request back if its call has
         * not started; a reply being sent is left to finish.
         */
        synchronized void cancel() {
            if (calling && runner != null) {
                runner.interrupt();
            } else if (runner == null) {
                giveBack();
            }
        }

        /** Makes the request visible again, unless it was already settled. */
        void giveBack() {
            lease.giveBack();
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
