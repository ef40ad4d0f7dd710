package com.sessionjar.session;

import com.sessionjar.grpc.GrpcReply;
import com.sessionjar.grpc.GrpcRequest;
import com.sessionjar.grpc.helloworld.GreeterGrpc;
import com.sessionjar.grpc.helloworld.HelloReply;
import com.sessionjar.grpc.helloworld.HelloRequest;

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
