package com.sessionjar.cluster.azure;

import com.sessionjar.cluster.WorkerEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A node of a scale set that did not come up, and why: its bootstrap extension failed (the message
 * carries the script's output) or the node itself failed to provision.
 *
 * @param instanceId the scale set's instance id of the node
 * @param what       what failed, e.g. {@code failed to bootstrap}
 * @param message    Azure's status message, taken apart
 */
record NodeFailure(String instanceId, String what, ExtensionMessage message) {
    /** How many of the last lines of each of the script's stdout and stderr a report shows. */
    static final int TAIL_LINES = 20;
    /** Longer lines are cut: a report is for reading. */
    static final int MAX_LINE = 300;

    NodeFailure {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(message, "message");
    }

    /**
     * What stderr shows of this node, one line each: what failed and Azure's first line, then the last
     * {@link #TAIL_LINES} lines of the script's stdout and of its stderr, each {@code secret} replaced by
     * {@link WorkerEnvironment#REDACTED} (the script prints none; this is a second guard).
     */
    List<String> report(Set<String> secrets) {
        String node = "node " + instanceId;
        List<String> lines = new ArrayList<>();
        lines.add(node + " " + what + ": " + clean(message.summary(), secrets));
        if (!message.stdout().isEmpty() || !message.stderr().isEmpty()) {
            tail(lines, node, "stdout", message.stdout(), secrets);
            tail(lines, node, "stderr", message.stderr(), secrets);
        }
        return lines;
    }

    private static void tail(List<String> lines, String node, String stream, List<String> output, Set<String> secrets) {
        if (output.isEmpty()) {
            lines.add(node + " " + stream + ": (empty)");
            return;
        }
        int shown = Math.min(TAIL_LINES, output.size());
        lines.add(node + " " + stream + (shown < output.size() ? " (last " + shown + " of " + output.size() + " lines):"
                : " (" + shown + (shown == 1 ? " line):" : " lines):")));
        output.subList(output.size() - shown, output.size())
                .forEach(line -> lines.add(node + " | " + clean(line, secrets)));
    }

    private static String clean(String line, Set<String> secrets) {
        String text = line;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                text = text.replace(secret, WorkerEnvironment.REDACTED);
            }
        }
        text = text.replaceAll("\\p{Cntrl}", " ").stripTrailing();
        return text.length() <= MAX_LINE ? text : text.substring(0, MAX_LINE) + " ...";
    }
}
