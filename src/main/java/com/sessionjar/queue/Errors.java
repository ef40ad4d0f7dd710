package com.sessionjar.queue;

import com.azure.core.exception.HttpResponseException;
import com.azure.storage.queue.models.QueueStorageException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** Says in one line what went wrong; storage errors, whose messages are pages of XML, by their code. */
public final class Errors {
    /** A message that starts with the class that carried it, e.g. {@code io.netty...ConnectException: Connection refused}. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[a-z][a-z0-9_]*\\.)+[A-Z][\\w$]*: ");

    /** {@link #whyUnreachable} for a call that got no answer in the time it had. */
    public static final String NO_ANSWER_IN_TIME = "no answer in time";

    private Errors() {
    }

    /**
     * Whether {@code e} says the queue service could not be reached or did not answer: no
     * connection, a connection lost, a call timed out, or the service answered that it is
     * unavailable (HTTP 5xx), after the SDK's retries. A refusal (HTTP 4xx) is an answer, not this.
     */
    public static boolean isUnreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HttpResponseException http && http.getResponse() != null) {
                return http.getResponse().getStatusCode() >= 500;
            }
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why the queue service could not be reached, in a few words and no class name, for a failure
     * that {@link #isUnreachable} says is one: e.g. {@code connection refused}, {@code HTTP 503: ...}.
     */
    public static String whyUnreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HttpResponseException) {
                return oneLine(cause);
            }
            if (cause instanceof ConnectException) {
                String message = oneLine(cause);
                return message.toLowerCase(Locale.ROOT).contains("refused") ? "connection refused" : "no connection: " + message;
            }
            if (cause instanceof TimeoutException) {
                return NO_ANSWER_IN_TIME;
            }
            if (cause instanceof IOException) {
                return "connection lost: " + oneLine(cause);
            }
        }
        return oneLine(e);
    }

    /** One line describing {@code e}: the storage error code and HTTP status, or the message's first line. */
    public static String oneLine(Throwable e) {
        if (e instanceof QueueStorageException storage && storage.getErrorCode() != null) {
            return storage.getErrorCode() + " (HTTP " + storage.getStatusCode() + ")";
        }
        if (e instanceof HttpResponseException http && http.getResponse() != null) {
            return "HTTP " + http.getResponse().getStatusCode() + ": " + firstLine(e.getMessage());
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getCause() != null && e.getCause() != e ? oneLine(e.getCause()) : e.getClass().getSimpleName();
        }
        return CLASS_PREFIX.matcher(firstLine(message)).replaceFirst("");
    }

    /** The first line of {@code text}, trimmed. */
    public static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).trim();
    }
}
