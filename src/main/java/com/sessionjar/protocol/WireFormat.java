package com.sessionjar.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Base64;

/**
 * The JSON and Base64 rules that {@link GrpcRequest} and {@link GrpcReply} share, so that the
 * client and the adapter read and write messages the same way.
 */
final class WireFormat {
    /** Unknown keys are ignored, so that a newer sender can add some; nulls are written as {@code null}. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private WireFormat() {
    }

    /**
     * Reads {@code json} as a {@code type}.
     *
     * @throws IllegalArgumentException in one line, naming {@code what} and where the JSON went wrong
     */
    static <T> T read(String json, Class<T> type, String what) {
        if (json == null) {
            throw new IllegalArgumentException(what + " is null, not JSON");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new IllegalArgumentException(what + " is the JSON null, not an object");
            }
            return value;
        } catch (ValueInstantiationException e) {
            // The record refused the values: its own message says why.
            throw new IllegalArgumentException(e.getCause() == null ? firstLine(e.getOriginalMessage()) : e.getCause().getMessage());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String problem = e instanceof StreamReadException ? " is not valid JSON" : " is not a JSON object of strings";
            throw new IllegalArgumentException(what + problem + where + ": " + firstLine(e.getOriginalMessage()));
        }
    }

    /** The text of the top-level key {@code key} of {@code json}, or null when it is not there or not JSON text. */
    static String textAt(String json, String key) {
        try {
            JsonNode value = MAPPER.readTree(json).get(key);
            return value != null && value.isTextual() ? value.asText() : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    /** {@code value} as compact JSON. */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value + " as JSON", e); // records of strings always can
        }
    }

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The bytes of the Base64 (RFC 4648, with padding, no line breaks) {@code text}.
     *
     * @throws IllegalArgumentException naming {@code what} when it is missing or not Base64
     */
    static byte[] decode(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not Base64: " + e.getMessage());
        }
    }

    private static String firstLine(String message) {
        int end = message == null ? -1 : message.indexOf('\n');
        return end < 0 ? String.valueOf(message) : message.substring(0, end);
    }
}
