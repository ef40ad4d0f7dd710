package com.sessionjar.session;

import com.sessionjar.protocol.Envelope;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.protocol.Packer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a run's dispatcher puts its requests: sent each in its own message, or, when packing,
 * gathered into packed messages that are sent when full or {@link #flush() flushed}. Sends run on
 * the run's pool, which is the run's to shut down, not the outbox's. A send that fails for want of
 * the queue service is tried again while the run's {@link Outage} is tolerated. Requests are added
 * by the dispatcher thread only, resent by the receiving thread; what was sent and why sending
 * stopped are read by any thread (atomics).
 */
final class Outbox {
    private final MessageQueue requests;
    private final ExecutorService senders;
    private final int pack;
    private final Outage outage;
    /** Null when not packing. */
    private final Packer packer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    /** Set when the run ends: a send not begun by then is not made. */
    private volatile boolean closed;
    /** Wakes the session's idle workers after a send, where they share this machine. */
    private final Wakes wakes;

    /**
     * An outbox for {@code requests}, packing up to {@code pack} requests a message (1: none),
     * sending on {@code senders} and riding out the queue service's {@code outage}; after a send it
     * has {@code wakes} wake the idle workers.
     */
    Outbox(MessageQueue requests, ExecutorService senders, int pack, Outage outage, Wakes wakes) {
        this.requests = requests;
        this.senders = senders;
        this.pack = pack;
        this.outage = outage;
        this.packer = pack > 1 ? new Packer(pack) : null;
        this.wakes = wakes;
    }

    /** The session's request queue, where the requests go. */
    MessageQueue requests() {
        return requests;
    }

    /** The most requests one message carries: 1 when not packing. */
    int pack() {
        return pack;
    }

    /** Requests sent so far. */
    long sent() {
        return sent.get();
    }

    /** Requests sent again so far. */
    long resent() {
        return resent.get();
    }

    /** Why sending stopped (the first failure), or null while it goes on. */
    RuntimeException failure() {
        return failure.get();
    }

    /** Records {@code cause} as why sending stops, unless a cause is already recorded: the first is kept. */
    void fail(RuntimeException cause) {
        failure.compareAndSet(null, cause);
    }

    /**
     * Sends a request whose message text, alone, is {@code text} (checked); when packing, its
     * {@code envelope} goes into the pack instead, which is sent once full.
     */
    void add(Envelope envelope, String text) {
        if (packer == null) {
            send(text, sent, 1);
            return;
        }
        if (!packer.add(envelope)) {
            flush();
            packer.add(envelope);
        }
        if (packer.isFull()) {
            flush();
        }
    }

    /**
     * Sends nothing more: a send waiting for a thread of the pool, or for the queue service to
     * answer again, is not made (nor counted), so what the run says it sent is what went out;
     * sends under way end as they do.
     */
    void close() {
        closed = true;
    }

    /** Sends the requests packed so far, if any. */
    void flush() {
        if (packer != null && !packer.isEmpty()) {
            int count = packer.size();
            send(packer.take(), sent, count);
        }
    }

    /** Sends a request again, alone: its message text is {@code text} (checked when it was first sent). */
    void resend(String text) {
        send(text, resent, 1);
    }

    /** Sends {@code text}, adding {@code count} to {@code counter} once it is sent; unless the outbox is closed first. */
    private void send(String text, AtomicLong counter, int count) {
        senders.execute(() -> {
            try {
                boolean done = false;
                while (!closed && !(done = trySend(text))) {
                    TimeUnit.MILLISECONDS.sleep(Outage.RETRY_PAUSE.toMillis());
                }
                if (done) {
                    counter.addAndGet(count);
                    wakes.wakeWorkers();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the run is over
            } catch (RuntimeException e) {
                fail(e);
            }
        });
    }

    /** Sends {@code text}; false if the queue service cannot be reached and the outage is tolerated yet. */
    private boolean trySend(String text) {
        long began = System.nanoTime();
        try {
            requests.send(text);
            outage.up(System.nanoTime());
            return true;
        } catch (RuntimeException e) {
            if (outage.tolerates(e, began, System.nanoTime())) {
                return false;
            }
            throw e;
        }
    }
}
