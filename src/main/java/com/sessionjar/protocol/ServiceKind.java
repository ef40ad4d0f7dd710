package com.sessionjar.protocol;

import com.sessionjar.BadInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The services a worker can run, as the config's {@code Service} and the worker's
 * {@value WorkerSettings#SERVICE} name them (case-insensitive). The one list of them: the worker
 * creates each, the client picks how to read its replies, the config validator checks the name.
 */
public enum ServiceKind {
    /** The reply is the request text, unchanged. */
    ECHO,
    /** A unary gRPC call forwarded as raw protobuf bytes, in the original's JSON request and reply. */
    GRPC,
    /** A program run with the request on its stdin; the reply is its exit code and output as JSON. */
    CGI;

    /** The names of all services, as a config writes them: {@code echo, grpc, cgi}. */
    public static final List<String> NAMES = Arrays.stream(values()).map(ServiceKind::configName).toList();

    /** The service's name as a config writes it: lowercase. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The service called {@code name} (case-insensitive), if there is one. */
    public static Optional<ServiceKind> find(String name) {
        return name == null ? Optional.empty()
                : Arrays.stream(values()).filter(kind -> kind.configName().equalsIgnoreCase(name.trim())).findFirst();
    }

    /**
     * The service called {@code name} (case-insensitive).
     *
     * @throws BadInputException naming the unknown service and the known ones
     */
    public static ServiceKind of(String name) {
        return find(name).orElseThrow(() -> new BadInputException(
                "Service '" + name + "' is not available in this build; available: " + String.join(", ", NAMES)));
    }
}
