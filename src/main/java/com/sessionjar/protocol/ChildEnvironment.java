package com.sessionjar.protocol;

import java.util.Set;

/**
 * What a program started by a worker's service (a cgi program, a gRPC server) inherits: the
 * worker's environment, the user's {@code EnvironmentVariables} included (secure values too: the
 * user set them for that program), but not the session's own secrets, which are the worker's.
 */
public final class ChildEnvironment {
    /** The worker's variables that are the session's secrets: the queue connection string carries the account key. */
    private static final Set<String> WITHHELD = Set.of(WorkerSettings.CONNECTION_STRING);

    private ChildEnvironment() {
    }

    /** Removes the session's secrets from the environment {@code builder} will give its process; returns it. */
    public static ProcessBuilder withoutSessionSecrets(ProcessBuilder builder) {
        builder.environment().keySet().removeAll(WITHHELD);
        return builder;
    }
}
