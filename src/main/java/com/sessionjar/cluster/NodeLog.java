package com.sessionjar.cluster;

import com.sessionjar.BadInputException;
import java.util.List;
import java.util.Objects;

/**
 * The last lines of one node's worker log, oldest first.
 *
 * @param node  the node's name, as {@link NodeStatus#name()}
 * @param lines the lines, without line ends
 * @param note  what limited them or went wrong, in one line (fewer lines than asked, a run-command
 *              that timed out); null if nothing
 */
public record NodeLog(String node, List<String> lines, String note) {
    public NodeLog {
        Objects.requireNonNull(node, "node");
        lines = List.copyOf(lines);
    }

    /** The error for node {@code node}, which session {@code id} does not have: it has {@code nodes}. */
    public static BadInputException unknownNode(ClusterId id, int node, List<String> nodes) {
        return new BadInputException("Unknown node " + node + " of session " + id + ": its nodes are "
                + (nodes.isEmpty() ? "none" : String.join(", ", nodes)) + " (--status " + id + " shows them)");
    }
}
