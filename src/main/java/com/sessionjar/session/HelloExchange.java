package com.sessionjar.session;

import com.sessionjar.protocol.GrpcReply;
import com.sessionjar.protocol.GrpcRequest;
import com.sessionjar.protocol.hello.GreeterGrpc;
import com.sessionjar.protocol.hello.HelloReply;
import com.sessionjar.protocol.hello.HelloRequest;

/**
 * The exchange of a grpc session: each message is the name in a call of
 * {@code helloworld.Greeter/SayHello} with {@code HelloRequest{name}} (a fresh request id each
 * time), and each reply must carry {@code HelloReply{"Hello " + name}}.
 */
final class HelloExchange implements Exchange {
    @Override
    public String requestFor(String name) {
        return GrpcRequest.of(GreeterGrpc.getSayHelloMethod(), HelloRequest.newBuilder().setName(name).build()).toJson();
    }

    @Override
    public String problemWith(String name, String reply) {
        try {
            GrpcReply parsed = GrpcReply.parse(reply);
            if (parsed.hasError()) {
                return "the call failed: " + parsed.error();
            }
            String message = parsed.payloadAs(HelloReply.parser()).getMessage();
            String expected = "Hello " + name;
            return message.equals(expected) ? null : "expected '" + expected + "', got '" + message + "'";
        } catch (IllegalArgumentException e) {
            return "not a grpc reply: " + e.getMessage();
        }
    }
}
