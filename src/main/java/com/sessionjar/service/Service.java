package com.sessionjar.service;

/**
 * A user service: turns the text of one request into the text of its reply.
 *
 * <p>Services see text only; where the text comes from (a queue) is the worker's business.
 * A service is called from several threads at once.
 */
public interface Service extends AutoCloseable {
    /**
     * Handles one request.
     *
     * @throws BadRequestException  when the request cannot be understood; the worker poisons it at once
     * @throws Exception             when the request cannot be handled now; the worker makes it visible
     *                               again, and poisons it once it has failed too often
     * @throws InterruptedException  when the worker is stopping and the call was cancelled
     */
    String call(String request) throws Exception;

    /**
     * The reply sent, in this service's reply format, for a request the worker gave up on (moved
     * to the poison queue), saying {@code reason}. The default is the reason itself.
     */
    default String errorReply(String request, String reason) {
        return reason;
    }

    /** Releases what the service holds (processes, channels). The default holds nothing. */
    @Override
    default void close() {
    }
}
