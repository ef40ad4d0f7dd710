package com.sessionjar.cluster.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as {@link FakeAzure} received it: method, path without the query, the decoded query
 * parameters, the headers (names in lower case) and the body's bytes ({@link #body()} gives them as text).
 */
public record Recorded(Instant received, String method, String path, Map<String, String> query,
        Map<String, List<String>> headers, byte[] content) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The query parameter, e.g. {@code query("api-version")}; null when absent. */
    public String query(String name) {
        return query.get(name);
    }

    /** The first value of a header, by name in any case; null when absent. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as UTF-8 text. */
    public String body() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON; an empty body gives a missing node. */
    public JsonNode json() {
        String body = body();
        if (body.isEmpty()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("body of " + this + " is not JSON", e);
        }
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : " " + query);
    }
}
