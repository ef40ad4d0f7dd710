package com.sessionjar.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The grpc service's settings, read from the original's environment variable names.
 *
 * @param serverUrl       {@value #SERVER_URL} (required): where the gRPC server listens, {@code http://host:port}
 * @param host            the URL's host
 * @param port            the URL's port (80 when it names none)
 * @param serverCommand   {@value #SERVER_FILE_NAME} then the words of {@value #SERVER_ARGUMENTS}: the server to
 *                        start and keep running; empty when the server is someone else's
 * @param serverUpTimeout {@value #SERVER_UP_TIMEOUT} in seconds, default 30: how long the server may take to listen
 * @param callTimeout     {@value #CALL_TIMEOUT} in seconds, default 60: the deadline of each call
 */
public record GrpcSettings(String serverUrl, String host, int port, List<String> serverCommand, Duration serverUpTimeout,
                    Duration callTimeout) {
    public static final String SERVER_URL = "GRPC_ServerURL";
    public static final String SERVER_FILE_NAME = "GRPC_ServerFileName";
    public static final String SERVER_ARGUMENTS = "GRPC_ServerArguments";
    public static final String SERVER_UP_TIMEOUT = "GRPC_ServerUpTimeout";
    public static final String CALL_TIMEOUT = "GRPC_CallTimeout";

    public GrpcSettings {
        serverCommand = List.copyOf(serverCommand);
    }

    /**
     * Reads the settings from {@code environment}.
     *
     * @throws IllegalArgumentException naming the first missing or bad variable
     */
    public static GrpcSettings fromEnvironment(Map<String, String> environment) {
        String url = Settings.text(environment, SERVER_URL, null);
        if (url == null) {
            throw new IllegalArgumentException(SERVER_URL + " is not set: the grpc service needs the address of its "
                    + "gRPC server, e.g. http://localhost:8080");
        }
        URI uri = plaintextUrl(url);
        List<String> command = new ArrayList<>();
        String program = Settings.text(environment, SERVER_FILE_NAME, null);
        if (program != null) {
            command.add(program);
            try {
                command.addAll(ShellWords.split(environment.get(SERVER_ARGUMENTS)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(SERVER_ARGUMENTS + ": " + e.getMessage());
            }
        }
        return new GrpcSettings(url, uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), command,
                Duration.ofSeconds(Settings.number(environment, SERVER_UP_TIMEOUT, 30, 1, 3600)),
                Duration.ofSeconds(Settings.number(environment, CALL_TIMEOUT, 60, 1, 24 * 3600)));
    }

    /** Whether the adapter starts the server itself. */
    public boolean startsServer() {
        return !serverCommand.isEmpty();
    }

    private static URI plaintextUrl(String url) {
        try {
            URI uri = new URI(url);
            String path = uri.getRawPath();
            if ("http".equals(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT)) && uri.getHost() != null
                    && (path == null || path.isEmpty() || path.equals("/")) && uri.getRawQuery() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, with the expected form
        }
        throw new IllegalArgumentException(SERVER_URL + " (" + url + ") must be http://host:port: the grpc service "
                + "speaks HTTP/2 without TLS");
    }
}
