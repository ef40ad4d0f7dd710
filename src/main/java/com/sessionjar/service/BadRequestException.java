package com.sessionjar.service;

/**
 * A request a service cannot make sense of (malformed JSON, a missing field): trying it again
 * cannot help, so the worker moves it to the poison queue at once and replies with an error.
 */
public final class BadRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message);
    }
}
