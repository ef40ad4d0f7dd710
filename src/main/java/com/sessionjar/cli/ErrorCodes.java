package com.sessionjar.cli;

import com.sessionjar.cluster.ClusterNotFoundException;
import com.sessionjar.queue.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Maps what went wrong to an {@link ExitCode} and a one-line message. */
final class ErrorCodes {
    private ErrorCodes() {
    }

    static int of(Throwable e) {
        if (e instanceof IllegalArgumentException) {
            return ExitCode.INVALID_INPUT;
        }
        if (e instanceof ClusterNotFoundException) {
            return ExitCode.NOT_FOUND;
        }
        if (e instanceof IllegalStateException) {
            return ExitCode.UNAVAILABLE;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return ExitCode.FAILED;
            }
            // The SDK's own errors, and I/O failures however wrapped (reactor wraps them in its own type).
            if (cause instanceof IOException || cause instanceof UncheckedIOException
                    || cause.getClass().getName().startsWith("com.azure.")) {
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
