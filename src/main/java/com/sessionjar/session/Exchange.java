package com.sessionjar.session;

/**
 * How the messages of a send run reach a session's service and how its replies are checked: the
 * request that carries a message, and what is wrong with a reply to it. Used from one thread
 * for requests and one for replies, which also makes the requests it resends: requests are made
 * from either, so {@link #requestFor} must keep no state.
 */
public interface Exchange {
    /**
     * The request text that carries {@code message} to the service.
     *
     * @throws IllegalArgumentException if the message cannot be carried (e.g. too large once encoded)
     */
    String requestFor(String message);

    /** Why {@code reply} is not a good answer to {@code message}, or null if it is. */
    String problemWith(String message, String reply);

    /** The echo service's exchange: the request is the message, the reply must equal it. */
    static Exchange echo() {
        return new Exchange() {
            @Override
            public String requestFor(String message) {
                return message;
            }

            @Override
            public String problemWith(String message, String reply) {
                return reply.equals(message) ? null : "the echo differs from the message sent";
            }
        };
    }
}
