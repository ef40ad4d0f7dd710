package com.sessionjar.cluster.azure;

import com.azure.core.exception.AzureException;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.compute.fluent.VirtualMachineScaleSetVMsClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInstanceViewInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.RunCommandInput;
import com.azure.resourcemanager.compute.models.VirtualMachineExtensionInstanceView;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.NodeLog;
import com.sessionjar.cluster.NodeStatus;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.queue.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The nodes of an Azure session, seen with no SSH and no public IP: the scale set's instances, each
 * one's instance view (provisioning and power state, the bootstrap extension's status), and what
 * its worker is doing, asked of the node itself through the scale set's run-command
 * ({@code RunShellScript}: {@code systemctl} and {@code journalctl} of the worker unit, the stats
 * file). Nodes are asked side by side; a run-command that fails or does not finish within the
 * timeout is that node's problem, said in one line, not the whole command's.
 */
final class AzureNodes {
    /** How long a node's run-command may take; Azure says one takes about 20 seconds at the least. */
    static final Duration RUN_COMMAND_TIMEOUT = Duration.ofMinutes(2);
    /** Where a node's worker keeps its totals ({@code Worker__StatsFile}), in its working folder. */
    static final String STATS_FILE = "/var/lib/sessionjar/worker.stats.json";
    /** Nodes asked at once. */
    private static final int PARALLEL = 16;

    private final VirtualMachineScaleSetVMsClient vms;
    private final AzureNames names;
    private final Duration timeout;

    /** The nodes of the session named {@code names}, in {@code azure}, each run-command given {@code timeout}. */
    AzureNodes(AzureManagers azure, AzureNames names, Duration timeout) {
        this.vms = azure.compute().getVirtualMachineScaleSetVMs();
        this.names = names;
        this.timeout = timeout;
    }

    /**
     * Every node as it is now, in instance id order.
     *
     * @throws ManagementException (404) if the session has no scale set
     */
    List<NodeStatus> status() {
        List<String> instances = instanceIds();
        return ask(instances, this::status);
    }

    /**
     * The last {@code tail} lines of the worker's journal on each node, or on node {@code node} only.
     *
     * @throws com.sessionjar.BadInputException if there is no node {@code node}
     * @throws ManagementException (404) if the session has no scale set
     */
    List<NodeLog> logs(ClusterId id, Integer node, int tail) {
        List<String> instances = instanceIds();
        if (node != null && !instances.contains(Integer.toString(node))) {
            throw NodeLog.unknownNode(id, node, instances);
        }
        List<String> asked = node == null ? instances : List.of(Integer.toString(node));
        return ask(asked, instance -> log(instance, tail));
    }

    /** The shell script that tells a node's worker state, uptime, restarts and stats, a {@code key=value} a line. */
    static List<String> statusScript() {
        return List.of(
                "u=" + NodeBootstrap.SERVICE,
                "s=$(systemctl is-active \"$u\")",
                "echo \"state=$s\"",
                "if [ \"$s\" = active ]; then",
                "  t=$(systemctl show -p ActiveEnterTimestamp --value \"$u\")",
                "  [ -n \"$t\" ] && echo \"uptime=$(( $(date +%s) - $(date -d \"$t\" +%s) ))\"",
                "fi",
                "echo \"restarts=$(systemctl show -p NRestarts --value \"$u\")\"",
                "f=" + STATS_FILE,
                "if [ -r \"$f\" ]; then echo \"stats=$(tr -d '\\n' < \"$f\")\"; fi",
                "exit 0");
    }

    /** The shell script that prints the last {@code tail} lines of the worker's journal, messages only. */
    static List<String> logsScript(int tail) {
        return List.of("journalctl -u " + NodeBootstrap.SERVICE + " -n " + tail + " --no-pager -o cat", "exit 0");
    }

    private List<String> instanceIds() {
        return AzureErrors.call("listing the nodes of scale set " + names.scaleSet(),
                () -> vms.list(names.resourceGroup(), names.scaleSet()).stream()
                        .map(VirtualMachineScaleSetVMInner::instanceId).toList());
    }

    /** {@code each} of {@code instances}, side by side, in their order. */
    private <T> List<T> ask(List<String> instances, Function<String, Mono<T>> each) {
        List<T> results = Flux.fromIterable(instances).flatMapSequential(each, PARALLEL).collectList().block();
        return results == null ? List.of() : results;
    }

    private Mono<NodeStatus> status(String instance) {
        return vms.getInstanceViewAsync(names.resourceGroup(), names.scaleSet(), instance)
                .map(InstanceView::of)
                .onErrorResume(AzureNodes::isAzureFailure, e -> Mono.just(InstanceView.failed(
                        "its instance view cannot be read: " + describe(e))))
                .flatMap(view -> {
                    // A node whose power state is not known yet (being made) is asked all the same.
                    boolean stopped = view.powerState() != null && !"running".equals(view.powerState());
                    if (view.problem() != null || stopped) {
                        String problem = view.problem() != null ? view.problem()
                                : "the node is " + view.powerState() + ": its worker was not asked";
                        return Mono.just(NodeStatus.azure(instance, view.provisioningState(), view.powerState(),
                                view.extensionStatus(names.extension()), NodeStatus.UNKNOWN, null, null, problem));
                    }
                    return run(instance, statusScript()).map(output -> worker(instance, view, output));
                });
    }

    private NodeStatus worker(String instance, InstanceView view, Result output) {
        String extension = view.extensionStatus(names.extension());
        if (output.problem() != null) {
            return NodeStatus.azure(instance, view.provisioningState(), view.powerState(), extension, NodeStatus.UNKNOWN,
                    null, null, output.problem());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : output.output().stdoutLines()) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        String state = values.getOrDefault("state", "");
        List<String> problems = new ArrayList<>();
        if (state.isEmpty()) {
            state = NodeStatus.UNKNOWN;
            problems.add("the node did not say its worker's state: " + firstLineOf(output.output()));
        }
        Duration uptime = null;
        if (values.containsKey("uptime")) {
            try {
                uptime = Duration.ofSeconds(Long.parseLong(values.get("uptime")));
            } catch (NumberFormatException e) {
                problems.add("uptime '" + values.get("uptime") + "' is not a number of seconds");
            }
        }
        String restarts = values.get("restarts");
        if (restarts != null && !restarts.isEmpty() && !restarts.equals("0")) {
            problems.add("its worker restarted " + restarts + " time(s)");
        }
        StatsFile.Stats counters = null;
        if (values.containsKey("stats")) {
            try {
                counters = StatsFile.parse(values.get("stats"));
            } catch (IOException e) {
                problems.add("its stats file cannot be read: " + Errors.firstLine(e.getMessage()));
            }
        }
        return NodeStatus.azure(instance, view.provisioningState(), view.powerState(), extension, state, uptime, counters,
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    private Mono<NodeLog> log(String instance, int tail) {
        return run(instance, logsScript(tail)).map(result -> {
            if (result.problem() != null) {
                return new NodeLog(instance, List.of(), result.problem());
            }
            List<String> lines = result.output().stdoutLines();
            String note = null;
            if (lines.size() < tail && result.output().stdoutMayBeCut()) {
                // The first line is most likely cut in the middle: run-command keeps the last 4,096 bytes.
                lines = lines.subList(Math.min(1, lines.size()), lines.size());
                note = "run-command returns only the last " + String.format("%,d", RunCommandOutput.LIMIT)
                        + " bytes of output: " + lines.size() + " of the last " + tail + " lines";
            } else if (lines.isEmpty() && !result.output().stderr().isBlank()) {
                note = "journalctl: " + Errors.firstLine(result.output().stderr());
            }
            return new NodeLog(instance, lines, note);
        });
    }

    /** Runs {@code script} on {@code instance}, waiting at most the timeout; a failure is the result's problem. */
    private Mono<Result> run(String instance, List<String> script) {
        RunCommandInput input = new RunCommandInput().withCommandId("RunShellScript").withScript(script);
        return vms.runCommandAsync(names.resourceGroup(), names.scaleSet(), instance, input)
                .timeout(timeout)
                .map(result -> {
                    RunCommandOutput output = RunCommandOutput.of(result);
                    return output.failure() != null ? new Result(null, "run-command failed: " + output.failure())
                            : new Result(output, null);
                })
                .onErrorResume(AzureNodes::isAzureFailure, e -> Mono.just(new Result(null, e instanceof TimeoutException
                        ? "run-command did not finish within " + timeout.toSeconds() + " s, so its worker's state is not "
                                + "known (a run-command cannot be cancelled: it may still run, and the next one waits for it)"
                        : "run-command failed: " + describe(e))));
    }

    /** A run-command's output, or why there is none. */
    private record Result(RunCommandOutput output, String problem) {
    }

    /** What Azure or the network did, as opposed to a bug of ours: those are not caught. */
    private static boolean isAzureFailure(Throwable e) {
        return e instanceof TimeoutException || e instanceof AzureException || e instanceof IOException
                || e instanceof UncheckedIOException;
    }

    private static String describe(Throwable e) {
        return e instanceof ManagementException management ? AzureErrors.describe(management) : Errors.oneLine(e);
    }

    private static String firstLineOf(RunCommandOutput output) {
        String text = output.stdout().isBlank() ? output.stderr() : output.stdout();
        return text.isBlank() ? "(no output)" : Errors.firstLine(text);
    }

    /**
     * What a node's instance view says: the VM's provisioning and power state, and its extensions.
     *
     * @param provisioningState {@code succeeded}, {@code failed}, ... (the code after {@code ProvisioningState/})
     * @param powerState        {@code running}, {@code deallocated}, ... (after {@code PowerState/})
     * @param extensions        each extension's instance view
     * @param problem           why there is no view; null if there is one
     */
    private record InstanceView(String provisioningState, String powerState,
                                List<VirtualMachineExtensionInstanceView> extensions, String problem) {
        static InstanceView of(VirtualMachineScaleSetVMInstanceViewInner view) {
            List<InstanceViewStatus> statuses = Objects.requireNonNullElse(view.statuses(), List.of());
            return new InstanceView(state(statuses, "ProvisioningState/"), state(statuses, "PowerState/"),
                    Objects.requireNonNullElse(view.extensions(), List.of()), null);
        }

        static InstanceView failed(String problem) {
            return new InstanceView(null, null, List.of(), problem);
        }

        /**
         * The state of extension {@code name}: {@code succeeded}, {@code transitioning}, or {@code failed: } and
         * its message's first line (the whole message, with the script's output, is shown when a create fails);
         * null if the node does not report it (yet).
         */
        String extensionStatus(String name) {
            for (VirtualMachineExtensionInstanceView extension : extensions) {
                if (name.equals(extension.name())) {
                    String state = state(Objects.requireNonNullElse(extension.statuses(), List.of()), "ProvisioningState/");
                    String message = extension.statuses() == null || extension.statuses().isEmpty()
                            || extension.statuses().get(0).message() == null ? "" : extension.statuses().get(0).message();
                    return state != null && state.startsWith("failed") && !message.isBlank()
                            ? state + ": " + Errors.firstLine(message) : state;
                }
            }
            return null;
        }

        private static String state(List<InstanceViewStatus> statuses, String prefix) {
            return statuses.stream().map(InstanceViewStatus::code).filter(Objects::nonNull)
                    .filter(code -> code.startsWith(prefix)).map(code -> code.substring(prefix.length()))
                    .findFirst().orElse(null);
        }
    }
}
