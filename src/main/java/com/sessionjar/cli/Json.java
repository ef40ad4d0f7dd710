package com.sessionjar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.NodeLog;
import com.sessionjar.cluster.NodeStatus;
import com.sessionjar.cluster.Plan;
import com.sessionjar.cluster.QueueDepth;
import com.sessionjar.cluster.SessionStatus;
import com.sessionjar.cluster.SessionSummary;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.session.Answer;
import com.sessionjar.session.SendResult;
import com.sessionjar.session.Session;
import com.sessionjar.session.SessionList;
import java.time.Duration;
import java.util.List;

/** The JSON that {@code --output json} and {@code --replies} print: one object per line, never a secret. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** A session's properties, with the summary of the send run on it if there was one. */
    static String session(Session session, SendResult result) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", session.id().toString());
        node.put("provider", session.id().isLocal() ? "local" : "azure");
        node.put("service", session.config().service());
        node.put("requestQueue", session.cluster().requestQueue());
        node.put("responseQueue", session.cluster().responseQueue());
        node.put("nodeCount", session.config().nodeCount());
        if (result != null) {
            node.set("send", send(result));
        }
        return node.toString();
    }

    /** What a send run came to. */
    static ObjectNode send(SendResult result) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("requested", result.requested());
        node.put("sent", result.sent());
        node.put("resent", result.resent());
        node.put("received", result.received());
        node.put("errors", result.errors());
        node.put("poisoned", result.poisoned());
        node.put("damaged", result.damaged());
        node.put("missing", result.missing());
        node.put("duplicates", result.duplicates());
        node.put("unmatched", result.unmatched());
        node.put("timedOut", result.timedOut());
        node.put("seconds", Math.round(result.elapsed().toNanos() / 1e6) / 1e3);
        node.put("throughput", Math.round(result.throughput() * 1e3) / 1e3);
        if (result.firstProblem() != null) {
            node.put("firstProblem", result.firstProblem());
        }
        if (result.latency() != null) {
            node.set("latencyMs", MAPPER.createObjectNode()
                    .put("p50", millis(result.latency().p50()))
                    .put("p99", millis(result.latency().p99())));
        }
        SendResult.Transactions transactions = result.transactions();
        if (transactions != null) {
            ObjectNode counted = node.putObject("transactions");
            counted.put("client", transactions.client().total());
            if (transactions.workers() != null) {
                counted.put("workers", transactions.workers().total());
            }
            counted.put(transactions.workers() != null ? "perRoundTrip" : "clientPerRoundTrip",
                    Math.round(transactions.perRoundTrip(result.received()) * 1e3) / 1e3);
        }
        return node;
    }

    /** {@code duration} in milliseconds, to the microsecond. */
    private static double millis(Duration duration) {
        return Math.round(duration.toNanos() / 1e3) / 1e3;
    }

    /**
     * A dry run's plan, indented for reading: it is meant for people as much as for scripts. Its
     * parts in order; a request's body, JSON already, as it is; the parts it does not have left out.
     */
    static String plan(Plan plan) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("action", plan.action());
        node.put("id", plan.id().toString());
        node.put("provider", plan.provider());
        plan.facts().forEach((name, value) -> node.set(name, MAPPER.valueToTree(value)));
        if (plan.workerEnvironment() != null) {
            node.set("workerEnvironment", MAPPER.valueToTree(plan.workerEnvironment()));
        }
        if (plan.fileShares() != null) {
            ArrayNode shares = node.putArray("fileShares");
            plan.fileShares().forEach(share -> shares.add(share(share)));
        }
        if (plan.steps() != null) {
            ArrayNode requests = node.putArray("requests");
            plan.steps().forEach(step -> requests.add(step(step)));
        }
        if (plan.bootstrapScript() != null) {
            node.put("bootstrapScript", plan.bootstrapScript());
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print the plan", e); // a tree of texts and numbers always prints
        }
    }

    private static ObjectNode share(Plan.Share share) {
        ObjectNode node = MAPPER.createObjectNode().put("name", share.name()).put("mountPath", share.mountPath());
        if (share.storageAccountName() != null) { // a local session's share is a folder: no account to show
            node.put("storageAccountName", share.storageAccountName()).put("fileShareName", share.fileShareName())
                    .put("storageAccountKey", share.storageAccountKey());
        }
        return node;
    }

    private static ObjectNode step(Plan.Step step) {
        ObjectNode node = MAPPER.createObjectNode();
        if (step instanceof Plan.Request request) {
            node.put("method", request.method()).put("path", request.path());
            if (request.note() != null) {
                node.put("note", request.note());
            }
            if (request.body() != null) {
                try {
                    node.set("body", MAPPER.readTree(request.body()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("the body of " + request.path() + " is not JSON", e);
                }
            }
        } else if (step instanceof Plan.Operation operation) {
            node.put("what", operation.what());
            operation.details().forEach((name, value) -> node.set(name, MAPPER.valueToTree(value)));
        }
        return node;
    }

    /** The result of a delete. */
    static String deleted(ClusterId id) {
        return MAPPER.createObjectNode().put("id", id.toString()).put("deleted", true).toString();
    }

    /**
     * One answer as a line: the request's message, the reply (as JSON when the service answers in
     * JSON, as cgi and grpc do, and {@code jsonReplies} says so; else as a string; null if the
     * request was never sent) and, for a bad answer, the error.
     */
    static String line(Answer answer, boolean jsonReplies) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("request", answer.message());
        node.set("reply", reply(answer.reply(), jsonReplies));
        if (answer.problem() != null) {
            node.put("error", answer.problem());
        }
        return node.toString();
    }

    private static JsonNode reply(String reply, boolean asJson) {
        if (reply == null) {
            return MAPPER.nullNode();
        }
        if (asJson) {
            try {
                JsonNode parsed = MAPPER.readTree(reply);
                if (parsed != null && parsed.isContainerNode()) {
                    return parsed;
                }
            } catch (JsonProcessingException e) {
                // not JSON after all (an error reply in plain text): a string then
            }
        }
        return MAPPER.getNodeFactory().textNode(reply);
    }

    /** What {@code --status} found: the session, its nodes, queues and counters (in the stats file's form). */
    static String status(SessionStatus status) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", status.id().toString());
        node.put("provider", status.provider());
        node.put("service", status.service());
        ArrayNode nodes = node.putArray("nodes");
        for (NodeStatus each : status.nodes()) {
            ObjectNode item = nodes.addObject().put("name", each.name());
            putIfKnown(item, "provisioningState", each.provisioningState());
            putIfKnown(item, "powerState", each.powerState());
            putIfKnown(item, "extensionStatus", each.extensionStatus());
            item.put("workerState", each.workerState()).put("alive", each.alive());
            if (each.pid() != null) {
                item.put("pid", each.pid());
            }
            if (each.uptime() != null) {
                item.put("uptimeSeconds", each.uptime().toSeconds());
            }
            if (each.counters() != null) {
                item.set("counters", counters(each.counters()));
            }
            putIfKnown(item, "problem", each.problem());
        }
        ArrayNode queues = node.putArray("queues");
        for (QueueDepth queue : status.queues()) {
            queues.addObject().put("name", queue.name()).put("role", queue.role().label()).put("exists", queue.exists())
                    .put("approximateCount", queue.approximateCount());
        }
        node.set("counters", status.counters() == null ? MAPPER.nullNode() : counters(status.counters()));
        ArrayNode notes = node.putArray("notes");
        status.notes().forEach(notes::add);
        return node.toString();
    }

    /** What {@code --logs} read: each node's lines, and what limited them. */
    static String logs(ClusterId id, List<NodeLog> logs) {
        ObjectNode node = MAPPER.createObjectNode().put("id", id.toString());
        ArrayNode nodes = node.putArray("nodes");
        for (NodeLog log : logs) {
            ObjectNode item = nodes.addObject().put("node", log.node());
            ArrayNode lines = item.putArray("lines");
            log.lines().forEach(lines::add);
            putIfKnown(item, "note", log.note());
        }
        return node.toString();
    }

    /** What {@code --list} found, and why no Azure session is listed if none could be. */
    static String list(SessionList list) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode sessions = node.putArray("sessions");
        for (SessionSummary session : list.sessions()) {
            ObjectNode item = sessions.addObject().put("id", session.id().toString()).put("provider", session.provider());
            putIfKnown(item, "service", session.service());
            item.put("nodeCount", session.nodeCount());
            item.put("created", session.created() == null ? null : session.created().toString());
            putIfKnown(item, "problem", session.problem());
        }
        putIfKnown(node, "azureNotListed", list.azureNotListed());
        return node.toString();
    }

    /** A worker's counters as its stats file has them: {@code {"transactions": {...}, "requests": {...}}}. */
    private static JsonNode counters(StatsFile.Stats stats) {
        try {
            return MAPPER.readTree(StatsFile.json(stats.transactions(), stats.requests()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stats file's JSON does not parse", e); // Jackson wrote it
        }
    }

    private static void putIfKnown(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}

