package com.sessionjar.cli;

import com.sessionjar.cluster.NodeLog;
import com.sessionjar.cluster.NodeStatus;
import com.sessionjar.cluster.QueueDepth;
import com.sessionjar.cluster.SessionStatus;
import com.sessionjar.cluster.SessionSummary;
import com.sessionjar.protocol.StatsFile;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** How {@code --status}, {@code --logs} and {@code --list} print as text: tables for people to read. */
final class StatusText {
    private static final String NONE = "-";

    private StatusText() {
    }

    /** The session, a table of its nodes, a line per node problem, a table of its queues, and its counters. */
    static void status(SessionStatus status, PrintWriter out) {
        out.println("Session " + status.id() + " (" + status.provider() + ", " + status.service() + ", "
                + status.nodes().size() + " node(s))");
        boolean azure = status.provider().equals("azure");
        List<String[]> nodes = new ArrayList<>();
        nodes.add(azure ? new String[] {"NODE", "PROVISIONING", "POWER", "EXTENSION", "WORKER", "UPTIME", "PROCESSED",
            "FAILED", "POISONED", "TRANSACTIONS"}
                : new String[] {"NODE", "WORKER", "PID", "UPTIME", "PROCESSED", "FAILED", "POISONED", "TRANSACTIONS"});
        List<String> problems = new ArrayList<>();
        for (NodeStatus node : status.nodes()) {
            List<String> row = new ArrayList<>(List.of(node.name()));
            if (azure) {
                row.addAll(List.of(orNone(node.provisioningState()), orNone(node.powerState()),
                        orNone(node.extensionStatus() == null ? null : node.extensionStatus().split(":", 2)[0])));
                if (node.extensionStatus() != null && node.extensionStatus().contains(":")) {
                    problems.add("node " + node.name() + ": extension " + node.extensionStatus());
                }
                row.add(node.workerState());
            } else {
                row.addAll(List.of(node.workerState(), node.pid() == null ? NONE : Long.toString(node.pid())));
            }
            row.add(node.uptime() == null ? NONE : uptime(node.uptime()));
            StatsFile.Stats counters = node.counters();
            row.addAll(counters == null ? List.of(NONE, NONE, NONE, NONE) : List.of(
                    Long.toString(counters.requests().processed()), Long.toString(counters.requests().failed()),
                    Long.toString(counters.requests().poisoned()), Long.toString(counters.transactions().total())));
            nodes.add(row.toArray(String[]::new));
            if (node.problem() != null) {
                problems.add("node " + node.name() + ": " + node.problem());
            }
        }
        table(nodes, out);
        problems.forEach(out::println);
        if (!status.queues().isEmpty()) {
            List<String[]> queues = new ArrayList<>();
            queues.add(new String[] {"QUEUE", "ROLE", "MESSAGES"});
            for (QueueDepth queue : status.queues()) {
                queues.add(new String[] {queue.name(), queue.role().label(),
                    queue.exists() ? Long.toString(queue.approximateCount()) : "0 (not made yet)"});
            }
            table(queues, out);
        }
        status.notes().forEach(out::println);
        out.println(status.counters() == null ? "Counters: not known (no worker has written its stats yet)"
                : "Counters of all workers: " + counters(status.counters()));
    }

    /** Each node's lines; with several nodes, each under a {@code ==> node N <==} header, as tail does. */
    static void logs(List<NodeLog> logs, PrintWriter out, PrintWriter err) {
        boolean headers = logs.size() > 1;
        for (int i = 0; i < logs.size(); i++) {
            NodeLog log = logs.get(i);
            if (headers) {
                out.println((i > 0 ? "\n" : "") + "==> node " + log.node() + " <==");
            }
            log.lines().forEach(out::println);
            if (log.note() != null) {
                err.println("node " + log.node() + ": " + log.note());
            }
        }
    }

    /** A table of the sessions, and a line for each whose record could not be read. */
    static void list(List<SessionSummary> sessions, PrintWriter out) {
        if (sessions.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "PROVIDER", "SERVICE", "NODES", "CREATED"});
        List<String> problems = new ArrayList<>();
        for (SessionSummary session : sessions) {
            rows.add(new String[] {session.id().toString(), session.provider(), orNone(session.service()),
                session.service() == null ? NONE : Integer.toString(session.nodeCount()),
                session.created() == null ? "unknown" : session.created().toString()});
            if (session.problem() != null) {
                problems.add(session.id() + ": " + session.problem());
            }
        }
        table(rows, out);
        problems.forEach(out::println);
    }

    /** The counters in words, the transactions as a total. */
    static String counters(StatsFile.Stats stats) {
        StatsFile.Requests requests = stats.requests();
        return "processed " + requests.processed() + ", failed " + requests.failed() + ", returned to the queue "
                + requests.returned() + ", poisoned " + requests.poisoned() + ", answered but not deleted "
                + requests.undeleted() + ", lease renewals failed " + requests.renewalsFailed() + ", replies dropped "
                + requests.dropped() + ", skipped (run ended) " + requests.expired() + "; storage transactions " + stats.transactions().total();
    }

    /** {@code 0:01:02}, or with days {@code 3d 04:05:06}. */
    static String uptime(Duration uptime) {
        long seconds = Math.max(0, uptime.toSeconds());
        String time = String.format("%d:%02d:%02d", seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
        return seconds >= 86_400 ? seconds / 86_400 + "d " + String.format("%02d", seconds / 3600 % 24)
                + time.substring(time.indexOf(':')) : time;
    }

    /** The rows with their columns aligned, two spaces apart. */
    private static void table(List<String[]> rows, PrintWriter out) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String orNone(String text) {
        return text == null ? NONE : text;
    }
}
