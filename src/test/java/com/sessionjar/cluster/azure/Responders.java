package com.sessionjar.cluster.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicBoolean;

/** Stock {@link Responder}s that answer as Azure Resource Manager does. */
public final class Responders {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Responders() {
    }

    /** {@code status} with a JSON body (empty for none). */
    public static Responder json(int status, String body) {
        Reply reply = jsonReply(status, body);
        return request -> reply;
    }

    /** {@code status} and no body, e.g. 200 or 204 for a delete that finished at once. */
    public static Responder empty(int status) {
        Reply reply = Reply.of(status, "");
        return request -> reply;
    }

    /** 404 with ARM's error body, e.g. {@code arm404("ResourceGroupNotFound", "Resource group 'x' could not be found.")}. */
    public static Responder arm404(String code, String message) {
        return armError(404, code, message);
    }

    /** 409 with ARM's error body, e.g. {@code arm409("Conflict", ...)} or {@code "StorageAccountAlreadyTaken"}. */
    public static Responder arm409(String code, String message) {
        return armError(409, code, message);
    }

    /** {@code status} with ARM's error body {@code {"error":{"code":..., "message":...}}}. */
    public static Responder armError(int status, String code, String message) {
        Reply reply = jsonReply(status, armErrorBody(code, message));
        return request -> reply;
    }

    /**
     * The first call gets 429 with {@code Retry-After: retryAfterSeconds} and an ARM error body; every later
     * call goes to {@code then}. The error code is ours ("TooManyRequests"): clients act on the status and header.
     */
    public static Responder throttledOnce(int retryAfterSeconds, Responder then) {
        AtomicBoolean throttled = new AtomicBoolean();
        Reply tooMany = jsonReply(429, armErrorBody("TooManyRequests",
                "The request was throttled. Retry after " + retryAfterSeconds + " seconds."))
                .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
        return request -> throttled.compareAndSet(false, true) ? tooMany : then.respond(request);
    }

    static Reply jsonReply(int status, String body) {
        Reply reply = Reply.of(status, body);
        return body == null || body.isEmpty() ? reply
                : reply.withHeader("Content-Type", "application/json; charset=utf-8");
    }

    static String armErrorBody(String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return root.toString();
    }
}
