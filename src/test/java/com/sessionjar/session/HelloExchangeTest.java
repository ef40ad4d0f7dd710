package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.GrpcReply;
import com.sessionjar.protocol.GrpcRequest;
import com.sessionjar.protocol.hello.HelloReply;
import com.sessionjar.protocol.hello.HelloRequest;
import org.junit.jupiter.api.Test;

class HelloExchangeTest {
    private final HelloExchange exchange = new HelloExchange();

    @Test
    void requestFor_callsSayHelloWithTheName_underAFreshId() throws Exception {
        GrpcRequest first = GrpcRequest.parse(exchange.requestFor("Rob"));
        GrpcRequest second = GrpcRequest.parse(exchange.requestFor("Rob"));

        assertEquals("helloworld.Greeter", first.serviceName());
        assertEquals("SayHello", first.methodName());
        assertEquals("Rob", HelloRequest.parseFrom(first.payloadBytes()).getName());
        assertNotEquals(first.id(), second.id());
    }

    @Test
    void problemWith_rightGreeting_isNone() {
        assertNull(exchange.problemWith("Rob", reply("Hello Rob")));
    }

    @Test
    void problemWith_wrongGreetingErrorOrGarbage_saysWhat() {
        assertEquals("expected 'Hello Rob', got 'Hello Bob'", exchange.problemWith("Rob", reply("Hello Bob")));
        assertEquals("the call failed: UNAVAILABLE: down",
                exchange.problemWith("Rob", GrpcReply.failure("id", "UNAVAILABLE: down").toJson()));
        assertTrue(exchange.problemWith("Rob", "hello").startsWith("not a grpc reply: "));
    }

    private static String reply(String message) {
        return GrpcReply.success("id", HelloReply.newBuilder().setMessage(message).build().toByteArray()).toJson();
    }
}
