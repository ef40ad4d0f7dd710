package com.sessionjar.worker;

import com.sessionjar.protocol.Envelope;
import com.sessionjar.protocol.MessageText;
import com.sessionjar.service.Service;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request message that carries one request: in the session.jar {@link Envelope}, answered by
 * an envelope naming it, or plain, answered by a plain reply as the original's workers send.
 */
final class SingleRequest implements Contents {
    private static final Logger LOG = LoggerFactory.getLogger(SingleRequest.class);

    private final String text;
    /** The request's envelope; null for a plain request, or one that cannot be answered where it says. */
    private final Envelope envelope;
    /** Why it cannot be answered (it cannot be read, or came damaged), worded as the reason it is poisoned; or null. */
    private final String unreadable;
    /** Confined: set on the slot, read on the answer pool after the hand-on. */
    private String reply;
    /** Confined, as {@link #reply}. */
    private String poisonReason;
    /** Confined, as {@link #reply}: its run had ended, so it is deleted unanswered. */
    private boolean expired;

    private SingleRequest(String text, Envelope envelope, String unreadable) {
        this.text = text;
        this.envelope = envelope;
        this.unreadable = unreadable;
    }

    /**
     * Reads {@code text}, a request sent to the session whose response queue is {@code responseQueue}:
     * an envelope if its first line is a valid header, else a plain request, whatever it starts with.
     */
    static SingleRequest read(String text, String responseQueue) {
        Envelope envelope;
        try {
            envelope = Envelope.parse(text);
        } catch (IllegalArgumentException e) {
            return new SingleRequest(text, null, null); // bare unless it parses: answered as the original would
        }
        String wrong = EnvelopeCheck.problem(envelope, responseQueue, false);
        if (wrong != null) {
            // Answered as a plain request: its error reply goes to the response queue, not to a queue it may not name.
            return new SingleRequest(text, null, "the request cannot be read: " + wrong);
        }
        // A damaged body still names its request and reply queue: its error reply goes to its client.
        return new SingleRequest(text, envelope, EnvelopeCheck.damage(envelope));
    }

    @Override
    public boolean isPack() {
        return false;
    }

    @Override
    public String unreadable() {
        return unreadable;
    }

    @Override
    public boolean skipEnded(Predicate<Envelope> ended) {
        expired = envelope != null && ended.test(envelope);
        return expired;
    }

    @Override
    public void call(Service service, boolean lastAttempt) throws Exception {
        reply = service.call(body());
    }

    @Override
    public void poisonWhole(String reason) {
        poisonReason = reason;
    }

    @Override
    public void answer(Request request, Replier replier) {
        Lease lease = request.lease();
        if (poisonReason != null) {
            replier.poison(lease, envelope, body(), poisonReason);
            return;
        }
        if (expired) {
            if (lease.settle()) {
                replier.expired(1);
                replier.answered(lease, 0, 0);
                LOG.info("Skipped request {} ({}): its run has ended", lease.taken().id(), envelope.id());
            }
            return;
        }
        try {
            String replyText = envelope == null ? reply : envelope.reply(reply).text();
            try {
                MessageText.check(replyText);
            } catch (IllegalArgumentException e) {
                replier.poison(lease, envelope, body(), "its reply cannot be sent: " + e.getMessage());
                return;
            }
            replier.send(envelope == null ? null : envelope.replyTo(), replyText, lease.taken().id());
            if (!lease.settle()) {
                return; // given back while the reply was being sent (a stop): it is answered again later
            }
            replier.answered(lease, 1, 0);
            LOG.debug("Replied to request {}", lease.taken().id());
        } catch (RuntimeException e) {
            String reason = request.failure(e, this);
            if (reason != null) {
                replier.poison(lease, envelope, body(), reason);
            }
        }
    }

    /** What the service is given: the envelope's body, or the whole text of a plain request. */
    private String body() {
        return envelope == null ? text : envelope.body();
    }
}
