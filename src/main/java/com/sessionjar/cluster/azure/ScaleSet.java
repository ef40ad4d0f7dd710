package com.sessionjar.cluster.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.AzureResourceManager;
import com.azure.resourcemanager.compute.fluent.VirtualMachineScaleSetsClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetVMInstanceRequiredIDs;
import com.sessionjar.cluster.ClusterConfig;
import java.util.List;

/**
 * Makes a session's scale set what its config says and makes running nodes follow: custom data
 * would reach new nodes only, so everything a node needs comes from the bootstrap extension, and
 * after a change of the model the nodes that do not run it yet are upgraded (updateInstances),
 * which runs the extension again on them: shares remounted, environment rewritten, worker restarted.
 */
final class ScaleSet {
    private final AzureResourceManager azure;
    private final AzureNames names;
    private final Progress progress;

    ScaleSet(AzureResourceManager azure, AzureNames names, Progress progress) {
        this.azure = azure;
        this.names = names;
        this.progress = progress;
    }

    /** Creates the scale set, or updates it and its running nodes, to run {@code nodes}. */
    void apply(ClusterConfig config, Deployment.NodeSpec nodes, String subnetId) {
        String scaleSet = names.scaleSet();
        String shape = nodes.count() + " x " + nodes.vmSize();
        VirtualMachineScaleSetInner current = AzureErrors.call("reading scale set " + scaleSet,
                this::existing);
        if (current == null) {
            VirtualMachineScaleSetInner wanted = Deployment.scaleSet(config.location(), names, subnetId,
                    SshKeys.newPublicKey(), nodes);
            progress.step("creating scale set " + scaleSet + " (" + shape + "; each node installs Java, mounts the "
                    + "shares and starts the worker)", () -> put(wanted));
            return;
        }
        // Read, change, write: what was fixed at creation (admin key, disk, network) stays as Azure has it.
        VirtualMachineScaleSetInner wanted = Deployment.applyTo(current, names, nodes);
        progress.step("updating scale set " + scaleSet + " (" + shape + ")", () -> put(wanted));
        List<String> outdated = AzureErrors.call("listing the nodes of scale set " + scaleSet,
                this::outdated);
        if (outdated.isEmpty()) {
            progress.say("Every node of " + scaleSet + " already runs its current model");
            return;
        }
        progress.step("bringing " + outdated.size() + " running node(s) to the new model (the bootstrap runs again: "
                + "shares, environment, worker restart)", () -> AzureErrors.call("upgrading the nodes of " + scaleSet,
                        () -> {
                            client().updateInstances(names.resourceGroup(), scaleSet,
                                    new VirtualMachineScaleSetVMInstanceRequiredIDs().withInstanceIds(outdated));
                            return null;
                        }));
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

    /** The ids of the instances that do not run the scale set's latest model yet. */
    private List<String> outdated() {
        return azure.virtualMachineScaleSets().manager().serviceClient().getVirtualMachineScaleSetVMs()
                .list(names.resourceGroup(), names.scaleSet()).stream()
                .filter(vm -> !Boolean.TRUE.equals(vm.latestModelApplied()))
                .map(VirtualMachineScaleSetVMInner::instanceId).toList();
    }

    private VirtualMachineScaleSetsClient client() {
        return azure.virtualMachineScaleSets().manager().serviceClient().getVirtualMachineScaleSets();
    }
}
