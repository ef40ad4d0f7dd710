package com.sessionjar;

/**
 * What session.jar runs on failed: the queue service cannot be reached (after its retries) or
 * started, a worker or process cannot start, a disk cannot be read or written, Azure is not
 * available or refuses. Not a bug, unlike a plain {@link IllegalStateException}.
 */
public class InfrastructureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An infrastructure failure, as {@code message} says. */
    public InfrastructureException(String message) {
        super(message);
    }

    /** An infrastructure failure, as {@code message} says, caused by {@code cause}. */
    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
