package com.sessionjar.cluster;

import java.time.Instant;
import java.util.Objects;

/**
 * One session as {@code --list} shows it.
 *
 * @param id        the session's id
 * @param service   the service its workers run; null if its record cannot be read
 * @param nodeCount its node count; 0 if its record cannot be read
 * @param created   when it was created; null if not known (sessions made by older versions, records unreadable)
 * @param problem   why the rest is not known, in one line; null if nothing
 */
public record SessionSummary(ClusterId id, String service, int nodeCount, Instant created, String problem) {
    public SessionSummary {
        Objects.requireNonNull(id, "id");
    }

    /** {@code local} or {@code azure}. */
    public String provider() {
        return SessionStatus.providerOf(id);
    }
}
