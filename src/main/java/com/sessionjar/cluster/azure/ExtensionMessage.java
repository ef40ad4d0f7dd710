package com.sessionjar.cluster.azure;

import java.util.List;

/**
 * The message of the CustomScript extension's status, taken apart. The extension (Linux, 2.1) writes
 * {@code Enable failed: failed to execute command: command terminated with exit status=N}, then
 * {@code \n[stdout]\n} and the last 4 KB of the script's stdout, then {@code \n[stderr]\n} and the
 * last 4 KB of its stderr (features-linux.md, "View extension status"; the extension's main/cmds.go).
 * A message without those markers is all summary and no output.
 *
 * @param summary the first line: what the extension says happened
 * @param stdout  the lines of the script's stdout that the message carries, in order
 * @param stderr  the same of its stderr
 */
record ExtensionMessage(String summary, List<String> stdout, List<String> stderr) {
    static final String STDOUT = "\n[stdout]\n";
    static final String STDERR = "\n[stderr]\n";

    ExtensionMessage {
        stdout = List.copyOf(stdout);
        stderr = List.copyOf(stderr);
    }

    /** The message {@code message} (null: none) taken apart. */
    static ExtensionMessage parse(String message) {
        String text = message == null ? "" : message.replace("\r\n", "\n");
        int out = text.indexOf(STDOUT);
        if (out < 0) {
            return new ExtensionMessage(firstLine(text), List.of(), List.of());
        }
        int start = out + STDOUT.length();
        // From the marker's own line break on: an empty stdout may share it with the next marker.
        int err = text.indexOf(STDERR, start - 1);
        String stdout = err < 0 ? text.substring(start) : text.substring(start, Math.max(start, err));
        String stderr = err < 0 ? "" : text.substring(err + STDERR.length());
        return new ExtensionMessage(firstLine(text.substring(0, out)), lines(stdout), lines(stderr));
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int end = trimmed.indexOf('\n');
        return end < 0 ? trimmed : trimmed.substring(0, end).strip();
    }

    /** The text's lines, without the empty ones at its end (the tail ends in a line break, or is empty). */
    private static List<String> lines(String text) {
        List<String> lines = text.lines().toList();
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        return lines.subList(0, end);
    }
}
