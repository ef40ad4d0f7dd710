package com.sessionjar.worker;

import com.sessionjar.DaemonThreads;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReceivedMessage;
import com.sessionjar.service.Service;
import java.time.Duration;
import java.util.List;
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
 * failed request is made visible again at once. {@link #stop()} returns in-flight requests.
 *
 * <p>The queues and the service are the caller's: the worker neither creates nor closes them.
 */
public final class Worker {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final Duration FIRST_IDLE_WAIT = Duration.ofMillis(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration SLOT_WAIT = Duration.ofMillis(100);
    /** Longest a receive in progress may hold up a stop (the SDK's retries included). */
    private static final Duration LOOP_END_WAIT = Duration.ofSeconds(30);

    private final MessageQueue requests;
    private final MessageQueue responses;
    private final Service service;
    private final Duration lease;
    private final Duration maxIdleWait;
    private final Semaphore freeSlots;
    private final ExecutorService slots;
    private final ScheduledExecutorService renewals;
    private final Set<Request> inFlight = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    private final WorkerCounters counters = new WorkerCounters();

    /** A worker over the given queues and service, configured by {@code settings}. */
    public Worker(MessageQueue requests, MessageQueue responses, Service service, WorkerSettings settings) {
        this.requests = requests;
        this.responses = responses;
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
                String reply = service.call(message.text());
                synchronized (this) {
                    calling = false;
                    Thread.interrupted(); // a cancel that came too late is moot: the reply is ready
                    if (settled) {
                        return;
                    }
                }
                responses.send(reply);
                settle();
                requests.delete(message);
                counters.processed.incrementAndGet();
                LOG.debug("Replied to request {}", message.id());
            } catch (InterruptedException e) {
                giveBack();
            } catch (Exception e) {
                LOG.warn("Request {} failed (dequeue count {}), making it visible again: {}", message.id(),
                        message.dequeueCount(), Errors.oneLine(e));
                counters.failed.incrementAndGet();
                giveBack();
            } finally {
                inFlight.remove(this);
                freeSlots.release();
            }
        }

        /** Renews the lease; runs on the lease thread, under the lock, so no receipt goes stale. */
        private synchronized void renew() {
            if (settled) {
                return;
            }
            try {
                message = requests.extendLease(message, lease);
            } catch (RuntimeException e) {
                LOG.warn("Renewing the lease of request {} failed: {}", message.id(), Errors.oneLine(e));
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
            if (!settle()) {
                return;
            }
            try {
                requests.release(message);
                counters.returned.incrementAndGet();
            } catch (RuntimeException e) {
                LOG.warn("Returning request {} to the queue failed; it reappears when its lease ends: {}", message.id(),
                        Errors.oneLine(e));
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
