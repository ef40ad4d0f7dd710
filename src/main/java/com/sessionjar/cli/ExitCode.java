package com.sessionjar.cli;

/** The exit codes of session.jar, one vocabulary for every command (listed in the README). */
public final class ExitCode {
    /** Done as asked. */
    public static final int OK = 0;
    /** The work ran but some of it failed: replies that are not good answers, or missing at the time limit. */
    public static final int FAILED = 1;
    /** The command line, the config file, a session id or a message is wrong. */
    public static final int INVALID_INPUT = 2;
    /** No such session. */
    public static final int NOT_FOUND = 3;
    /** A bug in session.jar: please report it with the output of --debug. */
    public static final int INTERNAL = 4;
    /**
     * The infrastructure failed: the queue service cannot be reached (after retries) or started,
     * a worker cannot start, Azure is not available.
     */
    public static final int UNAVAILABLE = 5;

    private ExitCode() {
    }
}
