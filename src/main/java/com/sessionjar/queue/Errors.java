package com.sessionjar.queue;

import com.azure.core.exception.HttpResponseException;
import com.azure.storage.queue.models.QueueStorageException;

/** Says in one line what went wrong; storage errors, whose messages are pages of XML, by their code. */
public final class Errors {
    private Errors() {
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
        return firstLine(message);
    }

    /** The first line of {@code text}, trimmed. */
    public static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).trim();
    }
}
