package com.sessionjar.worker;

import com.sessionjar.DaemonThreads;
import com.sessionjar.protocol.Envelope;
import com.sessionjar.protocol.Pack;
import com.sessionjar.protocol.WorkerSettings;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReceivedMessage;
import com.sessionjar.service.Service;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service host: takes requests from the request queue, hands them to a {@link Service} and
 * puts the replies on the response queue.
 *
 * <p>One polling loop ({@link PollingLoop}) feeds {@code concurrency} slots, each running one
 * service call at a time; the reply is sent and the request deleted off the slot, on the
 * {@link Replier}'s pool, so the next call does not wait for storage.
 *
 * <p>A request is hidden for the message lease from when it is taken and the lease is renewed
 * every 3/4 of it ({@link Lease}); the reply is sent before the request is deleted, so a crash
 * between the two duplicates a reply but never loses one. A failed request is made visible again
 * at once; one that has failed {@code MaxDequeueCount} times, or that cannot be read at all, is
 * moved to the poison queue and answered with an error reply, so no request loops forever and no
 * client waits forever.
 *
 * <p>Requests in the session.jar {@link Envelope} get their replies in one, naming the request;
 * plain requests get plain replies, as the original's workers send; a {@link Pack packed} message
 * of requests gets packed replies ({@link PackedRequest}).
 *
 * <p>Its lifecycle is a grpc-java server's: {@link #start()}, then {@link #shutdown()} (requests
 * in flight go back to the queue), {@link #awaitTermination(long, TimeUnit)} and, for calls that
 * ignore the stop, {@link #shutdownNow()}. The worker owns its threads; the queues and the service
 * are the caller's: the worker neither creates nor closes them.
 */
public final class Worker {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /** How often the wind-down, waiting for calls to end, looks whether {@link #shutdownNow()} has left them. */
    private static final Duration FORCED_CHECK = Duration.ofMillis(100);

    private final PollingLoop loop;
    private final Replier replier;
    private final Request.Shared shared;
    private final MessageQueue requests;
    private final Duration lease;
    private final ExecutorService slots;
    private final ScheduledExecutorService renewals;
    /** Concurrent: requests taken and not yet answered, poisoned or returned. */
    private final Set<Request> inFlight = ConcurrentHashMap.newKeySet();
    private final WorkerCounters counters = new WorkerCounters();
    /** Final: made here, started by {@link #start()}; it runs the loop, then winds the worker down. */
    private final Thread poller;
    /** Counted down once the worker has wound down, by the polling thread (or by a shutdown before any start). */
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private boolean started;
    /** Guarded by {@link #lock}. */
    private boolean shutdown;
    /** Volatile: set by {@link #shutdownNow()}, read by the polling thread as it waits for the slots. */
    private volatile boolean forced;

    /**
     * A worker over the given queues and service, configured by {@code settings}; requests that
     * keep failing go to {@code poison} (created when first needed).
     */
    public Worker(MessageQueue requests, MessageQueue responses, MessageQueue poison, Service service,
                  WorkerSettings settings) {
        this(requests, responses, poison, service, settings, queue -> { });
    }

    /**
     * As above; {@code replied} is told the name of each client queue a reply was sent to, on the
     * thread that sent it (locally, to wake the run that waits for it).
     */
    public Worker(MessageQueue requests, MessageQueue responses, MessageQueue poison, Service service,
                  WorkerSettings settings, Consumer<String> replied) {
        this.requests = requests;
        this.lease = settings.messageLease();
        this.loop = new PollingLoop(requests, settings, this::take);
        this.replier = new Replier(responses, poison, service, counters, replied);
        this.shared = new Request.Shared(service, settings.maxDequeueCount(), loop, replier, inFlight, counters);
        this.slots = Executors.newFixedThreadPool(settings.concurrency(), new DaemonThreads("worker-slot"));
        this.renewals = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("worker-lease"));
        this.poller = new DaemonThreads("worker-poll").newThread(this::pollThenWindDown);
    }

    /** Makes the worker poll at once if it is idling: a client has just sent. Any thread may call it. */
    public void wake() {
        loop.wake();
    }

    /** What the worker has done so far. */
    public WorkerCounters counters() {
        return counters;
    }

    /**
     * Starts taking requests, on a thread of the worker's own; returns this worker.
     *
     * @throws IllegalStateException if it was started or shut down already
     */
    public Worker start() {
        synchronized (lock) {
            if (started || shutdown) {
                throw new IllegalStateException("Worker " + (shutdown ? "is shut down" : "already started"));
            }
            started = true;
            poller.start();
        }
        return this;
    }

    /**
     * Stops taking requests and returns those in flight to the queue: one waiting for a slot at
     * once, one in a service call once the call, interrupted, gives up; replies already being
     * sent are completed. A request is the queue's until it is answered, so giving it back loses
     * nothing, while letting the call finish could take as long as the service likes. Does not
     * wait for the calls to end: see {@link #awaitTermination(long, TimeUnit)}. Returns this worker.
     */
    public Worker shutdown() {
        synchronized (lock) {
            if (shutdown) {
                return this;
            }
            shutdown = true;
            loop.stop();
            if (!started) {
                windDown(); // no polling thread to do it
                return this;
            }
        }
        // Outside the lock: giving back a request that has no slot yet is a queue call.
        inFlight.forEach(Request::cancel);
        return this;
    }

    /**
     * As {@link #shutdown()}, and gives back now every request still in flight: a call that ignores
     * the interruption (interrupted once more) has its late reply dropped, and its slot thread, a
     * daemon, is left to end when it does; a reply being sent is sent, but its request is answered
     * again elsewhere. Returns this worker.
     */
    public Worker shutdownNow() {
        shutdown();
        forced = true;
        inFlight.forEach(Request::abandon);
        return this;
    }

    /** Whether {@link #shutdown()} or {@link #shutdownNow()} was called. */
    public boolean isShutdown() {
        synchronized (lock) {
            return shutdown;
        }
    }

    /** Whether the worker has wound down: its loop ended, its slots idle or left, its replies sent. */
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /** Waits up to {@code timeout} for the worker to wind down after a shutdown; true if it has. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /** Waits for the worker to wind down, however long that takes (until a shutdown, at least). */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Takes a message the loop just received: leases it and queues it for a slot; on the polling thread. */
    private void take(ReceivedMessage message) {
        Request request = new Request(new Lease(message, requests, lease, renewals, counters), shared);
        inFlight.add(request);
        request.lease().renewFromNow();
        slots.execute(request);
    }

    /** The polling thread: the loop until a shutdown, then the wind-down, which no other thread does once started. */
    private void pollThenWindDown() {
        try {
            loop.run();
        } finally {
            // Requests a receive under way took after the shutdown's cancel: the loop has ended, so these are the last.
            inFlight.forEach(Request::cancel);
            slots.shutdown();
            awaitSlots();
            windDown();
        }
    }

    /** Waits for the slots to finish their calls, or for a shutdownNow to leave them to it. */
    private void awaitSlots() {
        try {
            boolean idle = false;
            while (!idle && !forced) {
                idle = slots.awaitTermination(FORCED_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nothing of the worker interrupts this thread: wind down at once
        }
        if (forced) {
            inFlight.forEach(Request::abandon); // those a receive under way took after the shutdownNow's pass
        }
    }

    /** Lets the replies handed on be sent, ends the lease renewals and reports; ends the worker. */
    private void windDown() {
        slots.shutdown();
        replier.shutdown();
        try {
            replier.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS); // each send is bounded by the SDK's retries
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            renewals.shutdownNow();
            LOG.info("Worker stopped: {}", counters);
            terminated.countDown();
        }
    }
}
