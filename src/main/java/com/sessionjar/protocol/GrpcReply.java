package com.sessionjar.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

/**
 * The grpc service's reply to a {@link GrpcRequest}, as JSON on the response queue: either the
 * protobuf encoding of the reply message in Base64, or the reason the call failed.
 *
 * <p>The JSON keys are the original's: {@code {"InReplyTo", "Error", "Payload"}}; the one not used is null.
 *
 * @param inReplyTo {@code InReplyTo}: the request's {@code Id}; null when the request was too malformed to have one
 * @param error     {@code Error}: why the call failed, e.g. {@code UNIMPLEMENTED: Method not found: ...}; null on success
 * @param payload   {@code Payload}: the reply message's protobuf bytes in Base64; null on failure
 */
@JsonPropertyOrder({"InReplyTo", "Error", "Payload"})
public record GrpcReply(@JsonProperty("InReplyTo") String inReplyTo,
                        @JsonProperty("Error") String error,
                        @JsonProperty("Payload") String payload) {
    /** A reply has exactly one of an error and a payload. */
    public GrpcReply {
        if ((error == null) == (payload == null)) {
            throw new IllegalArgumentException("A reply (to " + inReplyTo + ") needs exactly one of Error and Payload; it has "
                    + (error == null ? "neither" : "both"));
        }
    }

    /** The reply carrying the reply message's bytes {@code payload}. */
    public static GrpcReply success(String inReplyTo, byte[] payload) {
        return new GrpcReply(inReplyTo, null, WireFormat.encode(payload));
    }

    /** The reply saying why the call failed. */
    public static GrpcReply failure(String inReplyTo, String error) {
        return new GrpcReply(inReplyTo, error, null);
    }

    /**
     * Reads a reply from its JSON.
     *
     * @throws IllegalArgumentException in one line, when {@code json} is not such a reply
     */
    public static GrpcReply parse(String json) {
        return WireFormat.read(json, GrpcReply.class, "The reply");
    }

    /** This reply as the JSON the queue carries. */
    public String toJson() {
        return WireFormat.write(this);
    }

    /** Whether the call failed; then {@link #error()} says why. */
    public boolean hasError() {
        return error != null;
    }

    /**
     * The reply message, read with {@code parser} (e.g. {@code HelloReply.parser()}).
     *
     * @throws IllegalStateException when the call failed, with its error
     * @throws IllegalArgumentException when the payload is not Base64 or not a message of the parser's type
     */
    public <T extends Message> T payloadAs(Parser<T> parser) {
        if (hasError()) {
            throw new IllegalStateException("The reply to " + inReplyTo + " has no payload: " + error);
        }
        try {
            return parser.parseFrom(WireFormat.decode(payload, "Payload of the reply to " + inReplyTo));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("Payload of the reply to " + inReplyTo
                    + " is not a message of the parser's type: " + e.getMessage());
        }
    }
}
