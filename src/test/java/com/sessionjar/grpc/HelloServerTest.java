package com.sessionjar.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.hello.GreeterGrpc;
import com.sessionjar.protocol.hello.HelloRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HelloServerTest {
    @Test
    void sayHello_repliesHelloAndTheName_onLoopback() throws Exception {
        HelloServer server = HelloServer.start(0);
        int port = server.port();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port,
                InsecureChannelCredentials.create()).build();
        try {
            assertTrue(port > 0);
            assertEquals("Hello Ada", GreeterGrpc.newBlockingStub(channel)
                    .sayHello(HelloRequest.newBuilder().setName("Ada").build()).getMessage());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.stop();
        }
        assertFalse(ServerProcess.accepts("127.0.0.1", port), "stopped: the port is closed");
    }

    @Test
    void port_isThePortArgument_or8080() {
        assertEquals(8080, HelloServer.port(new String[0]));
        assertEquals(50123, HelloServer.port(new String[] {"--port", "50123"}));
        assertEquals(0, HelloServer.port(new String[] {"--port=0"}));
    }

    @Test
    void port_badArgument_isRefusedNamingIt() {
        assertEquals("--port (70000) must be a number from 0 to 65535", assertThrows(IllegalArgumentException.class,
                () -> HelloServer.port(new String[] {"--port", "70000"})).getMessage());
        assertEquals("Unknown or incomplete argument '--port'", assertThrows(IllegalArgumentException.class,
                () -> HelloServer.port(new String[] {"--port"})).getMessage());
        assertEquals("Unknown or incomplete argument '-p'", assertThrows(IllegalArgumentException.class,
                () -> HelloServer.port(new String[] {"-p", "1"})).getMessage());
    }
}
