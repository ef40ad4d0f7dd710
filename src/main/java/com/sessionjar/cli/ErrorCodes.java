package com.sessionjar.cli;

import com.sessionjar.BadInputException;
import com.sessionjar.InfrastructureException;
import com.sessionjar.NotFoundException;
import com.sessionjar.queue.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ParameterException;

/**
 * Maps what went wrong to an {@link ExitCode} and a one-line message: an exception that says what
 * failed gets its code; any other (an {@link IllegalStateException}, a {@link NullPointerException},
 * a plain {@link IllegalArgumentException}) is a bug, {@link ExitCode#INTERNAL}.
 */
final class ErrorCodes {
    private ErrorCodes() {
    }

    static int of(Throwable e) {
        // The causes too: reactor wraps what it carries in its own type, and so may a caller.
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof BadInputException || cause instanceof ParameterException) {
                return ExitCode.INVALID_INPUT;
            }
            if (cause instanceof NotFoundException) {
                return ExitCode.NOT_FOUND;
            }
            if (cause instanceof InfrastructureException) {
                return ExitCode.UNAVAILABLE;
            }
            if (cause instanceof InterruptedException) {
                return ExitCode.FAILED;
            }
            // An I/O failure, a timeout or an error of the Azure SDK that no layer put in words (the SDK's
            // blocking calls carry a timeout in reactor's IllegalStateException): the infrastructure still.
            if (cause instanceof IOException || cause instanceof UncheckedIOException
                    || cause instanceof TimeoutException || cause.getClass().getName().startsWith("com.azure.")) {
                return ExitCode.UNAVAILABLE;
            }
        }
        return ExitCode.INTERNAL;
    }

    /** What went wrong, in one line (Azure errors run to many lines of XML). */
    static String oneLine(Throwable e) {
        return Errors.oneLine(e);
    }
}
