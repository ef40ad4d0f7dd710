package com.sessionjar;

/**
 * The input is wrong: the command line, a config, a session id, a setting or a message; the
 * message names the bad value and the fix. It stays an {@link IllegalArgumentException} for whoever
 * catches bad arguments; a plain {@code IllegalArgumentException} is a precondition our own code
 * broke, a bug.
 */
public class BadInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Bad input, as {@code message} says. */
    public BadInputException(String message) {
        super(message);
    }

    /** Bad input, as {@code message} says, found through {@code cause}. */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
