package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.hello.HelloReply;
import com.sessionjar.protocol.hello.HelloRequest;
import org.junit.jupiter.api.Test;

class GrpcReplyTest {
    private static final String ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
    private static final HelloReply HELLO_WORLD = HelloReply.newBuilder().setMessage("Hello world").build();

    @Test
    void success_toJson_isTheOriginalsKeysInOrder_withErrorNull() {
        assertEquals("{\"InReplyTo\":\"" + ID + "\",\"Error\":null,\"Payload\":\"CgtIZWxsbyB3b3JsZA==\"}",
                GrpcReply.success(ID, HELLO_WORLD.toByteArray()).toJson());
    }

    @Test
    void failure_toJson_hasPayloadNull() {
        assertEquals("{\"InReplyTo\":\"" + ID + "\",\"Error\":\"UNIMPLEMENTED: Method not found\",\"Payload\":null}",
                GrpcReply.failure(ID, "UNIMPLEMENTED: Method not found").toJson());
        assertEquals("{\"InReplyTo\":null,\"Error\":\"bad\",\"Payload\":null}", GrpcReply.failure(null, "bad").toJson());
    }

    @Test
    void success_withEmptyMessage_hasAnEmptyPayload_notNull() {
        GrpcReply reply = GrpcReply.success(ID, HelloReply.getDefaultInstance().toByteArray());
        assertEquals("", reply.payload());
        assertFalse(reply.hasError());
        assertEquals(HelloReply.getDefaultInstance(), reply.payloadAs(HelloReply.parser()));
    }

    @Test
    void parse_thenPayloadAs_givesTheReplyMessage() {
        GrpcReply reply = GrpcReply.parse("{\"InReplyTo\": \"" + ID + "\", \"Error\": null, \"Payload\": \"CgtIZWxsbyB3b3JsZA==\"}");
        assertEquals(ID, reply.inReplyTo());
        assertFalse(reply.hasError());
        assertEquals("Hello world", reply.payloadAs(HelloReply.parser()).getMessage());
    }

    @Test
    void parse_error_hasError_andPayloadAsSaysWhy() {
        GrpcReply reply = GrpcReply.parse("{\"InReplyTo\": \"r1\", \"Error\": \"UNAVAILABLE: down\", \"Payload\": null}");
        assertTrue(reply.hasError());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reply.payloadAs(HelloReply.parser()));
        assertEquals("The reply to r1 has no payload: UNAVAILABLE: down", e.getMessage());
    }

    @Test
    void reply_needsExactlyOneOfErrorAndPayload() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> new GrpcReply("r", "e", ""));
        assertEquals("A reply (to r) needs exactly one of Error and Payload; it has both", both.getMessage());
        IllegalArgumentException neither = assertThrows(IllegalArgumentException.class,
                () -> GrpcReply.parse("{\"InReplyTo\": \"r\"}"));
        assertEquals("A reply (to r) needs exactly one of Error and Payload; it has neither", neither.getMessage());
    }

    @Test
    void payloadAs_payloadOfAnotherType_orNotBase64_isRefused() {
        // A HelloRequest's field 1 is a string like HelloReply's, so use bytes that are no message at all.
        GrpcReply truncated = new GrpcReply("r", null, "CgV3b3I=");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> truncated.payloadAs(HelloRequest.parser()));
        assertTrue(e.getMessage().startsWith("Payload of the reply to r is not a message of the parser's type: "),
                e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new GrpcReply("r", null, "%%%").payloadAs(HelloReply.parser()));
        assertTrue(bad.getMessage().startsWith("Payload of the reply to r is not Base64: "), bad.getMessage());
    }
}
