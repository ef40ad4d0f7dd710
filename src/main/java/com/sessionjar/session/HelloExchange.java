package com.sessionjar.session;

import com.sessionjar.grpc.GrpcReply;
import com.sessionjar.grpc.GrpcRequest;
import com.sessionjar.grpc.helloworld.GreeterGrpc;
import com.sessionjar.grpc.helloworld.HelloReply;
import com.sessionjar.grpc.helloworld.HelloRequest;
import com.sessionjar.queue.MessageText;

/**
 * The exchange of {@code --send NAME} on a grpc session: each request is a call of
 * {@code helloworld.Greeter/SayHello} with {@code HelloRequest{name}} (a fresh request id each
 * time), and each reply must carry {@code HelloReply{"Hello " + name}}.
 */
final class HelloExchange implements Exchange {
    private final HelloRequest request;
    private final String expected;

    HelloExchange(String name) {
        this.request = HelloRequest.newBuilder().setName(name).build();
        this.expected = "Hello " + name;
        MessageText.check(nextRequest());
    }

    @Override
    public String nextRequest() {
        return GrpcRequest.of(GreeterGrpc.getSayHelloMethod(), request).toJson();
    }

    @Override
    public String problemWith(String reply) {
        try {
            GrpcReply parsed = GrpcReply.parse(reply);
            if (parsed.hasError()) {
                return "the call failed: " + parsed.error();
            }
            String message = parsed.payloadAs(HelloReply.parser()).getMessage();
            return message.equals(expected) ? null : "expected '" + expected + "', got '" + message + "'";
        } catch (IllegalArgumentException e) {
            return "not a grpc reply: " + e.getMessage();
        }
    }
}
