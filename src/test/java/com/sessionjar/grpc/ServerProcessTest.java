package com.sessionjar.grpc;

import com.sessionjar.protocol.GrpcSettings;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {
    @TempDir
    Path temp;

    /** The surefire configuration in pom.xml gives this JVM, standing in for a worker, both variables. */
    @Test
    void server_getsTheUserVariables_butNotTheQueueConnectionString() throws Exception {
        assumeTrue(System.getenv("Queues__ConnectionString") != null && System.getenv("SESSIONJAR_TEST_VARIABLE") != null,
                "run by Maven, whose surefire configuration sets both variables");
        Path environment = temp.resolve("environment.txt");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        // A "server" that writes its environment and exits: start-up fails at once, after the write.
        GrpcSettings settings = GrpcSettings.fromEnvironment(Map.of(
                GrpcSettings.SERVER_URL, "http://127.0.0.1:" + port,
                GrpcSettings.SERVER_FILE_NAME, "/bin/sh",
                GrpcSettings.SERVER_ARGUMENTS, "-c 'env > " + environment + "'"));
        assertThrows(IllegalStateException.class, () -> ServerProcess.start(settings, () -> { }));

        List<String> lines = Files.readAllLines(environment);
        assertTrue(lines.contains("SESSIONJAR_TEST_VARIABLE=" + System.getenv("SESSIONJAR_TEST_VARIABLE")), lines::toString);
        assertFalse(lines.stream().anyMatch(line -> line.contains("Queues__ConnectionString")
                || line.contains(System.getenv("Queues__ConnectionString"))), lines::toString);
    }
}
