package com.sessionjar.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The cgi service's settings, read from the original's environment variable names: the worker's
 * service reads them with this class at start-up, and the config check reads them with it before
 * anything is made, so the two cannot disagree.
 *
 * @param fileName  {@value #FILE_NAME} (required): the program, a path or a name looked up on {@code PATH}
 * @param arguments the words of {@value #ARGUMENTS}, split as a POSIX shell would (see {@link ShellWords})
 * @param timeout   {@value #TIMEOUT} in seconds, default 60: how long a call may run
 */
public record CgiSettings(String fileName, List<String> arguments, Duration timeout) {
    /** Environment variable: the program to run (required). */
    public static final String FILE_NAME = "CGI_FileName";
    /** Environment variable: its arguments, quoted as for a POSIX shell (optional). */
    public static final String ARGUMENTS = "CGI_Arguments";
    /** Environment variable: seconds a call may run before the program is killed (default 60). */
    public static final String TIMEOUT = "CGI_Timeout";
    /** Linux's PATH_MAX; a longer name could not run, and would crowd the output out of a failure reply. */
    private static final int MAX_FILE_NAME = 4096;
    private static final long MAX_TIMEOUT_SECONDS = 24 * 3600;

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException for a blank or over-long file name or a timeout that is not positive
     */
    public CgiSettings {
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException(FILE_NAME + " is not set: the cgi service needs the program to run");
        }
        if (fileName.length() > MAX_FILE_NAME) {
            throw new IllegalArgumentException(FILE_NAME + " is " + fileName.length() + " characters long; a path has at most "
                    + MAX_FILE_NAME);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout (" + timeout + ") must be positive");
        }
        arguments = List.copyOf(arguments);
    }

    /**
     * The settings {@value #FILE_NAME}, {@value #ARGUMENTS} and {@value #TIMEOUT} in {@code environment}.
     *
     * @throws IllegalArgumentException naming the variable that is missing or bad
     */
    public static CgiSettings fromEnvironment(Map<String, String> environment) {
        String fileName = Settings.text(environment, FILE_NAME, null);
        List<String> arguments;
        try {
            arguments = ShellWords.split(environment.getOrDefault(ARGUMENTS, ""));
        } catch (IllegalArgumentException e) {
            // The value is not repeated: it may be a secure value.
            throw new IllegalArgumentException(ARGUMENTS + " cannot be split into words: " + e.getMessage()
                    + "; quote it as for a POSIX shell", e);
        }
        Duration timeout = Duration.ofSeconds(Settings.number(environment, TIMEOUT, 60, 1, MAX_TIMEOUT_SECONDS));
        return new CgiSettings(fileName, arguments, timeout);
    }
}
