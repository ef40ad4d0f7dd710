package com.sessionjar.worker;

import com.sessionjar.queue.Errors;
import com.sessionjar.service.BadRequestException;
import com.sessionjar.service.Service;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request message taken from the queue, from its slot to its reply, poisoning or return; one
 * path for a single request and a pack ({@link Contents}).
 *
 * <p>On its slot the message is read and its service call made, unless it has been taken too
 * often or cannot be read (then it is poisoned whole). The answer is then handed on to the answer
 * pool. A failed call is tried again (the message given back) or, on its last attempt or for bad
 * input, poisoned. A cancel interrupts the call, or gives the request back if it has no slot yet.
 */
final class Request implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Request.class);

    /**
     * What the requests of one worker share, all the worker's and safe to use from any thread:
     * the service and its attempts, the loop that paces the slots, the replier, and the set of
     * requests in flight, which a request leaves when it ends.
     */
    record Shared(Service service, int maxDequeueCount, PollingLoop loop, Replier replier, Set<Request> inFlight,
                  WorkerCounters counters) {
    }

    private final Lease lease;
    private final Shared shared;
    /** Guarded by this: the slot's thread, once the request has a slot. */
    private Thread runner;
    /** Guarded by this: whether the call is under way, so that a cancel interrupts it. */
    private boolean calling;
    /** Guarded by this: a cancel interrupts once, however many times the stop asks. */
    private boolean cancelled;
    /** Guarded by this: so is an abandon. */
    private boolean abandoned;

    Request(Lease lease, Shared shared) {
        this.lease = lease;
        this.shared = shared;
    }

    /** The request's hold on its message. */
    Lease lease() {
        return lease;
    }

    @Override
    public void run() {
        boolean answering = false;
        try {
            synchronized (this) {
                if (lease.isSettled()) {
                    return; // given back while it waited for the slot
                }
                runner = Thread.currentThread();
                calling = true;
            }
            answering = process();
        } finally {
            synchronized (this) {
                calling = false; // the slot's thread moves on to other requests: a cancel must not reach it
            }
            shared.loop().leftSlot();
            if (!answering) {
                ended();
            }
        }
    }

    /** Calls the service; returns true if the answer was handed on (which ends the request). */
    private boolean process() {
        Contents contents = Contents.read(lease.taken().text(), shared.replier().responseQueue());
        try {
            if (!attempt(contents) || !callEnded()) {
                return false;
            }
            shared.replier().handOn(() -> contents.answer(this, shared.replier()), this::ended);
            return true;
        } catch (InterruptedException | RuntimeException e) {
            // Cancelled (a stop), or the answer pool refused it (a shutdownNow left this slot behind).
            lease.giveBack();
            return false;
        }
    }

    /** Calls the service, or finds the message to poison whole; false if it was given back instead. */
    private boolean attempt(Contents contents) throws InterruptedException {
        long taken = lease.taken().dequeueCount();
        try {
            if (taken > shared.maxDequeueCount()) {
                // Taken that often with no outcome: whatever handled it died (a crash, a kill), so do not try again.
                contents.poisonWhole("it was taken " + (taken == 2 ? "once" : (taken - 1) + " times")
                        + " without a reply (a worker may have died while handling it, or its lease ran out)");
            } else if (contents.unreadable() != null) {
                contents.poisonWhole(contents.unreadable());
            } else if (!contents.skipEnded(shared.replier()::runEnded)) {
                long called = System.nanoTime();
                contents.call(shared.service(), taken >= shared.maxDequeueCount());
                shared.loop().timed(System.nanoTime() - called); // for a pack, a slot's time per message: what it takes
            }
            return true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            String reason = failure(e, contents);
            if (reason == null) {
                return false;
            }
            contents.poisonWhole(reason);
            return true;
        }
    }

    /**
     * What comes of a failed call or reply: the reason to poison the request, if trying again
     * cannot help, or null once it is given back to be tried again. A pack gets here only before
     * its last attempt and never for bad input: it poisons those requests alone.
     */
    String failure(Exception e, Contents contents) {
        if (e instanceof BadRequestException) {
            return "the service cannot read it: " + e.getMessage();
        }
        shared.counters().failed.incrementAndGet();
        long taken = lease.taken().dequeueCount();
        if (taken >= shared.maxDequeueCount()) {
            return "it failed " + taken + " times; the last time: " + Errors.oneLine(e);
        }
        LOG.warn("{} failed (attempt {} of {}), making {} visible again: {}",
                (contents.isPack() ? "A request of pack " : "Request ") + lease.taken().id(), taken,
                shared.maxDequeueCount(), contents.isPack() ? "the pack" : "it", Errors.oneLine(e));
        lease.giveBack();
        return null;
    }

    /** The slot moves on: a cancel must no longer interrupt it. False if the request was given back meanwhile. */
    private synchronized boolean callEnded() {
        calling = false;
        Thread.interrupted(); // a cancel that came too late is moot: the answer is ready
        return !lease.isSettled();
    }

    /**
     * Interrupts the service call, if one is running, or gives the request back if its call has
     * not started; an answer being sent is left to finish.
     */
    synchronized void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        if (calling && runner != null) {
            runner.interrupt();
        } else if (runner == null) {
            lease.giveBack();
        }
    }

    /**
     * Gives the request back even if its call goes on, ignoring the interruption (interrupted once
     * more): the call's late answer is dropped.
     */
    synchronized void abandon() {
        if (abandoned) {
            return;
        }
        abandoned = true;
        cancelled = true;
        if (calling && runner != null) {
            runner.interrupt();
        }
        lease.giveBack();
    }

    private void ended() {
        shared.inFlight().remove(this);
    }
}
