package com.sessionjar.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One call of raw bytes that must be unary on the server's side too: one request message, then
 * exactly one reply message. The adapter cannot see the server's descriptor (gRPC does not send
 * a method's kind), so a streaming method is told apart by what it sends: a second reply message
 * cancels the call, and so does a clean end without any; either fails the call with
 * {@link NotUnaryException}, naming the method. A client-streaming method given one message and
 * answering one is indistinguishable from a unary one, and works as one.
 *
 * <p>The same as grpc-java's {@code ClientCalls.futureUnaryCall}, which fails the second case
 * with "CANCELLED: Failed to read message.", except for the reason given.
 */
final class OneReplyCall {
    private OneReplyCall() {
    }

    /** Thrown (as the cause of an {@link ExecutionException}) when the method sent more or fewer than one reply. */
    static final class NotUnaryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotUnaryException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Sends {@code request} to {@code method} and returns its one reply.
     *
     * @throws ExecutionException   with a {@link io.grpc.StatusRuntimeException} when the call ends with an
     *                              error status, or a {@link NotUnaryException} when it streamed
     * @throws InterruptedException when the thread is interrupted; the call is cancelled
     */
    static byte[] call(Channel channel, MethodDescriptor<byte[], byte[]> method, CallOptions options, byte[] request)
            throws ExecutionException, InterruptedException {
        ClientCall<byte[], byte[]> call = channel.newCall(method, options);
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        call.start(new Listener(call, method.getFullMethodName(), reply), new Metadata());
        call.request(2); // one more than a unary method sends, to see a streaming one send it
        try {
            call.sendMessage(request);
            call.halfClose();
        } catch (RuntimeException e) {
            call.cancel("the request could not be sent", e);
            throw e;
        }
        try {
            return reply.get();
        } catch (InterruptedException e) {
            call.cancel("the worker is stopping", e);
            throw e;
        }
    }

    /** Completes the future with the one reply, or fails it. Called by gRPC, one callback at a time. */
    private static final class Listener extends ClientCall.Listener<byte[]> {
        private final ClientCall<byte[], byte[]> call;
        private final String methodName;
        private final CompletableFuture<byte[]> reply;
        /** The first reply message; gRPC calls the listener serially, so plain fields do. */
        private byte[] first;
        private boolean streamed;

        Listener(ClientCall<byte[], byte[]> call, String methodName, CompletableFuture<byte[]> reply) {
            this.call = call;
            this.methodName = methodName;
            this.reply = reply;
        }

        @Override
        public void onMessage(byte[] message) {
            if (first == null) {
                first = message;
                return;
            }
            streamed = true;
            call.cancel("the method streams: the adapter makes unary calls only", null);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            if (streamed) {
                reply.completeExceptionally(new NotUnaryException(methodName + " sent more than one reply message: "
                        + "streaming methods are not supported, a request is one unary call"));
            } else if (!status.isOk()) {
                reply.completeExceptionally(status.asRuntimeException(trailers));
            } else if (first == null) {
                reply.completeExceptionally(new NotUnaryException(methodName + " ended without a reply message: "
                        + "streaming methods are not supported, a request is one unary call"));
            } else {
                reply.complete(first);
            }
        }
    }
}
