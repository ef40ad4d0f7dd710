package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionjar.protocol.GrpcReply;
import com.sessionjar.protocol.GrpcRequest;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.protocol.hello.GreeterGrpc;
import com.sessionjar.protocol.hello.HelloRequest;
import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.queue.ReceivedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gRPC sessions end to end: the real jar, Azurite, a worker whose adapter starts the built
 * {@code target/GRpcHello} from the session's local file share, as GRpcSessionConfig.json does.
 */
class GrpcSessionIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension()
            .afterCleanUp(() -> assertEquals(List.of(), helloServers(), "no hello server outlives its session"));
    private final Path temp = sessions.temp();
    private final SessionJar jar = sessions.jar();
    private int serverPort;

    @BeforeEach
    void setUp() throws Exception {
        serverPort = AzuriteProcess.freePort();
        putHelloServerOnShare(jar);
    }

    /** The one documented step: put the built hello server on the local share {@code myfiles} of {@code jar}'s sessions. */
    static void putHelloServerOnShare(SessionJar jar) throws Exception {
        Path share = jar.home().resolve("shares").resolve("myfiles").resolve("GRpcHello");
        Files.createDirectories(share);
        Path server = Files.copy(SessionJar.jar().resolveSibling("GRpcHello"), share.resolve("GRpcHello"));
        assertTrue(Files.isExecutable(server));
    }

    @Test
    void send_400_everyReplyIsHelloName_thenAServerKilledMidRunIsRestarted_andNothingIsLost() throws Exception {
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config("").toString(), "--local",
                "--send", "Rob", "--count", "400");
        assertEquals(0, created.exitCode(), created::toString);
        assertTrue(created.stderr().contains("Sent and received 400 messages in "), created::toString);
        String id = created.stdout().trim();
        assertEquals(1, helloServers().size(), "the worker started one hello server");

        // Killed once the run is under way, whatever the machine's speed: before, a 3 s sleep let a quick run of 300
        // end first, and the worker (which restarts its server when a call needs it) had nothing to restart it for.
        long before = processed(id);
        Process run = jar.start("--use", id, "--send", "Ann", "--count", "3000");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (processed(id) < before + 100 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(run.isAlive(), "the run is under way when its server is killed");
        long killed = helloServers().get(0);
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();
        assertTrue(run.waitFor(3, TimeUnit.MINUTES), "the run finishes");
        Result result = SessionJar.result(run);
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("Sent and received 3000 messages in "), result::toString);
        List<Long> servers = helloServers();
        assertEquals(1, servers.size(), "the worker restarted the server");
        assertFalse(servers.contains(killed));
        String log = Files.readString(jar.sessionDirectory(id).resolve("worker-1.log"));
        assertTrue(log.contains("restart"), log);
    }

    /** The requests session {@code id}'s worker has processed, from its stats file (0 before it writes one). */
    private long processed(String id) throws Exception {
        return StatsFile.read(jar.sessionDirectory(id).resolve(StatsFile.fileName(1)))
                .map(stats -> stats.requests().processed()).orElse(0L);
    }

    @Test
    void malformedRequestIsPoisoned_unknownMethodIsAnErrorReply_oneReplyEach() throws Exception {
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config("").toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        JsonNode record = jar.record(created.stdout().trim());
        QueueAccount account = jar.account();
        MessageQueue requests = account.queue(record.get("requestQueue").asText());
        MessageQueue responses = account.queue(record.get("responseQueue").asText());

        GrpcRequest hello = GrpcRequest.of(GreeterGrpc.getSayHelloMethod(), HelloRequest.newBuilder().setName("x").build());
        GrpcRequest unknown = new GrpcRequest("unknown-1", "helloworld.Greeter", "SayGoodbye", hello.payload());
        requests.send("{ this is not json");
        requests.send(unknown.toJson());

        List<GrpcReply> replies = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (replies.size() < 2 && System.nanoTime() < deadline) {
            for (ReceivedMessage reply : responses.receive(32, Duration.ofSeconds(30))) {
                replies.add(GrpcReply.parse(reply.text()));
                responses.delete(reply);
            }
            Thread.sleep(100);
        }
        assertEquals(2, replies.size(), "one reply each, none retried forever");
        GrpcReply toGarbage = replies.stream().filter(r -> r.inReplyTo() == null).findFirst().orElseThrow();
        GrpcReply toUnknown = replies.stream().filter(r -> "unknown-1".equals(r.inReplyTo())).findFirst().orElseThrow();
        assertTrue(toGarbage.error().startsWith("Request moved to " + requests.name() + "-poison: the service cannot read"
                + " it: The request is not valid JSON"), toGarbage::toString);
        assertNull(toGarbage.payload());
        MessageQueue poison = account.queue(requests.name() + "-poison");
        assertEquals(List.of("{ this is not json"), poison.receive(32, Duration.ofSeconds(1)).stream()
                .map(ReceivedMessage::text).toList(), "the malformed request is kept in the poison queue");
        assertTrue(toUnknown.error().contains("UNIMPLEMENTED"), toUnknown::toString);
        assertEquals(0, requests.approximateDepth(), "both requests were answered and deleted");
    }

    @Test
    void serverThatNeverComesUp_createFailsClearly_andLeavesNothing() throws Exception {
        Path config = Files.writeString(temp.resolve("never.json"), """
                {"Service": "grpc", "EnvironmentVariables": [
                  {"Name": "GRPC_ServerURL", "Value": "http://localhost:%d"},
                  {"Name": "GRPC_ServerFileName", "Value": "/bin/sleep"},
                  {"Name": "GRPC_ServerArguments", "Value": "60"},
                  {"Name": "GRPC_ServerUpTimeout", "Value": "2"}]}""".formatted(serverPort));
        Result created = jar.run(Duration.ofMinutes(2), "--create", "--config", config.toString(), "--local");

        assertEquals(5, created.exitCode(), created::toString);
        assertEquals("", created.stdout());
        String error = created.stderr().lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
        assertTrue(error.contains("/bin/sleep") && error.contains("2 s"), error);
        assertEquals(List.of(), SessionJar.processesWith("/bin/sleep 60"), "the server the worker started is gone");
        try (var sessions = Files.list(jar.home().resolve("sessions"))) {
            assertEquals(List.of(), sessions.toList(), "the failed session was removed");
        }
        assertEquals(List.of(), SessionJar.processesWith(jar.home().toString()), "Azurite stopped: no session is left");
    }

    /** GRpcSessionConfig.json with the server on this test's port: the shipped file uses 8080. */
    private Path config(String extra) throws Exception {
        return helloConfig(temp, serverPort, extra);
    }

    /**
     * GRpcSessionConfig.json, written in {@code folder}, with the hello server on {@code serverPort} and
     * {@code extra} after its environment variables.
     */
    static Path helloConfig(Path folder, int serverPort, String extra) throws Exception {
        return Files.writeString(folder.resolve("grpc.json"), """
                {"SubScriptionId": "", "Service": "grpc",
                 "EnvironmentVariables": [
                   {"Name": "GRPC_ServerURL", "Value": "http://localhost:%d"},
                   {"Name": "GRPC_ServerFileName", "Value": "/myfiles/GRpcHello/GRpcHello"},
                   {"Name": "GRPC_ServerArguments", "Value": "--port %d"}%s],
                 "FileShares": [{"Name": "myfiles", "MountPath": "/myfiles", "FileShareName": "",
                   "StorageAccountName": "", "StorageAccountKey": ""}]}""".formatted(serverPort, serverPort, extra));
    }

    private List<Long> helloServers() {
        return SessionJar.processesWith("--port " + serverPort);
    }
}
