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
 * the run's pool; {@code sent} counts the requests sent, and the first failure is kept in
 * {@code failure}. Used by the dispatcher thread only.
 */
final class Outbox {
    private final MessageQueue requests;
    private final ExecutorService senders;
    private final AtomicLong sent;
    private final AtomicReference<RuntimeException> failure;
    /** Null when not packing. */
    private final Packer packer;

    Outbox(MessageQueue requests, ExecutorService senders, int pack, AtomicLong sent,
           AtomicReference<RuntimeException> failure) {
        this.requests = requests;
        this.senders = senders;
        this.sent = sent;
        this.failure = failure;
        this.packer = pack > 1 ? new Packer(pack) : null;
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
                failure.compareAndSet(null, e);
            }
        });
    }
}
