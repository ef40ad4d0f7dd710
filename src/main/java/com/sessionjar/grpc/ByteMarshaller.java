package com.sessionjar.grpc;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Passes messages through as the raw bytes of their protobuf encoding, so the adapter can call any
 * method without its generated code (the pattern of grpc-java's GrpcProxy example).
 */
final class ByteMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    private static final ByteMarshaller INSTANCE = new ByteMarshaller();

    private ByteMarshaller() {
    }

    /** A unary method {@code service/method} whose request and response are raw bytes. */
    static MethodDescriptor<byte[], byte[]> unaryMethod(String serviceName, String methodName) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(serviceName, methodName))
                .setRequestMarshaller(INSTANCE)
                .setResponseMarshaller(INSTANCE)
                .build();
    }

    @Override
    public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try { // the stream is gRPC's: it closes it after this
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // gRPC turns it into a failed call
        }
    }
}
