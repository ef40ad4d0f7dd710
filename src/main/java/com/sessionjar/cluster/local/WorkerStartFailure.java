package com.sessionjar.cluster.local;

import com.sessionjar.InfrastructureException;
import java.nio.file.Path;

/** A worker that exited, or was not ready, at start-up: why, in a line from its log, and the log's path. */
final class WorkerStartFailure extends InfrastructureException {
    private final String reason;

    /** Worker start-up failed for {@code reason}; {@code log} says more. */
    WorkerStartFailure(String reason, Path log) {
        super(reason + " (see " + log + ")");
        this.reason = reason;
    }

    /** Why, without the log's path: for when the log is gone with the session. */
    String reason() {
        return reason;
    }
}
