package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GrpcSettingsTest {
    private static Map<String, String> environment(String... pairs) {
        Map<String, String> environment = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            environment.put(pairs[i], pairs[i + 1]);
        }
        return environment;
    }

    @Test
    void urlOnly_defaults_andNoServerToStart() {
        GrpcSettings settings = GrpcSettings.fromEnvironment(environment(GrpcSettings.SERVER_URL, "http://localhost:8080"));
        assertEquals("localhost", settings.host());
        assertEquals(8080, settings.port());
        assertFalse(settings.startsServer());
        assertEquals(Duration.ofSeconds(30), settings.serverUpTimeout());
        assertEquals(Duration.ofSeconds(60), settings.callTimeout());
    }

    @Test
    void serverFileNameWithoutArguments_asInGRpcSessionConfig_isTheWholeCommand() {
        GrpcSettings settings = GrpcSettings.fromEnvironment(environment(
                GrpcSettings.SERVER_URL, "http://localhost:8080",
                GrpcSettings.SERVER_FILE_NAME, "/myfiles/GRpcHello/GRpcHello"));
        assertEquals(List.of("/myfiles/GRpcHello/GRpcHello"), settings.serverCommand());
    }

    @Test
    void serverFileNameAndArguments_makeTheCommand_splitLikeAShell() {
        GrpcSettings settings = GrpcSettings.fromEnvironment(environment(
                GrpcSettings.SERVER_URL, "http://127.0.0.1:9000/",
                GrpcSettings.SERVER_FILE_NAME, "/myfiles/GRpcHello/GRpcHello",
                GrpcSettings.SERVER_ARGUMENTS, "--port 9000 --greeting 'Good day'",
                GrpcSettings.SERVER_UP_TIMEOUT, "5",
                GrpcSettings.CALL_TIMEOUT, "2"));
        assertTrue(settings.startsServer());
        assertEquals(List.of("/myfiles/GRpcHello/GRpcHello", "--port", "9000", "--greeting", "Good day"),
                settings.serverCommand());
        assertEquals(9000, settings.port());
        assertEquals(Duration.ofSeconds(5), settings.serverUpTimeout());
        assertEquals(Duration.ofSeconds(2), settings.callTimeout());
    }

    @Test
    void urlWithoutPort_isPort80() {
        assertEquals(80, GrpcSettings.fromEnvironment(environment(GrpcSettings.SERVER_URL, "HTTP://grpc-host")).port());
    }

    @Test
    void missingUrl_isRefusedNamingTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrpcSettings.fromEnvironment(environment(GrpcSettings.SERVER_FILE_NAME, "/bin/server")));
        assertTrue(e.getMessage().startsWith("GRPC_ServerURL is not set"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://localhost:8080", "localhost:8080", "http://localhost:8080/api", "http://:80",
            "http://local host"})
    void urlThatIsNotPlainHttpHostPort_isRefusedQuotingIt(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrpcSettings.fromEnvironment(environment(GrpcSettings.SERVER_URL, url)));
        assertEquals("GRPC_ServerURL (" + url + ") must be http://host:port: the grpc service speaks HTTP/2 without TLS",
                e.getMessage());
    }

    @Test
    void badArgumentsOrTimeouts_areRefusedNamingTheVariable() {
        IllegalArgumentException quote = assertThrows(IllegalArgumentException.class,
                () -> GrpcSettings.fromEnvironment(environment(GrpcSettings.SERVER_URL, "http://localhost:1",
                        GrpcSettings.SERVER_FILE_NAME, "/bin/x", GrpcSettings.SERVER_ARGUMENTS, "'open")));
        assertEquals("GRPC_ServerArguments: unterminated single quote opened at index 0",
                quote.getMessage());
        IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
                () -> GrpcSettings.fromEnvironment(environment(GrpcSettings.SERVER_URL, "http://localhost:1",
                        GrpcSettings.SERVER_UP_TIMEOUT, "0")));
        assertTrue(timeout.getMessage().startsWith("GRPC_ServerUpTimeout (0) must be"), timeout.getMessage());
        IllegalArgumentException call = assertThrows(IllegalArgumentException.class,
                () -> GrpcSettings.fromEnvironment(environment(GrpcSettings.SERVER_URL, "http://localhost:1",
                        GrpcSettings.CALL_TIMEOUT, "soon")));
        assertTrue(call.getMessage().startsWith("GRPC_CallTimeout (soon) must be"), call.getMessage());
    }
}
