package com.sessionjar.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import java.util.UUID;

/**
 * A request for the grpc service, as JSON on the request queue: one unary call of
 * {@code ServiceName/MethodName} with the protobuf encoding of its request message, in Base64.
 *
 * <p>The JSON keys are the original's: {@code {"Id", "ServiceName", "MethodName", "Payload"}}.
 *
 * @param id          {@code Id}: a fresh UUID, which the reply's {@code InReplyTo} repeats
 * @param serviceName {@code ServiceName}: the full name of the gRPC service, e.g. {@code helloworld.Greeter}
 * @param methodName  {@code MethodName}: the method, e.g. {@code SayHello}
 * @param payload     {@code Payload}: the request message's protobuf bytes in Base64
 */
@JsonPropertyOrder({"Id", "ServiceName", "MethodName", "Payload"})
public record GrpcRequest(@JsonProperty("Id") String id,
                          @JsonProperty("ServiceName") String serviceName,
                          @JsonProperty("MethodName") String methodName,
                          @JsonProperty("Payload") String payload) {
    /**
     * A request, with a fresh id, to call {@code method} (from generated code, e.g.
     * {@code GreeterGrpc.getSayHelloMethod()}) with {@code message}.
     *
     * @throws IllegalArgumentException for a streaming method or a message of another type than the method takes
     */
    public static GrpcRequest of(MethodDescriptor<?, ?> method, Message message) {
        if (method.getType() != MethodDescriptor.MethodType.UNARY) {
            throw streaming(method.getFullMethodName());
        }
        if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> marshaller
                && marshaller.getMessagePrototype() instanceof Message prototype) {
            checkType(method.getFullMethodName(), prototype.getDescriptorForType(), message);
        }
        return create(method.getServiceName(), method.getBareMethodName(), message);
    }

    /**
     * A request, with a fresh id, to call {@code method} (from a proto descriptor, e.g.
     * {@code GreeterGrpc.getServiceDescriptor()} or a descriptor read at run time) with {@code message}.
     *
     * @throws IllegalArgumentException for a streaming method or a message of another type than the method takes
     */
    public static GrpcRequest of(Descriptors.MethodDescriptor method, Message message) {
        String fullName = MethodDescriptor.generateFullMethodName(method.getService().getFullName(), method.getName());
        if (method.isClientStreaming() || method.isServerStreaming()) {
            throw streaming(fullName);
        }
        checkType(fullName, method.getInputType(), message);
        return create(method.getService().getFullName(), method.getName(), message);
    }

    /**
     * Reads a request from its JSON; missing keys are read as null, and unknown keys are ignored.
     *
     * @throws IllegalArgumentException in one line, when {@code json} is not a JSON object of strings
     */
    public static GrpcRequest parse(String json) {
        return WireFormat.read(json, GrpcRequest.class, "The request");
    }

    /** This request as the JSON the queue carries. */
    public String toJson() {
        return WireFormat.write(this);
    }

    /**
     * The bytes of {@link #payload()}.
     *
     * @throws IllegalArgumentException when the payload is missing or not Base64
     */
    public byte[] payloadBytes() {
        return WireFormat.decode(payload, "Payload of request " + id);
    }

    /** The {@code Id} of a request's JSON, or null when it cannot be read there: what a reply to a bad request can name. */
    public static String idIn(String json) {
        return WireFormat.textAt(json, "Id");
    }

    private static GrpcRequest create(String serviceName, String methodName, Message message) {
        return new GrpcRequest(UUID.randomUUID().toString(), serviceName, methodName,
                WireFormat.encode(message.toByteArray()));
    }

    private static void checkType(String fullName, Descriptors.Descriptor expected, Message message) {
        if (!message.getDescriptorForType().getFullName().equals(expected.getFullName())) {
            throw new IllegalArgumentException("message (" + message.getDescriptorForType().getFullName() + ") is not what "
                    + fullName + " takes (" + expected.getFullName() + ")");
        }
    }

    private static IllegalArgumentException streaming(String fullName) {
        return new IllegalArgumentException(fullName + " is a streaming method: only unary methods can be sent");
    }
}
