package com.sessionjar.cluster.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.compute.fluent.VirtualMachineScaleSetVMsClient;
import com.azure.resourcemanager.compute.fluent.VirtualMachineScaleSetsClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetVMInstanceRequiredIDs;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.queue.Errors;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Makes a session's scale set what its config says and makes running nodes follow: custom data
 * would reach new nodes only, so everything a node needs comes from the bootstrap extension, and
 * after a change of the model the nodes that do not run it yet are upgraded (updateInstances),
 * which runs the extension again on them: shares remounted, environment rewritten, worker restarted.
 * A size of another family is reached by deallocating the nodes first and starting them after
 * ({@link SizeChange}). Last, every node's instance view is read: a node that failed is reported,
 * with its script's output, and the apply fails.
 */
final class ScaleSet {
    private final AzureManagers azure;
    private final AzureNames names;
    private final Progress progress;
    private final Consumer<String> warn;

    /** The scale set of the session {@code names} name, reporting steps to {@code progress} and failed nodes to {@code warn}. */
    ScaleSet(AzureManagers azure, AzureNames names, Progress progress, Consumer<String> warn) {
        this.azure = azure;
        this.names = names;
        this.progress = progress;
        this.warn = warn;
    }

    /**
     * Creates the scale set, or updates it and its running nodes, to run {@code nodes}.
     *
     * @param secrets what a report of a failed node must not show (the script prints none; a second guard)
     * @throws InfrastructureException when a node failed, after each failed node was reported
     */
    void apply(ClusterConfig config, Deployment.NodeSpec nodes, String subnetId, Set<String> secrets) {
        String scaleSet = names.scaleSet();
        String shape = nodes.count() + " x " + nodes.vmSize();
        VirtualMachineScaleSetInner current = AzureErrors.call("reading scale set " + scaleSet, this::existing);
        if (current == null) {
            VirtualMachineScaleSetInner wanted = Deployment.scaleSet(config.location(), names, subnetId,
                    SshKeys.newPublicKey(), nodes);
            reportingNodes(secrets, () -> progress.step("creating scale set " + scaleSet + " (" + shape + "; each node "
                    + "installs Java, mounts the shares and starts the worker)", () -> put(wanted)));
            checkNodes(secrets);
            return;
        }
        String from = current.sku() == null ? null : current.sku().name();
        SizeChange change = SizeChange.of(from, nodes.vmSize());
        // Read, change, write: what was fixed at creation (admin key, disk, network) stays as Azure has it.
        VirtualMachineScaleSetInner wanted = Deployment.applyTo(current, names, nodes);
        if (change == SizeChange.DEALLOCATE) {
            resizeDeallocated(from, nodes.vmSize(), () -> reportingNodes(secrets, () -> putAndUpgrade(wanted, shape)));
        } else {
            reportingNodes(secrets, () -> putAndUpgrade(wanted, shape));
        }
        checkNodes(secrets);
    }

    private void putAndUpgrade(VirtualMachineScaleSetInner wanted, String shape) {
        String scaleSet = names.scaleSet();
        progress.step("updating scale set " + scaleSet + " (" + shape + ")", () -> put(wanted));
        List<String> outdated = AzureErrors.call("listing the nodes of scale set " + scaleSet, () -> instances().stream()
                .filter(vm -> !Boolean.TRUE.equals(vm.latestModelApplied()))
                .map(VirtualMachineScaleSetVMInner::instanceId).toList());
        if (outdated.isEmpty()) {
            progress.say("Every node of " + scaleSet + " already runs its current model");
            return;
        }
        progress.step("upgrading node(s) " + String.join(", ", outdated) + " to the new model (the bootstrap runs "
                + "again: shares, environment, worker restart)", () -> AzureErrors.call("upgrading the nodes of " + scaleSet,
                        () -> {
                            client().updateInstances(names.resourceGroup(), scaleSet,
                                    new VirtualMachineScaleSetVMInstanceRequiredIDs().withInstanceIds(outdated));
                            return null;
                        }));
        progress.say("Upgraded node(s) " + String.join(", ", outdated) + " of " + scaleSet + " to the new model");
    }

    /**
     * Deallocates every node, runs {@code resize} (the PUT and the upgrade), and starts the nodes again, also when
     * the resize failed: they then come back on the size they had.
     */
    private void resizeDeallocated(String from, String to, Runnable resize) {
        String scaleSet = names.scaleSet();
        progress.step("deallocating the nodes of " + scaleSet + " (" + from + " to " + to + " is a change of family, "
                + "which may need other hardware)", () -> AzureErrors.call("deallocating the nodes of " + scaleSet, () -> {
                    client().deallocate(names.resourceGroup(), scaleSet);
                    return null;
                }));
        try {
            resize.run();
        } catch (RuntimeException e) {
            try {
                start();
            } catch (RuntimeException again) {
                e.addSuppressed(again);
                warn.accept("The nodes of " + scaleSet + " stay deallocated (" + Errors.oneLine(again)
                        + "): run --update again, or start them in the portal");
            }
            throw e;
        }
        start();
    }

    private void start() {
        String scaleSet = names.scaleSet();
        progress.step("starting the nodes of " + scaleSet, () -> AzureErrors.call("starting the nodes of " + scaleSet, () -> {
            client().start(names.resourceGroup(), scaleSet);
            return null;
        }));
    }

    /**
     * Runs {@code step}; if it fails (a failed extension fails the scale set's operation itself, with
     * VMExtensionProvisioningError) and some node reports why, reports each and fails with that instead.
     */
    private void reportingNodes(Set<String> secrets, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            Nodes nodes;
            try {
                nodes = nodes();
            } catch (RuntimeException unreadable) {
                e.addSuppressed(unreadable);
                throw e; // no scale set, or no instance view: the step's own error says more
            }
            if (nodes.failures().isEmpty()) {
                throw e;
            }
            throw reported(nodes, secrets, e);
        }
    }

    /** Reads every node's instance view; fails, after reporting each, if a node failed. */
    private void checkNodes(Set<String> secrets) {
        Nodes nodes = progress.step("reading the state of each node of " + names.scaleSet(), this::nodes);
        if (!nodes.failures().isEmpty()) {
            throw reported(nodes, secrets, null);
        }
    }

    /** How many nodes the scale set has, and which of them failed. */
    private record Nodes(int count, List<NodeFailure> failures) {
    }

    private Nodes nodes() {
        List<String> ids = AzureErrors.call("listing the nodes of scale set " + names.scaleSet(),
                () -> instances().stream().map(VirtualMachineScaleSetVMInner::instanceId).toList());
        return new Nodes(ids.size(), new NodeFailures(vms(), names).read(ids));
    }

    /** Reports each failed node on {@link #warn}, and says in one line how many failed. */
    private InfrastructureException reported(Nodes nodes, Set<String> secrets, RuntimeException cause) {
        nodes.failures().forEach(failure -> failure.report(secrets).forEach(warn));
        List<String> ids = nodes.failures().stream().map(NodeFailure::instanceId).toList();
        String message = nodes.failures().size() + " of " + nodes.count() + " node(s) of scale set " + names.scaleSet()
                + " failed (node "
                + String.join(", ", ids) + "; what each said is above)";
        return cause == null ? new InfrastructureException(message) : new InfrastructureException(message, cause);
    }

    private VirtualMachineScaleSetInner put(VirtualMachineScaleSetInner wanted) {
        return AzureErrors.call("creating or updating scale set " + names.scaleSet(),
                () -> client().createOrUpdate(names.resourceGroup(), names.scaleSet(), wanted));
    }

    /** The scale set as Azure has it, or null if there is none yet. */
    private VirtualMachineScaleSetInner existing() {
        try {
            return client().getByResourceGroup(names.resourceGroup(), names.scaleSet());
        } catch (ManagementException e) {
            if (AzureErrors.isNotFound(e)) {
                return null;
            }
            throw e;
        }
    }

    private List<VirtualMachineScaleSetVMInner> instances() {
        return vms().list(names.resourceGroup(), names.scaleSet()).stream().toList();
    }

    private VirtualMachineScaleSetsClient client() {
        return azure.compute().getVirtualMachineScaleSets();
    }

    private VirtualMachineScaleSetVMsClient vms() {
        return azure.compute().getVirtualMachineScaleSetVMs();
    }
}
