package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.sessionjar.protocol.hello.GreeterGrpc;
import com.sessionjar.protocol.hello.HelloReply;
import com.sessionjar.protocol.hello.HelloRequest;
import io.grpc.MethodDescriptor;
import org.junit.jupiter.api.Test;

class GrpcRequestTest {
    private static final String ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
    /** HelloRequest{name: "world"}: tag 0x0A, length 5, "world". */
    private static final String WORLD = "CgV3b3JsZA==";
    private static final HelloRequest HELLO_WORLD = HelloRequest.newBuilder().setName("world").build();

    @Test
    void toJson_isTheOriginalsKeysInOrder() {
        assertEquals("{\"Id\":\"" + ID + "\",\"ServiceName\":\"helloworld.Greeter\",\"MethodName\":\"SayHello\","
                + "\"Payload\":\"" + WORLD + "\"}", new GrpcRequest(ID, "helloworld.Greeter", "SayHello", WORLD).toJson());
    }

    @Test
    void toJson_writesNullsAsNull() {
        assertEquals("{\"Id\":null,\"ServiceName\":null,\"MethodName\":null,\"Payload\":null}",
                new GrpcRequest(null, null, null, null).toJson());
    }

    @Test
    void of_grpcMethod_namesServiceAndMethod_andCarriesTheMessageBytes_underAFreshId() {
        GrpcRequest request = GrpcRequest.of(GreeterGrpc.getSayHelloMethod(), HELLO_WORLD);
        assertEquals("helloworld.Greeter", request.serviceName());
        assertEquals("SayHello", request.methodName());
        assertEquals(WORLD, request.payload());
        assertTrue(request.id().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"), request.id());
        assertNotEquals(request.id(), GrpcRequest.of(GreeterGrpc.getSayHelloMethod(), HELLO_WORLD).id());
    }

    @Test
    void of_protoDescriptor_isTheSameRequest() {
        Descriptors.MethodDescriptor sayHello = HelloRequest.getDescriptor().getFile().findServiceByName("Greeter")
                .findMethodByName("SayHello");
        GrpcRequest request = GrpcRequest.of(sayHello, HELLO_WORLD);
        assertEquals("helloworld.Greeter", request.serviceName());
        assertEquals("SayHello", request.methodName());
        assertEquals(WORLD, request.payload());
    }

    @Test
    void of_streamingGrpcMethod_isRefused() {
        MethodDescriptor<HelloRequest, HelloReply> streaming = GreeterGrpc.getSayHelloMethod().toBuilder()
                .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
                .setFullMethodName("helloworld.Greeter/SayHellos")
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrpcRequest.of(streaming, HELLO_WORLD));
        assertEquals("helloworld.Greeter/SayHellos is a streaming method: only unary methods can be sent", e.getMessage());
    }

    @Test
    void of_streamingProtoMethod_isRefused() throws Exception {
        Descriptors.MethodDescriptor chat = streamingChat();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrpcRequest.of(chat, DynamicMessage.getDefaultInstance(chat.getInputType())));
        assertEquals("test.Chat/Talk is a streaming method: only unary methods can be sent", e.getMessage());
    }

    @Test
    void of_messageOfAnotherType_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrpcRequest.of(GreeterGrpc.getSayHelloMethod(), HelloReply.getDefaultInstance()));
        assertEquals("message (helloworld.HelloReply) is not what helloworld.Greeter/SayHello takes "
                + "(helloworld.HelloRequest)", e.getMessage());
    }

    @Test
    void parse_readsWhatToJsonWrote() {
        GrpcRequest request = new GrpcRequest(ID, "helloworld.Greeter", "SayHello", WORLD);
        assertEquals(request, GrpcRequest.parse(request.toJson()));
        assertArrayEquals(HELLO_WORLD.toByteArray(), request.payloadBytes());
    }

    @Test
    void parse_missingKeysAreNull_andUnknownKeysIgnored() {
        GrpcRequest request = GrpcRequest.parse("{\"Id\": \"x\", \"Extra\": 1}");
        assertEquals(new GrpcRequest("x", null, null, null), request);
    }

    @Test
    void parse_malformedJson_isOneLineNamingWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GrpcRequest.parse("{\"Id\": "));
        assertTrue(e.getMessage().startsWith("The request is not valid JSON at line 1, column "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals("The request is the JSON null, not an object",
                assertThrows(IllegalArgumentException.class, () -> GrpcRequest.parse("null")).getMessage());
        IllegalArgumentException array = assertThrows(IllegalArgumentException.class, () -> GrpcRequest.parse("[1, 2]"));
        assertTrue(array.getMessage().startsWith("The request is not a JSON object of strings at line 1, column 1: "),
                array.getMessage());
    }

    @Test
    void payloadBytes_missingOrNotBase64_isRefusedNamingTheRequest() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new GrpcRequest("r1", "s", "m", null).payloadBytes());
        assertEquals("Payload of request r1 is missing", missing.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new GrpcRequest("r2", "s", "m", "not base64!").payloadBytes());
        assertTrue(bad.getMessage().startsWith("Payload of request r2 is not Base64: "), bad.getMessage());
    }

    @Test
    void idIn_readsTheIdOfJsonThatIsNotARequest() {
        assertEquals("abc", GrpcRequest.idIn("{\"Id\": \"abc\", \"Payload\": {\"nested\": true}}"));
        assertNull(GrpcRequest.idIn("{\"Id\": "));
        assertNull(GrpcRequest.idIn("[]"));
        assertNull(GrpcRequest.idIn("{\"Id\": 5}"));
    }

    /** A proto, built at run time, with one bidirectional-streaming method {@code test.Chat/Talk}. */
    private static Descriptors.MethodDescriptor streamingChat() throws Descriptors.DescriptorValidationException {
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("chat.proto")
                .setPackage("test")
                .addMessageType(DescriptorProto.newBuilder().setName("Line"))
                .addService(ServiceDescriptorProto.newBuilder().setName("Chat").addMethod(MethodDescriptorProto.newBuilder()
                        .setName("Talk").setInputType(".test.Line").setOutputType(".test.Line")
                        .setClientStreaming(true).setServerStreaming(true)))
                .build();
        return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
                .findServiceByName("Chat").findMethodByName("Talk");
    }
}
