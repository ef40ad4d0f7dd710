package com.sessionjar;

/** What was asked for (a session) does not exist. */
public class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Not found, as {@code message} says. */
    public NotFoundException(String message) {
        super(message);
    }
}
