package com.sessionjar.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on a free loopback port whose service {@value #SERVICE} has a method of each
 * streaming kind, built from raw-byte method descriptors (no generated code):
 * <ul>
 *   <li>{@code Count} (server streaming): a request of one byte n gets n messages, the bytes 1 to n;
 *   <li>{@code Sum} (client streaming): one message, the number of messages received;
 *   <li>{@code Twice} (bidirectional): each message back twice.
 * </ul>
 */
final class StreamingServer implements AutoCloseable {
    static final String SERVICE = "test.Streams";

    private final Server server;

    private StreamingServer(Server server) {
        this.server = server;
    }

    static StreamingServer start() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(method("Count", MethodType.SERVER_STREAMING), ServerCalls.asyncServerStreamingCall(
                        (byte[] request, StreamObserver<byte[]> replies) -> {
                            for (int i = 1; i <= request[0]; i++) {
                                replies.onNext(new byte[] {(byte) i});
                            }
                            replies.onCompleted();
                        }))
                .addMethod(method("Sum", MethodType.CLIENT_STREAMING), ServerCalls.asyncClientStreamingCall(
                        replies -> new Observer(replies, false)))
                .addMethod(method("Twice", MethodType.BIDI_STREAMING), ServerCalls.asyncBidiStreamingCall(
                        replies -> new Observer(replies, true)))
                .build();
        return new StreamingServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(service).build().start());
    }

    private static MethodDescriptor<byte[], byte[]> method(String name, MethodType type) {
        return ByteMarshaller.unaryMethod(SERVICE, name).toBuilder().setType(type).build();
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Sum's and Twice's side of a call: counts the messages, or sends each back twice at once. */
    private static final class Observer implements StreamObserver<byte[]> {
        private final StreamObserver<byte[]> replies;
        private final boolean twice;
        /** gRPC calls an observer serially: a plain field does. */
        private int count;

        Observer(StreamObserver<byte[]> replies, boolean twice) {
            this.replies = replies;
            this.twice = twice;
        }

        @Override
        public void onNext(byte[] message) {
            count++;
            if (twice) {
                replies.onNext(message);
                replies.onNext(message);
            }
        }

        @Override
        public void onError(Throwable t) {
            // the client cancelled: nothing to answer
        }

        @Override
        public void onCompleted() {
            if (!twice) {
                replies.onNext(new byte[] {(byte) count});
            }
            replies.onCompleted();
        }
    }
}
