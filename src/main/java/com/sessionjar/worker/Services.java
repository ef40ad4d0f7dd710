package com.sessionjar.worker;

import com.sessionjar.grpc.GrpcAdapter;
import com.sessionjar.service.CgiService;
import com.sessionjar.service.EchoService;
import com.sessionjar.service.Service;
import com.sessionjar.service.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creates the service a worker runs, by name, from the worker's environment variables. It lives
 * with the worker, which picks the service, so that services need not know one another.
 */
public final class Services {
    /** The names of the services this build can run. */
    public static final List<String> AVAILABLE = List.of("echo", "grpc", "cgi");

    /** Environment variable: milliseconds the echo service waits before replying (default 0). */
    public static final String ECHO_DELAY = "ECHO_Delay";

    private Services() {
    }

    /** Whether this build can run the service called {@code name} (case-insensitive). */
    public static boolean isAvailable(String name) {
        return AVAILABLE.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Creates the service {@code name} configured by {@code environment}.
     *
     * @throws IllegalArgumentException for an unknown service or a bad setting, naming it
     */
    public static Service create(String name, Map<String, String> environment) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "echo":
                return new EchoService(Duration.ofMillis(Settings.number(environment, ECHO_DELAY, 0, 0, 3_600_000)));
            case "grpc":
                return GrpcAdapter.fromEnvironment(environment);
            case "cgi":
                return CgiService.fromEnvironment(environment);
            default:
                throw new IllegalArgumentException("Service '" + name + "' is not available in this build; available: "
                        + String.join(", ", AVAILABLE));
        }
    }
}
