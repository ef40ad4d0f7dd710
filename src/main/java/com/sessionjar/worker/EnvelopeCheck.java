package com.sessionjar.worker;

import com.sessionjar.protocol.Envelope;
import com.sessionjar.protocol.ReplyQueues;

/**
 * The one rule for an enveloped request a worker can answer, alone or in a pack: it has an id,
 * and the reply queue it names, if any, is one of its session's.
 */
final class EnvelopeCheck {
    private EnvelopeCheck() {
    }

    /**
     * What is wrong with {@code request} sent to the session whose response queue is
     * {@code responseQueue}, or null if nothing; worded for a message of its own or, if
     * {@code item}, for an item of a pack (which the caller names).
     */
    static String problem(Envelope request, String responseQueue, boolean item) {
        if (request.id() == null) {
            return (item ? "" : "the envelope ") + "has no '" + Envelope.ID + "='";
        }
        String replyTo = request.replyTo();
        if (replyTo != null && !ReplyQueues.isReplyQueue(responseQueue, replyTo)) {
            return item ? "has a reply queue '" + replyTo + "' that is not one of " + responseQueue
                    : "its reply queue '" + replyTo + "' is not one of " + responseQueue;
        }
        return null;
    }
}
