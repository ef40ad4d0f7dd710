package com.sessionjar.session;

import com.sessionjar.protocol.Envelope;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.protocol.Packer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a run's dispatcher puts its requests: sent each in its own message, or, when packing,
 * gathered into packed messages that are sent when full or {@link #flush() flushed}. Sends run on
 * the run's pool, which is the run's to shut down, not the outbox's. Requests are added by the
 * dispatcher thread only; what was sent and why sending stopped are read by any thread (atomics).
 */
final class Outbox {
    private final MessageQueue requests;
    private final ExecutorService senders;
    private final int pack;
    /** Null when not packing. */
    private final Packer packer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /** An outbox for {@code requests}, packing up to {@code pack} requests a message (1: none), sending on {@code senders}. */
    Outbox(MessageQueue requests, ExecutorService senders, int pack) {
        this.requests = requests;
        this.senders = senders;
        this.pack = pack;
        this.packer = pack > 1 ? new Packer(pack) : null;
    }

    /** The most requests one message carries: 1 when not packing. */
    int pack() {
        return pack;
    }

    /** Requests sent so far. */
    long sent() {
        return sent.get();
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
            send(text, 1);
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

    /** Sends the requests packed so far, if any. */
    void flush() {
        if (packer != null && !packer.isEmpty()) {
            int count = packer.size();
            send(packer.take(), count);
        }
    }

    private void send(String text, int count) {
        senders.execute(() -> {
            try {
                requests.send(text);
                sent.addAndGet(count);
            } catch (RuntimeException e) {
                fail(e);
            }
        });
    }
}
