package com.sessionjar.grpc;

import com.sessionjar.protocol.GrpcSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.GrpcRequest;
import com.sessionjar.protocol.GrpcReply;
import com.sessionjar.protocol.hello.GreeterGrpc;
import com.sessionjar.protocol.hello.HelloReply;
import com.sessionjar.protocol.hello.HelloRequest;
import com.sessionjar.it.AzuriteProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter starting, supervising and stopping a real server process: the built {@code target/GRpcHello}. */
class GrpcServerProcessIT {
    private PrintStream originalErr;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private GrpcAdapter adapter;

    @BeforeEach
    void captureLog() {
        // slf4j-simple writes to whatever System.err is at the time: keep a copy of what it writes.
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, log), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        if (adapter != null) {
            adapter.close();
        }
        System.setErr(originalErr);
        children("HelloServer").forEach(ProcessHandle::destroyForcibly); // a safety net for failed tests
        children("sleep").forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void grpcHello_isStarted_serves_andIsStoppedByClose() throws Exception {
        int port = AzuriteProcess.freePort();
        adapter = GrpcAdapter.fromEnvironment(helloEnvironment(port));
        List<ProcessHandle> servers = children("HelloServer");
        assertEquals(1, servers.size(), "one GRpcHello started");
        assertTrue(servers.get(0).info().commandLine().orElse("").contains("--port " + port), servers::toString);

        assertEquals("Hello IT", sayHello("IT"));

        adapter.close();
        adapter = null;
        assertFalse(servers.get(0).isAlive(), "close() stopped the server");
        assertEquals(List.of(), children("HelloServer"));
        assertFalse(ServerProcess.accepts("127.0.0.1", port));
    }

    @Test
    void serverThatNeverListens_failsStartUpWithinTheUpTimeout_namingProgramUrlAndTimeout() throws Exception {
        int port = AzuriteProcess.freePort();
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GrpcAdapter.fromEnvironment(Map.of(
                GrpcSettings.SERVER_URL, "http://127.0.0.1:" + port,
                GrpcSettings.SERVER_FILE_NAME, "/bin/sleep",
                GrpcSettings.SERVER_ARGUMENTS, "60",
                GrpcSettings.SERVER_UP_TIMEOUT, "2")));
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertTrue(seconds < 6, "failed after " + seconds + " s");
        assertEquals("gRPC server /bin/sleep did not accept connections at http://127.0.0.1:" + port + " within 2 s "
                + "(GRPC_ServerUpTimeout): it was still running, so it was stopped", e.getMessage());
        assertEquals(List.of(), children("sleep"), "the server that never listened was stopped");
    }

    @Test
    void serverThatExits_failsStartUpAtOnce_withItsExitCode() throws Exception {
        int port = AzuriteProcess.freePort();
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GrpcAdapter.fromEnvironment(Map.of(
                GrpcSettings.SERVER_URL, "http://127.0.0.1:" + port,
                GrpcSettings.SERVER_FILE_NAME, "/bin/sh",
                GrpcSettings.SERVER_ARGUMENTS, "-c 'exit 3'")));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "not held for the 30 s up-timeout");
        assertEquals("gRPC server /bin/sh did not accept connections at http://127.0.0.1:" + port + " within 30 s "
                + "(GRPC_ServerUpTimeout): it exited with code 3", e.getMessage());
    }

    @Test
    void serverThatCannotBeStarted_failsStartUp_sayingWhy() throws Exception {
        int port = AzuriteProcess.freePort();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GrpcAdapter.fromEnvironment(Map.of(
                GrpcSettings.SERVER_URL, "http://127.0.0.1:" + port,
                GrpcSettings.SERVER_FILE_NAME, "/nonexistent/GRpcHello")));
        assertTrue(e.getMessage().startsWith("gRPC server /nonexistent/GRpcHello did not accept connections at "),
                e.getMessage());
        assertTrue(e.getMessage().contains(": it cannot be started: "), e.getMessage());
    }

    @Test
    void killedServer_callsThrowUntilItIsRestarted_thenSucceed() throws Exception {
        int port = AzuriteProcess.freePort();
        adapter = GrpcAdapter.fromEnvironment(helloEnvironment(port));
        assertEquals("Hello before", sayHello("before"));
        ProcessHandle first = children("HelloServer").get(0);

        assertTrue(first.destroyForcibly());
        first.onExit().get(10, TimeUnit.SECONDS);
        IllegalStateException down = assertThrows(IllegalStateException.class, () -> sayHello("while down"));
        assertTrue(down.getMessage().contains("is unavailable"), down.getMessage());
        assertTrue(down.getMessage().contains("UNAVAILABLE"), down.getMessage());

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String reply = null;
        while (reply == null) {
            try {
                reply = sayHello("after");
            } catch (IllegalStateException e) {
                assertTrue(System.nanoTime() < deadline, "not back within 60 s: " + e.getMessage());
                Thread.sleep(200);
            }
        }
        assertEquals("Hello after", reply);
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("[WARN] gRPC server " + grpcHello() + " (pid " + first.pid() + ") exited with code 137; "
                + "restarting it in 1 s"), logged);
        assertTrue(logged.contains("Restarted gRPC server " + grpcHello()), logged);
        List<ProcessHandle> now = children("HelloServer");
        assertEquals(1, now.size());
        assertNotEquals(first.pid(), now.get(0).pid());

        adapter.close();
        adapter = null;
        assertEquals(List.of(), children("HelloServer"), "close() stopped the restarted server");
    }

    private String sayHello(String name) throws Exception {
        GrpcRequest request = GrpcRequest.of(GreeterGrpc.getSayHelloMethod(), HelloRequest.newBuilder().setName(name).build());
        GrpcReply reply = GrpcReply.parse(adapter.call(request.toJson()));
        assertEquals(request.id(), reply.inReplyTo());
        return reply.payloadAs(HelloReply.parser()).getMessage();
    }

    private static Map<String, String> helloEnvironment(int port) {
        return Map.of(GrpcSettings.SERVER_URL, "http://127.0.0.1:" + port,
                GrpcSettings.SERVER_FILE_NAME, grpcHello().toString(),
                GrpcSettings.SERVER_ARGUMENTS, "--port " + port);
    }

    /** The built GRpcHello, beside the jar the integration tests are given. */
    private static Path grpcHello() {
        Path file = Path.of(System.getProperty("sessionjar.jar", "target/session.jar")).toAbsolutePath()
                .resolveSibling("GRpcHello");
        assertTrue(Files.isExecutable(file), file + " is not built: run the integration tests with mvn verify");
        return file;
    }

    /** The live child processes of this JVM whose command line contains {@code marker}. */
    private static List<ProcessHandle> children(String marker) {
        return ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(marker))
                .toList();
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
