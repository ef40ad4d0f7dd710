package com.sessionjar.worker;

import com.sessionjar.grpc.GrpcAdapter;
import com.sessionjar.protocol.ServiceKind;
import com.sessionjar.service.CgiService;
import com.sessionjar.service.EchoService;
import com.sessionjar.service.Service;
import com.sessionjar.protocol.ServiceSettings;
import java.util.Map;

/**
 * Creates the service a worker runs, by name, from the worker's environment variables. It lives
 * with the worker, which picks the service, so that services need not know one another.
 */
public final class Services {
    /** Environment variable: milliseconds the echo service waits before replying (default 0). */
    public static final String ECHO_DELAY = ServiceSettings.ECHO_DELAY;

    private Services() {
    }

    /**
     * Creates the service {@code name} configured by {@code environment}.
     *
     * @throws IllegalArgumentException for an unknown service or a bad setting, naming it
     */
    public static Service create(String name, Map<String, String> environment) {
        return switch (ServiceKind.of(name)) {
            case ECHO -> new EchoService(ServiceSettings.echoDelay(environment));
            case GRPC -> GrpcAdapter.fromEnvironment(environment);
            case CGI -> CgiService.fromEnvironment(environment);
        };
    }
}
