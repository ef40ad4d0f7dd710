package com.sessionjar.cli;

import com.sessionjar.cluster.ClusterNotFoundException;
import com.sessionjar.queue.Errors;
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

    /** What went wrong, in one line (Azure errors run to many lines of XML). */
    static String oneLine(Throwable e) {
        return Errors.oneLine(e);
    }
}
