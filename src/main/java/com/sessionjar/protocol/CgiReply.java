package com.sessionjar.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * The reply of the CGI service, as the original's JSON: {@code {"ExitCode", "Stdout", "Stderr", "Exception"}}.
 *
 * <p>All four keys are always written. A program that ran to its end has an {@code ExitCode} (zero
 * or not) and no {@code Exception}; one that could not start or was stopped for running too long
 * has an {@code Exception}, and no {@code ExitCode} unless it exited on its own.
 *
 * @param exitCode  the program's exit code, or null when it did not exit on its own
 * @param stdout    what it wrote to stdout, decoded as UTF-8; ends with {@value #TRUNCATED} when cut
 * @param stderr    what it wrote to stderr, likewise
 * @param exception null, or one line saying why the call did not complete
 */
@JsonPropertyOrder({"ExitCode", "Stdout", "Stderr", "Exception"})
public record CgiReply(@JsonProperty("ExitCode") Integer exitCode,
                       @JsonProperty("Stdout") String stdout,
                       @JsonProperty("Stderr") String stderr,
                       @JsonProperty("Exception") String exception) {
    /** What ends an output that was cut, in the program's output or to fit the reply into a queue message. */
    public static final String TRUNCATED = "\n... [truncated]";

    /**
     * The largest reply the service sends, as {@link MessageText} counts bytes: the smaller limit of
     * a queue message less 4,000 bytes, room to spare for the envelope.
     */
    public static final int MAX_JSON_BYTES = MessageText.MAX_NON_ASCII_BYTES - 4_000;

    // Unknown keys are ignored so that a later version may add some.
    private static final ObjectMapper JSON = new ObjectMapper(new JsonFactoryBuilder()
            .characterEscapes(new QueueSafeEscapes()).build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Whether the program ran to its end and exited with 0. */
    public boolean succeeded() {
        return exception == null && exitCode != null && exitCode == 0;
    }

    /** The reply as JSON, as it is: the service cuts the outputs beforehand to keep it within {@link #MAX_JSON_BYTES}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a record of strings and an Integer always serializes
        }
    }

    /** The size of {@code text} as a JSON string value, in bytes of UTF-8, without its quotes. */
    public static int jsonStringBytes(String text) {
        try {
            return JSON.writeValueAsBytes(text).length - 2;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a reply written by this service or the original's.
     *
     * @throws IllegalArgumentException if {@code json} is not a JSON object with an ExitCode or an Exception
     */
    public static CgiReply parse(String json) {
        CgiReply reply;
        try {
            reply = JSON.readValue(json, CgiReply.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a CGI reply: " + e.getOriginalMessage(), e);
        }
        if (reply == null || (reply.exitCode() == null && reply.exception() == null)) {
            throw new IllegalArgumentException("Not a CGI reply: it has neither an ExitCode nor an Exception");
        }
        return reply;
    }

    /**
     * Jackson's standard escapes plus U+FFFE and U+FFFF: a program may print them (they are valid
     * UTF-8), but a queue message, which is XML, cannot carry them raw.
     */
    private static final class QueueSafeEscapes extends CharacterEscapes {
        private static final int[] ASCII = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0xFFFE || ch == 0xFFFF ? new SerializedString(String.format("\\u%04X", ch)) : null;
        }
    }
}
