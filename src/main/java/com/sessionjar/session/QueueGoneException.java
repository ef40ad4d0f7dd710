package com.sessionjar.session;

/**
 * A send run ended because the session's request or response queue is gone: the session was
 * deleted meanwhile, or its queue service lost its data. Carries what the run had come to by then,
 * as an outage does; the run's own reply queue, when lost, is made again instead.
 */
public final class QueueGoneException extends QueueOutageException {
    private static final long serialVersionUID = 1L;

    QueueGoneException(String message, SendResult result, Throwable cause) {
        super(message, result, cause);
    }
}
