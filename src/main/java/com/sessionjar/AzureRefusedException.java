package com.sessionjar;

/** Azure answered, and said no: the message names the step, Azure's error code and its message. */
public final class AzureRefusedException extends InfrastructureException {
    private static final long serialVersionUID = 1L;

    /** Azure refused, as {@code message} says. */
    public AzureRefusedException(String message) {
        super(message);
    }

    /** Azure refused, as {@code message} says; {@code cause} is the SDK's error. */
    public AzureRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
