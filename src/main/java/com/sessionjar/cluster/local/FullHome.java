package com.sessionjar.cluster.local;

import com.sessionjar.DiskSpace;
import com.sessionjar.InfrastructureException;
import com.sessionjar.queue.Errors;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Names a full file system under the local home as what it is. The home holds Azurite's data, the
 * session records and the workers' logs and stats: when its file system fills up, Azurite answers
 * HTTP 500 to every write (after the SDK's retries, about 25 s a call) and our own writes fail with
 * "No space left on device"; the user should read the path and its free space instead.
 */
final class FullHome {
    private FullHome() {
    }

    /**
     * Refuses to start a change (a create, an update) when the home's file system is full: it
     * would fail part-way, after a minute of retries, and leave the user to clean up.
     */
    static void refuseIfFull(Path home, String what) {
        Optional<String> full = DiskSpace.full(home);
        if (full.isPresent()) {
            throw new InfrastructureException(full.get() + ": free space and retry; " + what + " needs room for the"
                    + " queue service's data, the session's record and its workers' logs");
        }
    }

    /**
     * {@code e}, or, when it is what a full file system causes (a write of ours that found no room,
     * or an HTTP 5xx of Azurite) and the home's is full, one that names the file system, its free
     * space, and what failed.
     */
    static RuntimeException explained(RuntimeException e, Path home) {
        if (!DiskSpace.saysNoSpace(e) && !Errors.isUnreachable(e)) {
            return e;
        }
        Optional<String> full = DiskSpace.full(home);
        if (full.isEmpty()) {
            return e;
        }
        return new InfrastructureException(full.get() + ": free space and retry; " + Errors.oneLine(e), e);
    }
}
