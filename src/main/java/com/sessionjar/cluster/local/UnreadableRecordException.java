package com.sessionjar.cluster.local;

import com.sessionjar.InfrastructureException;
import com.sessionjar.queue.Errors;
import java.nio.file.Path;

/** A state file of this tool exists but cannot be read (edited by hand, cut short, or from another version). */
final class UnreadableRecordException extends InfrastructureException {
    private static final long serialVersionUID = 1L;

    UnreadableRecordException(Path file, Exception cause) {
        super("Cannot read " + file + " (" + Errors.oneLine(cause) + "): fix or remove it", cause);
    }
}
