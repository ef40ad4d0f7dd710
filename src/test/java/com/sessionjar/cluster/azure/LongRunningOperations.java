package com.sessionjar.cluster.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * ARM's asynchronous operations, served under {@code /fake-operations/<id>/}: {@code status} is the
 * Azure-AsyncOperation URL ({@code {"status":"InProgress"}} until done, then {@code "Succeeded"}) and
 * {@code result} the Location URL (202 until done, then 200 with the final body). Both URLs share one count of
 * polls still in progress.
 */
final class LongRunningOperations {
    static final String PREFIX = "/fake-operations/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code error}: null for an operation that succeeds, else the ARM error body it fails with. */
    private record Operation(AtomicInteger inProgress, String finalBody, String error) { }

    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Supplier<String> baseUrl;
    private volatile int retryAfterSeconds = 1;

    LongRunningOperations(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    void retryAfterSeconds(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("retry-after seconds (" + seconds + ") must not be negative");
        }
        retryAfterSeconds = seconds;
    }

    /**
     * A responder that starts a new operation on each call and answers {@code status} (200, 201 or 202) with
     * {@code initialBody}, {@code Azure-AsyncOperation: .../status}, {@code Location: .../result} and
     * Retry-After. The operation is InProgress for {@code pollsInProgress} polls, then Succeeded; its result
     * URL then answers 200 with {@code finalBody}.
     */
    Responder start(int status, String initialBody, int pollsInProgress, String finalBody) {
        return start(status, initialBody, pollsInProgress, finalBody, null);
    }

    /**
     * As {@link #start}, for an operation that fails: after {@code pollsInProgress} polls its status is
     * {@code {"status":"Failed","error":{"code":..., "message":...}}}, as ARM's asynchronous operations report a
     * failure, and its result URL answers 400 with that error.
     */
    Responder startFailing(int status, String initialBody, int pollsInProgress, String code, String message) {
        return start(status, initialBody, pollsInProgress, "", Responders.armErrorBody(code, message));
    }

    private Responder start(int status, String initialBody, int pollsInProgress, String finalBody, String error) {
        if (status != 200 && status != 201 && status != 202) {
            throw new IllegalArgumentException("status (" + status + ") of a long-running operation must be 200, 201 or 202");
        }
        return request -> {
            String url = newOperation(pollsInProgress, finalBody, error);
            return withRetryAfter(Responders.jsonReply(status, initialBody)
                    .withHeader("Azure-AsyncOperation", url + "status")
                    .withHeader("Location", url + "result"));
        };
    }

    /**
     * A responder for a delete: 202 with {@code Location: .../result} only; the Location answers 202
     * {@code pollsInProgress} times, then 200 with no body.
     */
    Responder startDelete(int pollsInProgress) {
        return startWithLocation(pollsInProgress, "");
    }

    /**
     * A responder for an operation whose result comes from its Location ({@code final-state-via: location}, as
     * run-command's): 202 with {@code Location: .../result} only; the Location answers 202 {@code pollsInProgress}
     * times, then 200 with {@code finalBody}.
     */
    Responder startWithLocation(int pollsInProgress, String finalBody) {
        return request -> withRetryAfter(Reply.of(202, "").withHeader("Location",
                newOperation(pollsInProgress, finalBody, null) + "result"));
    }

    boolean handles(String path) {
        return path.startsWith(PREFIX);
    }

    Reply poll(Recorded request) {
        String[] parts = request.path().substring(PREFIX.length()).split("/");
        Operation operation = parts.length == 2 ? operations.get(parts[0]) : null;
        if (operation == null || !request.method().equals("GET")) {
            return Responders.jsonReply(404, Responders.armErrorBody("OperationNotFound", "no operation " + request));
        }
        boolean done = operation.inProgress().getAndDecrement() <= 0;
        if (done && operation.error() != null) {
            return parts[1].equals("status")
                    ? Responders.jsonReply(200, "{\"status\":\"Failed\",\"error\":" + errorOf(operation) + "}")
                    : Responders.jsonReply(400, operation.error());
        }
        switch (parts[1]) {
            case "status":
                return done ? Responders.jsonReply(200, "{\"status\":\"Succeeded\"}")
                        : withRetryAfter(Responders.jsonReply(200, "{\"status\":\"InProgress\"}"));
            case "result":
                return done ? Responders.jsonReply(200, operation.finalBody())
                        : withRetryAfter(Reply.of(202, "").withHeader("Location", baseUrl.get() + request.path()));
            default:
                return Responders.jsonReply(404, Responders.armErrorBody("OperationNotFound", "no operation " + request));
        }
    }

    /** The {@code error} object of the operation's ARM error body {@code {"error":{...}}}. */
    private static String errorOf(Operation operation) {
        try {
            return JSON.readTree(operation.error()).get("error").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String newOperation(int pollsInProgress, String finalBody, String error) {
        if (pollsInProgress < 0) {
            throw new IllegalArgumentException("pollsInProgress (" + pollsInProgress + ") must not be negative");
        }
        String id = "op" + ids.incrementAndGet();
        operations.put(id, new Operation(new AtomicInteger(pollsInProgress), finalBody == null ? "" : finalBody, error));
        return baseUrl.get() + PREFIX + id + "/";
    }

    private Reply withRetryAfter(Reply reply) {
        int seconds = retryAfterSeconds;
        return seconds == 0 ? reply : reply.withHeader("Retry-After", Integer.toString(seconds));
    }
}
