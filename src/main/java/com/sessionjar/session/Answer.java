package com.sessionjar.session;

/**
 * The answer to one request of a send run, as {@link Session#sendAndReceive} hands it out: once
 * per request, duplicates ignored.
 *
 * @param message the message the request carried
 * @param reply   the body of the reply, or null if the request could not be sent or its reply
 *                came damaged
 * @param problem why the answer is not a good one (a wrong reply, a poisoned or unsendable
 *                request, a damaged reply), or null if it is
 */
public record Answer(String message, String reply, String problem) {
    /** Whether the answer is a good one. */
    public boolean isGood() {
        return problem == null;
    }
}
