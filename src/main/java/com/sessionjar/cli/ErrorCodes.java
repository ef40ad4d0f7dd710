package com.sessionjar.cli;

import com.sessionjar.cluster.ClusterNotFoundException;
import java.io.UncheckedIOException;

/** Maps what went wrong to an {@link ExitCode} and a one-line message. */
final class ErrorCodes {
    private ErrorCodes() {
    }

    static int of(Throwable e) {
        if (e instanceof IllegalArgumentException) {
            return ExitCode.INVALID_INPUT;
        }
        if (e instanceof ClusterNotFoundException || e instanceof IllegalStateException) {
            return ExitCode.UNEXPECTED_STATE;
        }
        if (e instanceof InterruptedException || e instanceof UncheckedIOException
                || e.getClass().getName().startsWith("com.azure.")) {
            return ExitCode.FAILED;
        }
        return ExitCode.INTERNAL;
    }

    /** The first line of the exception's message (Azure errors run to many lines of XML). */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
