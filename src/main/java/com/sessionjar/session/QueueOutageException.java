package com.sessionjar.session;

import com.sessionjar.InfrastructureException;

/**
 * A send run ended because its queue service could not be reached for longer than the run waits,
 * or because a queue of the session is gone ({@link QueueGoneException}; see docs/how-it-works.md,
 * Faults); carries what the run had come to by then.
 */
public class QueueOutageException extends InfrastructureException {
    private static final long serialVersionUID = 1L;

    /** Not serialized: a result is for the process that ran the run. */
    private final transient SendResult result;

    QueueOutageException(String message, SendResult result, Throwable cause) {
        super(message, cause);
        this.result = result;
    }

    /** What the run came to before it gave up: its accounting, with the replies missing. */
    public SendResult result() {
        return result;
    }
}
