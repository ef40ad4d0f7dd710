package com.sessionjar.protocol;

import java.time.Duration;
import java.util.Map;

/**
 * Every setting a worker reads at start-up, checked by the very code that reads them there: the
 * worker's ({@link WorkerSettings}) and its service's ({@link #ECHO_DELAY}, {@link GrpcSettings},
 * {@link CgiSettings}). The config check calls {@link #check} before a session is created or
 * updated, so a setting the worker would refuse is refused before anything changes.
 */
public final class ServiceSettings {
    /** Environment variable: milliseconds the echo service waits before replying (default 0). */
    public static final String ECHO_DELAY = "ECHO_Delay";

    private ServiceSettings() {
    }

    /**
     * The echo service's delay, {@value #ECHO_DELAY} in {@code environment}.
     *
     * @throws IllegalArgumentException naming the variable when it is not a whole number of ms up to an hour
     */
    public static Duration echoDelay(Map<String, String> environment) {
        return Duration.ofMillis(Settings.number(environment, ECHO_DELAY, 0, 0, 3_600_000));
    }

    /**
     * Reads, as a worker does at start-up, the worker's settings and those of the service it names
     * in {@code environment}, and throws what the worker would: nothing is started or looked up
     * (whether a program exists is found out when it runs, see {@link CgiSettings}).
     *
     * @throws IllegalArgumentException naming the first missing or bad variable
     */
    public static void check(Map<String, String> environment) {
        WorkerSettings settings = WorkerSettings.fromEnvironment(environment);
        switch (ServiceKind.of(settings.service())) {
            case ECHO -> echoDelay(environment);
            case GRPC -> GrpcSettings.fromEnvironment(environment);
            case CGI -> CgiSettings.fromEnvironment(environment);
        }
    }
}
