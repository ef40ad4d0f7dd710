package com.sessionjar.cluster.azure;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a {@link Responder} answers: a status, headers and the body's bytes (none for no body). */
public record Reply(int status, Map<String, String> headers, byte[] content) {

    public Reply {
        headers = Map.copyOf(headers);
        content = content == null ? new byte[0] : content;
    }

    /** A reply with a text body (empty for none) and no headers but those the server adds. */
    public static Reply of(int status, String body) {
        return new Reply(status, Map.of(), body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** This reply with one more header, replacing a header of the same name. */
    public Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, more, content);
    }

    /** The body as UTF-8 text. */
    public String body() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
