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
 * <p>{@link #stop()} returns in-flight requests. The queues and the service are the caller's: the
 * worker neither creates nor closes them.
 */
public final class Worker {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** Longest a receive in progress may hold up a stop (the SDK's retries included). */
    private static final Duration LOOP_END_WAIT = Duration.ofSeconds(30);

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
    private final CountDownLatch loopEnded = new CountDownLatch(1);

    /**
     * A worker over the given queues and service, configured by {@code settings}; requests that
     * keep failing go to {@code poison} (created when first needed).
     */
    public Worker(MessageQueue requests, MessageQueue responses, MessageQueue poison, Service service,
                  WorkerSettings settings) {
        this.requests = requests;
        this.lease = settings.messageLease();
        this.loop = new PollingLoop(requests, settings, this::take);
        this.replier = new Replier(responses, poison, service, counters);
        this.shared = new Request.Shared(service, settings.maxDequeueCount(), loop, replier, inFlight, counters);
        this.slots = Executors.newFixedThreadPool(settings.concurrency(), new DaemonThreads("worker-slot"));
        this.renewals = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("worker-lease"));
    }

    /** What the worker has done so far. */
    public WorkerCounters counters() {
        return counters;
    }

    /** Polls and processes requests until {@link #stop()} is called; blocks the calling thread. */
    public void run() {
        try {
            loop.run();
        } finally {
            loopEnded.countDown();
        }
    }

    /**
     * Stops taking requests, cancels the service calls in flight and returns their requests to
     * the queue; replies already being sent are completed. Blocks until every slot is idle.
     */
    public void stop() {
        loop.stop();
        try {
            loopEnded.await(LOOP_END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            inFlight.forEach(Request::cancel);
            slots.shutdown();
            if (!slots.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                // A service that ignores interruption: give its requests back now; its late reply is dropped.
                inFlight.forEach(request -> request.lease().giveBack());
                slots.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
            replier.shutdown();
            replier.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            renewals.shutdownNow();
        }
        LOG.info("Worker stopped: {}", counters);
    }

    /** Takes a message the loop just received: leases it and queues it for a slot; on the polling thread. */
    private void take(ReceivedMessage message) {
        Request request = new Request(new Lease(message, requests, lease, renewals, counters), shared);
        inFlight.add(request);
        request.lease().renewFromNow();
        slots.execute(request);
    }
}
