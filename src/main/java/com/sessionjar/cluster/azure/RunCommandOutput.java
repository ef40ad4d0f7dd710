package com.sessionjar.cluster.azure;

import com.azure.resourcemanager.compute.fluent.models.RunCommandResultInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.sessionjar.queue.Errors;
import java.util.List;
import java.util.Objects;

/**
 * What a run-command gave back: its script's stdout and stderr, or why it failed. Azure returns
 * them in two shapes: the published REST example (RunPowerShellScript) has one status per stream,
 * {@code ComponentStatus/StdOut/succeeded} and {@code ComponentStatus/StdErr/succeeded}; a Linux
 * node's RunShellScript has one {@code ProvisioningState/succeeded} status whose message is
 * {@code "Enable succeeded: \n[stdout]\n<out>\n[stderr]\n<err>"} (as Microsoft's AKS docs show for
 * {@code az vmss run-command invoke --command-id RunShellScript}). Either way each stream is at most
 * its last {@value #LIMIT} bytes.
 *
 * @param stdout  the script's standard output (its last {@value #LIMIT} bytes); "" if none
 * @param stderr  the script's standard error (its last {@value #LIMIT} bytes); "" if none
 * @param failure the first line of why the command failed; null if it ran
 */
record RunCommandOutput(String stdout, String stderr, String failure) {
    /** How much of each stream run-command returns: "Output is limited to the last 4,096 bytes." */
    static final int LIMIT = 4096;
    private static final String STDOUT = "[stdout]\n";
    private static final String STDERR = "\n[stderr]\n";

    /** The output in {@code result}, in either shape. */
    static RunCommandOutput of(RunCommandResultInner result) {
        List<InstanceViewStatus> statuses = result == null || result.value() == null ? List.of() : result.value();
        String stdout = null;
        String stderr = null;
        for (InstanceViewStatus status : statuses) {
            String code = Objects.requireNonNullElse(status.code(), "");
            String message = Objects.requireNonNullElse(status.message(), "");
            if (code.startsWith("ComponentStatus/StdOut/")) {
                stdout = message;
            } else if (code.startsWith("ComponentStatus/StdErr/")) {
                stderr = message;
            } else if (code.startsWith("ProvisioningState/")) {
                if (!code.startsWith("ProvisioningState/succeeded")) {
                    return new RunCommandOutput("", "", code.substring("ProvisioningState/".length()) + ": "
                            + Errors.firstLine(message.isBlank() ? "(no message)" : message));
                }
                int out = message.indexOf(STDOUT);
                if (out >= 0) {
                    int err = message.lastIndexOf(STDERR);
                    int outEnd = err > out ? err : message.length();
                    stdout = message.substring(out + STDOUT.length(), outEnd);
                    stderr = err > out ? message.substring(err + STDERR.length()) : "";
                }
            }
        }
        if (stdout == null && stderr == null) {
            return new RunCommandOutput("", "", "run-command returned no output (statuses: " + statuses.stream()
                    .map(InstanceViewStatus::code).toList() + ")");
        }
        return new RunCommandOutput(Objects.requireNonNullElse(stdout, ""), Objects.requireNonNullElse(stderr, ""), null);
    }

    /** Whether stdout may have been cut to its last {@value #LIMIT} bytes: it is (about) that long. */
    boolean stdoutMayBeCut() {
        return stdout.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= LIMIT - 64;
    }

    /** Stdout's lines, without line ends; a last line end ends no line of its own. */
    List<String> stdoutLines() {
        String text = stdout.endsWith("\n") ? stdout.substring(0, stdout.length() - 1) : stdout;
        return text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
    }
}
