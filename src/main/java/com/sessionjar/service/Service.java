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
     * @throws Exception when the request cannot be handled; the worker makes it visible again
     * @throws InterruptedException when the worker is stopping and the call was cancelled
     */
    String call(String request) throws Exception;

    /** Releases what the service holds (processes, channels). The default holds nothing. */
    @Override
    default void close() {
    }
}
