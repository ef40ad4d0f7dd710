package com.sessionjar.worker;

import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReceivedMessage;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hold a worker has on one request message: hidden for the message lease from when it was
 * taken, renewed every 3/4 of it, until the request is settled, that is answered (then deleted),
 * poisoned or given back (made visible again at once).
 *
 * <p>Every renewal brings a new pop receipt and the old one stops working, so the current
 * message is read and replaced only under this object's lock; after {@link #settle()} no renewal
 * runs and the receipt stays current. The request queue and the lease thread are the worker's.
 */
final class Lease {
    private static final Logger LOG = LoggerFactory.getLogger(Lease.class);

    private final MessageQueue requests;
    private final Duration length;
    private final ScheduledExecutorService renewals;
    private final WorkerCounters counters;
    /** Final: as taken; renewals change only the pop receipt, never the id, text or dequeue count. */
    private final ReceivedMessage taken;
    /** Final, for logs. */
    private final String id;
    /** Guarded by this: each renewal replaces it with the message under its new pop receipt. */
    private ReceivedMessage message;
    /** Guarded by this. */
    private boolean settled;
    /** Guarded by this. */
    private ScheduledFuture<?> renewal;

    Lease(ReceivedMessage taken, MessageQueue requests, Duration length, ScheduledExecutorService renewals,
          WorkerCounters counters) {
        this.taken = taken;
        this.message = taken;
        this.id = taken.id();
        this.requests = requests;
        this.length = length;
        this.renewals = renewals;
        this.counters = counters;
    }

    /** The message as taken: its id, text and dequeue count (its pop receipt may be stale). */
    ReceivedMessage taken() {
        return taken;
    }

    /** Starts the renewals, every 3/4 of the lease from now (the request was just taken). */
    synchronized void renewFromNow() {
        long period = length.toMillis() * 3 / 4;
        renewal = renewals.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /** Renews the lease; runs on the lease thread, under the lock, so no receipt goes stale. */
    private synchronized void renew() {
        if (settled) {
            return;
        }
        try {
            message = requests.extendLease(message, length);
        } catch (RuntimeException e) {
            counters.renewalsFailed.incrementAndGet();
            LOG.warn("Renewing the lease of request {} failed; if it stays unrenewed another worker may take it"
                    + " and answer it too (a duplicate reply): {}", id, Errors.oneLine(e));
        }
    }

    /** Whether the request's fate is fixed: answered, poisoned or given back. */
    synchronized boolean isSettled() {
        return settled;
    }

    /** Ends renewals; after this the request's fate is fixed and its receipt stays current. False if it already was. */
    synchronized boolean settle() {
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

    /** Makes the settled request visible again at once, for another receiver (or this one) to take. */
    void release() {
        try {
            requests.release(current());
            counters.returned.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn("Returning request {} to the queue failed; it reappears when its lease ends: {}", id,
                    Errors.oneLine(e));
        }
    }

    /** Deletes the settled request once it is answered; if that fails, it reappears and is answered twice. */
    void delete() {
        try {
            requests.delete(current());
        } catch (RuntimeException e) {
            counters.undeleted.incrementAndGet();
            LOG.warn("Replied to request {} but could not delete it; it reappears after its lease and will be"
                    + " answered again: {}", id, Errors.oneLine(e));
        }
    }

    /** The message under its latest pop receipt; the queue call that uses it runs outside the lock. */
    private synchronized ReceivedMessage current() {
        return message;
    }
}
