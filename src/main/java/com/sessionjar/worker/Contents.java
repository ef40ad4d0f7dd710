package com.sessionjar.worker;

import com.sessionjar.protocol.Pack;
import com.sessionjar.protocol.Envelope;
import com.sessionjar.service.Service;
import java.util.function.Predicate;

/**
 * What one request message carries, as its {@link Request} handles it: a single request
 * ({@link SingleRequest}) or a pack of them ({@link PackedRequest}).
 *
 * <p>Read and called on the message's slot, then answered on the answer pool: the hand-on between
 * the two orders their writes, so the state an implementation keeps needs no lock.
 */
interface Contents {
    /** Reads {@code text}, a request message sent to the session whose response queue is {@code responseQueue}. */
    static Contents read(String text, String responseQueue) {
        return Pack.isPacked(text) ? PackedRequest.read(text, responseQueue) : SingleRequest.read(text, responseQueue);
    }

    /** Whether this is a pack, for the wording of logs. */
    boolean isPack();

    /** Why the message cannot be read, worded as the reason it is poisoned, or null if it can be. */
    String unreadable();

    /**
     * Marks the requests whose run has {@code ended} (their client no longer waits): they are
     * never called, get no reply, and are counted as expired when the message is answered.
     * Returns true if every request of the message is marked.
     */
    boolean skipEnded(Predicate<Envelope> ended);

    /**
     * Calls {@code service}; on the message's {@code lastAttempt} a request that fails may be
     * poisoned rather than the message tried again.
     *
     * @throws InterruptedException when the call is cancelled (the worker is stopping)
     * @throws Exception            the failure of a request, for the caller to try again or poison
     */
    void call(Service service, boolean lastAttempt) throws Exception;

    /** Gives up on the whole message for {@code reason}: its requests get error replies when it is answered. */
    void poisonWhole(String reason);

    /** Sends the replies (or error replies), then deletes the message; runs on the answer pool. */
    void answer(Request request, Replier replier);
}
