package com.sessionjar.grpc;

import com.sessionjar.protocol.GrpcSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.GrpcRequest;
import com.sessionjar.protocol.GrpcReply;
import com.sessionjar.protocol.hello.GreeterGrpc;
import com.sessionjar.service.BadRequestException;
import com.sessionjar.protocol.hello.HelloReply;
import com.sessionjar.protocol.hello.HelloRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The adapter against a real HelloServer in this JVM, on a free loopback port. */
class GrpcAdapterTest {
    private static final String ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
    /** HelloRequest{name: "world"}. */
    private static final String WORLD = "CgV3b3JsZA==";

    private static HelloServer server;

    private GrpcAdapter adapter;

    @BeforeAll
    static void startServer() throws IOException {
        server = HelloServer.start(0);
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.stop();
    }

    @AfterEach
    void closeAdapter() {
        if (adapter != null) {
            adapter.close();
        }
    }

    private static GrpcAdapter adapter(int port, int callTimeoutSeconds) {
        return GrpcAdapter.fromEnvironment(Map.of(GrpcSettings.SERVER_URL, "http://127.0.0.1:" + port,
                GrpcSettings.CALL_TIMEOUT, Integer.toString(callTimeoutSeconds)));
    }

    private GrpcReply call(String requestJson) throws Exception {
        adapter = adapter == null ? adapter(server.port(), 10) : adapter;
        return GrpcReply.parse(adapter.call(requestJson));
    }

    /** The message of the BadRequestException a malformed request gets. */
    private String refusal(String requestJson) {
        adapter = adapter == null ? adapter(server.port(), 10) : adapter;
        return assertThrows(BadRequestException.class, () -> adapter.call(requestJson)).getMessage();
    }

    @Test
    void sayHello_roundTrip_repliesToTheRequestId() throws Exception {
        GrpcRequest request = GrpcRequest.of(GreeterGrpc.getSayHelloMethod(), HelloRequest.newBuilder().setName("Ada").build());
        GrpcReply reply = call(request.toJson());
        assertEquals(request.id(), reply.inReplyTo());
        assertNull(reply.error());
        assertEquals("Hello Ada", reply.payloadAs(HelloReply.parser()).getMessage());
    }

    @Test
    void sayHello_exactWireForm() throws Exception {
        // HelloReply{message: "Hello world"}: tag 0x0A, length 11, "Hello world".
        assertEquals("{\"InReplyTo\":\"" + ID + "\",\"Error\":null,\"Payload\":\"CgtIZWxsbyB3b3JsZA==\"}",
                callRaw("{\"Id\": \"" + ID + "\", \"ServiceName\": \"helloworld.Greeter\", \"MethodName\": \"SayHello\", "
                        + "\"Payload\": \"" + WORLD + "\"}"));
    }

    @Test
    void unknownMethod_isAnErrorReply_unimplemented() throws Exception {
        GrpcReply reply = call(new GrpcRequest(ID, "helloworld.Greeter", "SayGoodbye", WORLD).toJson());
        assertEquals(new GrpcReply(ID, "UNIMPLEMENTED: Method not found: helloworld.Greeter/SayGoodbye", null), reply);
    }

    @Test
    void unknownService_isAnErrorReply_unimplemented() throws Exception {
        GrpcReply reply = call(new GrpcRequest(ID, "helloworld.Nobody", "SayHello", WORLD).toJson());
        assertEquals(ID, reply.inReplyTo());
        assertTrue(reply.error().startsWith("UNIMPLEMENTED: "), reply.error());
    }

    @Test
    void payloadTheServerCannotParse_isAnErrorReply() throws Exception {
        // Field 1 says 5 bytes follow, 3 do: no HelloRequest; grpc-java servers answer UNKNOWN to that.
        GrpcReply reply = call(new GrpcRequest(ID, "helloworld.Greeter", "SayHello", "CgV3b3I=").toJson());
        assertEquals(ID, reply.inReplyTo());
        assertEquals("UNKNOWN: Application error processing RPC", reply.error());
    }

    @Test
    void malformedJson_isABadRequest() {
        String why = refusal("{\"Id\": \"" + ID + "\", ");
        assertTrue(why.startsWith("The request is not valid JSON at line 1, column "), why);
    }

    @Test
    void wellFormedJsonOfTheWrongShape_isABadRequest() {
        String why = refusal("{\"Id\": \"" + ID + "\", \"Payload\": {\"name\": \"Ada\"}}");
        assertTrue(why.startsWith("The request is not a JSON object of strings"), why);
    }

    @Test
    void badBase64_isABadRequest() {
        String why = refusal(new GrpcRequest(ID, "helloworld.Greeter", "SayHello", "Cg@V3").toJson());
        assertTrue(why.startsWith("Payload of request " + ID + " is not Base64: "), why);
    }

    @Test
    void missingKeys_areBadRequests_namingTheKey() {
        assertEquals("Request " + ID + " has no MethodName",
                refusal("{\"Id\": \"" + ID + "\", \"ServiceName\": \"helloworld.Greeter\", \"Payload\": \"\"}"));
        assertEquals("Request " + ID + " has no ServiceName",
                refusal("{\"Id\": \"" + ID + "\", \"MethodName\": \"SayHello\", \"Payload\": \"\"}"));
        assertEquals("Payload of request " + ID + " is missing",
                refusal("{\"Id\": \"" + ID + "\", \"ServiceName\": \"helloworld.Greeter\", \"MethodName\": \"SayHello\"}"));
        assertEquals("The request has no Id",
                refusal("{\"ServiceName\": \"helloworld.Greeter\", \"MethodName\": \"SayHello\", \"Payload\": \"\"}"));
    }

    @Test
    void errorReply_answersTheIdTheRequestHas_orNull() {
        adapter = adapter(server.port(), 10);
        assertEquals(new GrpcReply(ID, "gave up", null),
                GrpcReply.parse(adapter.errorReply("{\"Id\": \"" + ID + "\", \"Payload\": 7}", "gave up")));
        assertEquals(new GrpcReply(null, "gave up", null), GrpcReply.parse(adapter.errorReply("{ not json", "gave up")));
    }

    @Test
    void emptyPayload_isAMessageOfDefaults_notMissing() throws Exception {
        GrpcReply reply = call(new GrpcRequest(ID, "helloworld.Greeter", "SayHello", "").toJson());
        assertEquals("Hello ", reply.payloadAs(HelloReply.parser()).getMessage());
    }

    @Test
    void serverNotRunning_callThrows_soTheRequestIsTriedAgain() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        adapter = adapter(port, 10);
        String request = new GrpcRequest(ID, "helloworld.Greeter", "SayHello", WORLD).toJson();
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> adapter.call(request));
        assertTrue(e.getMessage().startsWith("gRPC server at 127.0.0.1:" + port + " is unavailable, so the request goes "
                + "back to the queue: UNAVAILABLE"), e.getMessage());
        assertTrue(System.nanoTime() - start >= GrpcAdapter.UNAVAILABLE_PAUSE.toNanos(),
                "the slot pauses before giving the request back, so requests do not bounce at full speed");
    }

    @Test
    void serverThatNeverAnswers_isAnErrorReply_deadlineExceeded() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            adapter = adapter(silent.getLocalPort(), 1);
            long start = System.nanoTime();
            GrpcReply reply = GrpcReply.parse(adapter.call(new GrpcRequest(ID, "helloworld.Greeter", "SayHello", WORLD)
                    .toJson()));
            assertEquals(ID, reply.inReplyTo());
            assertTrue(reply.error().startsWith("DEADLINE_EXCEEDED: "), reply.error());
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertTrue(seconds < 5, "GRPC_CallTimeout of 1 s was kept: " + seconds + " s");
        }
    }

    @Test
    void interruptedCall_throwsInterruptedException() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            adapter = adapter(silent.getLocalPort(), 60);
            String request = new GrpcRequest(ID, "helloworld.Greeter", "SayHello", WORLD).toJson();
            Thread caller = Thread.currentThread();
            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(caller::interrupt);
            long start = System.nanoTime();
            assertThrows(InterruptedException.class, () -> adapter.call(request));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "not held until the 60 s deadline");
        }
    }

    @Test
    void close_leavesAGivenChannelOpen() throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(),
                InsecureChannelCredentials.create()).build();
        try {
            GrpcAdapter given = new GrpcAdapter(channel, Duration.ofSeconds(5));
            given.close();
            assertFalse(channel.isShutdown(), "the channel is the caller's");
            GrpcReply reply = GrpcReply.parse(given.call(new GrpcRequest(ID, "helloworld.Greeter", "SayHello", WORLD)
                    .toJson()));
            assertEquals("Hello world", reply.payloadAs(HelloReply.parser()).getMessage());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A call of {@code method} of the {@link StreamingServer} with the payload {@code bytes}. */
    private GrpcReply callStreaming(String method, byte... bytes) throws Exception {
        try (StreamingServer streams = StreamingServer.start()) {
            adapter = adapter(streams.port(), 10);
            return GrpcReply.parse(adapter.call(new GrpcRequest(ID, StreamingServer.SERVICE, method,
                    Base64.getEncoder().encodeToString(bytes)).toJson()));
        }
    }

    @Test
    void serverStreamingMethod_moreThanOneReply_isAnErrorReply_namingIt() throws Exception {
        assertEquals(new GrpcReply(ID, "test.Streams/Count sent more than one reply message: streaming methods are not "
                + "supported, a request is one unary call", null), callStreaming("Count", (byte) 3));
    }

    @Test
    void serverStreamingMethod_noReply_isAnErrorReply_namingIt() throws Exception {
        assertEquals(new GrpcReply(ID, "test.Streams/Count ended without a reply message: streaming methods are not "
                + "supported, a request is one unary call", null), callStreaming("Count", (byte) 0));
    }

    @Test
    void serverStreamingMethod_oneReply_isAnswered_asAUnaryOneWouldBe() throws Exception {
        GrpcReply reply = callStreaming("Count", (byte) 1);
        assertNull(reply.error());
        assertEquals("AQ==", reply.payload());
    }

    @Test
    void clientStreamingMethod_getsOneMessage_andItsOneReplyIsAnswered() throws Exception {
        GrpcReply reply = callStreaming("Sum", (byte) 7);
        assertNull(reply.error());
        assertEquals("AQ==", reply.payload(), "the server counted one message");
    }

    @Test
    void bidiStreamingMethod_moreThanOneReply_isAnErrorReply_namingIt() throws Exception {
        assertEquals("test.Streams/Twice sent more than one reply message: streaming methods are not supported, a request "
                + "is one unary call", callStreaming("Twice", (byte) 7).error());
    }

    private String callRaw(String requestJson) throws Exception {
        adapter = adapter(server.port(), 10);
        return adapter.call(requestJson);
    }
}
