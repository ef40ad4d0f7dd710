package com.sessionjar.cluster.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * The response bodies of Azure's published REST examples, kept verbatim under {@code examples/} beside this
 * class (SOURCES.md there names where each came from). Tests take a copy and set their own names, ids and
 * endpoints in it.
 */
public final class ArmExamples {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArmExamples() {
    }

    /** {@code responses.<status>.body} of the example file, as JSON text. */
    public static String example(String file, int status) {
        return node(file, status).toString();
    }

    /** The same body after {@code edit}, e.g. {@code b -> b.put("name", "rg-1")}. */
    public static String example(String file, int status, Consumer<ObjectNode> edit) {
        ObjectNode body = node(file, status);
        edit.accept(body);
        return body.toString();
    }

    /** A fresh, editable copy of {@code responses.<status>.body}. */
    public static ObjectNode node(String file, int status) {
        JsonNode body = read(file).path("responses").path(Integer.toString(status)).path("body");
        if (!body.isObject()) {
            throw new IllegalArgumentException("example " + file + " has no object body for status " + status);
        }
        return (ObjectNode) body;
    }

    /** The example's request body ({@code parameters.parameters}) as JSON text, e.g. to build an SDK model. */
    public static String requestParameters(String file) {
        JsonNode body = read(file).path("parameters").path("parameters");
        if (!body.isObject()) {
            throw new IllegalArgumentException("example " + file + " has no request body (parameters.parameters)");
        }
        return body.toString();
    }

    private static JsonNode read(String file) {
        try (InputStream in = ArmExamples.class.getResourceAsStream("examples/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + file + " in " + ArmExamples.class.getPackageName()
                        + "/examples; SOURCES.md there lists them");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read example " + file, e);
        }
    }
}
