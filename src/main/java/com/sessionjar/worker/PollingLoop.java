package com.sessionjar.worker;

import com.sessionjar.IdleBackoff;
import com.sessionjar.ReceivePacer;
import com.sessionjar.protocol.WorkerSettings;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's polling loop: takes requests off the request queue for {@code concurrency} slots
 * and hands each to the worker, until stopped. It runs on the worker's polling thread.
 *
 * <p>When calls are quick the loop also takes a few requests ahead (up to a batch, as many as the
 * slots get through in {@value #PREFETCH_HORIZON_MS} ms), so a fast service never waits for a
 * receive; a slow one takes no more than it has slots for, leaving the rest to other workers. An
 * empty queue is polled less and less often: the wait doubles, with jitter, up to the query
 * interval, but never beyond a tenth of the time the queue has been empty, so a burst after a
 * short pause is picked up at once and an idle worker costs almost nothing.
 */
final class PollingLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PollingLoop.class);
    private static final Duration FIRST_IDLE_WAIT = Duration.ofMillis(20);
    /** An empty queue is polled again within a tenth of the time it has been empty (see {@link IdleBackoff}). */
    static final int IDLE_FRACTION = 10;
    /**
     * The longest pause after a call that drained the queue, so the next call takes several
     * requests, not one: long enough for workers that share a queue to take several each.
     */
    private static final Duration MAX_GATHER_WAIT = Duration.ofMillis(200);
    /** Requests taken ahead are as many as the slots get through in this time. */
    private static final int PREFETCH_HORIZON_MS = 100;
    private static final Duration SLOT_WAIT = Duration.ofMillis(100);

    private final MessageQueue requests;
    private final Duration lease;
    private final Duration maxIdleWait;
    private final int concurrency;
    /** Final: hands a message just taken to a slot (the worker's); runs on this loop's thread. */
    private final Consumer<ReceivedMessage> take;
    /** Atomic: requests taken and not yet past their service call (waiting for a slot or in one). */
    private final AtomicInteger notCalled = new AtomicInteger();
    /** Released whenever a request leaves its slot, to wake the loop. */
    private final Semaphore slotFreed = new Semaphore(0);
    /** Atomic: service call time, moving average in nanoseconds; -1 until the first call. */
    private final AtomicLong callNanos = new AtomicLong(-1);
    /** Counted down by {@link #stop()}. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /** Whether the last receive found the request queue gone; this loop's thread alone reads and writes it. */
    private boolean queueGone;
    /** Released by {@link #stop()} and, while the queue is idle, {@link #wake()}: the loop's pauses wait on it. */
    private final Semaphore nudged = new Semaphore(0);
    /**
     * Volatile: whether the last poll found the queue empty. Wakes count only then: while requests
     * flow the loop polls at once anyway, and a wake must not cut its gather waits short.
     */
    private volatile boolean idling;

    /**
     * A loop taking from {@code requests} for the slots, lease and query interval of
     * {@code settings}, and handing what it takes to {@code take}.
     */
    PollingLoop(MessageQueue requests, WorkerSettings settings, Consumer<ReceivedMessage> take) {
        this.requests = requests;
        this.lease = settings.messageLease();
        this.maxIdleWait = settings.queryInterval();
        this.concurrency = settings.concurrency();
        this.take = take;
    }

    /** Polls and hands on requests until {@link #stop()} is called. */
    @Override
    public void run() {
        IdleBackoff idle = new IdleBackoff(FIRST_IDLE_WAIT, maxIdleWait, IDLE_FRACTION, System.nanoTime());
        ReceivePacer pacer = new ReceivePacer(System.nanoTime());
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
                    if (MessageQueue.saysQueueGone(e)) {
                        goneQueue();
                        pause(maxIdleWait);
                        continue;
                    }
                    // The SDK has already retried; wait and poll again rather than let the loop die.
                    LOG.warn("Receiving from {} failed, polling again in {} ms: {}", requests.name(), maxIdleWait.toMillis(),
                            Errors.oneLine(e));
                    pause(maxIdleWait);
                    continue;
                }
                if (queueGone) {
                    queueGone = false;
                    LOG.info("The request queue {} is back: taking requests again", requests.name());
                }
                long now = System.nanoTime();
                pacer.received(batch.size(), now);
                if (batch.isEmpty()) {
                    if (!idling) {
                        nudged.drainPermits(); // a wake from before the queue went idle is no news
                        idling = true;
                        if (isStopping()) {
                            continue; // the drain may have taken the stop's release: the loop ends here
                        }
                    }
                    pause(idle.afterEmpty(now));
                    continue;
                }
                idling = false;
                idle.reset(now);
                for (ReceivedMessage message : batch) {
                    notCalled.incrementAndGet();
                    take.accept(message);
                }
                if (batch.size() < wanted) {
                    // The queue is drained: let requests gather rather than take them one call each.
                    pause(min(pacer.gatherWait(ReceivePacer.GATHER_TARGET, MAX_GATHER_WAIT), maxIdleWait));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The request queue is gone (deleted, or the queue service lost its data): said once, not at
     * every poll, which goes on at the idle pace until the queue is back or the worker is stopped
     * (by the supervisor, or by {@code --delete} of its session).
     */
    private void goneQueue() {
        if (!queueGone) {
            queueGone = true;
            LOG.warn("The request queue {} is gone (deleted, or the queue service lost its data): polling it every {} ms"
                    + " until it is back; --delete of the session stops this worker", requests.name(), maxIdleWait.toMillis());
        }
    }

    /** Ends the loop: it takes nothing more once a receive under way has returned. Any thread may call it. */
    void stop() {
        stopRequested.countDown();
        nudged.release();
    }

    /**
     * Ends the pause under way, or the next one, so the loop polls at once: a client has just sent
     * (see {@link com.sessionjar.protocol.WakeFile}). Any thread may call it; it does nothing while
     * requests flow (the last poll took some), and costs at most one poll otherwise.
     */
    void wake() {
        if (idling) {
            nudged.release();
        }
    }

    /** A request has left its slot, its service call done or cancelled: the loop may take another. */
    void leftSlot() {
        notCalled.decrementAndGet();
        slotFreed.release();
    }

    /** Adds a service call of {@code nanos} to the moving average of call times. */
    void timed(long nanos) {
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

    private boolean isStopping() {
        return stopRequested.getCount() == 0;
    }

    private void pause(Duration wait) throws InterruptedException {
        if (nudged.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            nudged.drainPermits(); // one poll answers every wake that came meanwhile (the loop checks for a stop)
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
