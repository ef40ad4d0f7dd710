package com.sessionjar.cli;

/** The exit codes of session.jar, one vocabulary for every command (listed in the README). */
public final class ExitCode {
    /** Done as asked. */
    public static final int OK = 0;
    /** The work ran but failed: a reply did not match, a queue call failed after its retries. */
    public static final int FAILED = 1;
    /** The command line, the config file, a session id or a message is wrong. */
    public static final int INVALID_INPUT = 2;
    /** The world is not as needed: no such session, Azurite cannot start, Azure not available. */
    public static final int UNEXPECTED_STATE = 3;
    /** A bug in session.jar: please report it with the output of --debug. */
    public static final int INTERNAL = 4;

    private ExitCode() {
    }
}
