package com.sessionjar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The node's real credential (azure-identity's ManagedIdentityCredential, as {@link WorkerMain} builds it) asks the
 * instance metadata service for a token for Azure Monitor's ingestion API; here the service is a local stand-in,
 * which azure-identity is pointed at through {@code AZURE_POD_IDENTITY_AUTHORITY_HOST} in the environment of a process
 * of its own. The request is checked against Azure's documented form: GET /metadata/identity/oauth2/token with the
 * header Metadata: true and the resource https://monitoring.azure.com/ (trailing slash included).
 */
class NodeIdentityIT {
    @Test
    void theNodesCredential_asksTheMetadataServiceForAMonitoringToken() throws IOException, InterruptedException {
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer imds = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        imds.createContext("/", exchange -> {
            // The raw request target: azure-identity joins the stand-in's address and the path with a double slash.
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().toString().replaceAll("[?].*", "")
                    .replaceFirst("^/+", "/") + " "
                    + exchange.getRequestHeaders().getFirst("Metadata") + " "
                    + query(exchange.getRequestURI().getRawQuery()).get("resource"));
            long expires = Instant.now().getEpochSecond() + 3600;
            byte[] body = ("{\"access_token\":\"token-from-the-stand-in\",\"expires_in\":\"3600\",\"expires_on\":\""
                    + expires + "\",\"resource\":\"https://monitoring.azure.com/\",\"token_type\":\"Bearer\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        imds.start();
        try {
            ProcessBuilder probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), IdentityProbe.class.getName())
                    .redirectErrorStream(true);
            // Only the stand-in: no other managed-identity source may be picked up from this machine's environment.
            probe.environment().keySet().removeIf(name -> name.startsWith("AZURE_") || name.startsWith("IDENTITY_")
                    || name.startsWith("MSI_") || name.equals("IMDS_ENDPOINT"));
            probe.environment().put("AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:" + imds.getAddress().getPort());
            Process process = probe.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));

            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("token token-from-the-stand-in"), output);
            assertEquals(List.of("GET /metadata/identity/oauth2/token true https://monitoring.azure.com/"), asked, output);
        } finally {
            imds.stop(0);
        }
    }

    private static Map<String, String> query(String raw) {
        return raw == null ? Map.of() : java.util.Arrays.stream(raw.split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                        pair -> pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : ""));
    }
}
