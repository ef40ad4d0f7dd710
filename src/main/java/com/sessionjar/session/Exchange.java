package com.sessionjar.session;

/**
 * What one send-and-receive run sends and what it accepts back: the request texts, made one at
 * a time (so a run of any length holds none of them), and the check of a reply.
 */
public interface Exchange {
    /** The text of the next request; called once per request, from one thread. */
    String nextRequest();

    /**
     * Why {@code reply} is not a good answer, or null if it is. Called from one thread.
     */
    String problemWith(String reply);

    /** The echo service's exchange: every request is {@code message}, every reply must equal it. */
    static Exchange echo(String message) {
        return new Exchange() {
            @Override
            public String nextRequest() {
                return message;
            }

            @Override
            public String problemWith(String reply) {
                return reply.equals(message) ? null : "the echo differs from the message sent";
            }
        };
    }
}
