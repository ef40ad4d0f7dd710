package com.sessionjar.session;

/**
 * A run found its local session deleted under it (its folder is gone): like a queue of the session
 * found gone, it ends the run with its result and the line naming the request queue, rather than
 * waiting out the outage of the queue service that the last delete stops.
 */
final class SessionGoneException extends RuntimeException {
    SessionGoneException(String message) {
        super(message);
    }
}
