package com.sessionjar.cluster.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.compute.fluent.VirtualMachineScaleSetVMsClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInstanceViewInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.StatusLevelTypes;
import com.azure.resourcemanager.compute.models.VirtualMachineExtensionInstanceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads, node by node, whether a session's nodes came up: each instance's instance view
 * (VirtualMachineScaleSetVMs_GetInstanceView), first the status of the bootstrap extension, whose
 * message carries the tails of the script's output, then the node's own provisioning state.
 */
final class NodeFailures {
    private final VirtualMachineScaleSetVMsClient vms;
    private final AzureNames names;

    NodeFailures(VirtualMachineScaleSetVMsClient vms, AzureNames names) {
        this.vms = vms;
        this.names = names;
    }

    /** The nodes among {@code instanceIds} that failed, in that order; one GET per node. */
    List<NodeFailure> read(List<String> instanceIds) {
        List<NodeFailure> failures = new ArrayList<>();
        for (String instanceId : instanceIds) {
            VirtualMachineScaleSetVMInstanceViewInner view;
            try {
                view = AzureErrors.call("reading the instance view of node " + instanceId + " of scale set "
                        + names.scaleSet(), () -> vms.getInstanceView(names.resourceGroup(), names.scaleSet(), instanceId));
            } catch (ManagementException e) {
                if (AzureErrors.isNotFound(e)) {
                    continue; // removed since it was listed (a scale-in): nothing to say about it
                }
                throw e;
            }
            of(instanceId, view, names.extension()).ifPresent(failures::add);
        }
        return failures;
    }

    /**
     * What failed on node {@code instanceId}, by its instance view {@code view}: the extension named
     * {@code extension} reporting an error, else the node's own provisioning; empty if neither did.
     */
    static Optional<NodeFailure> of(String instanceId, VirtualMachineScaleSetVMInstanceViewInner view, String extension) {
        for (VirtualMachineExtensionInstanceView ours : view.extensions() == null
                ? List.<VirtualMachineExtensionInstanceView>of() : view.extensions()) {
            if (extension.equalsIgnoreCase(ours.name())) {
                Optional<InstanceViewStatus> failed = failed(ours.statuses());
                if (failed.isPresent()) {
                    return failed.map(status -> new NodeFailure(instanceId, "failed to bootstrap",
                            ExtensionMessage.parse(text(status))));
                }
            }
        }
        return failed(view.statuses()).map(status -> new NodeFailure(instanceId, "failed to provision",
                ExtensionMessage.parse(status.code() + ": " + text(status))));
    }

    /** The first status that is an error: level Error, or a code {@code ProvisioningState/failed...}. */
    private static Optional<InstanceViewStatus> failed(List<InstanceViewStatus> statuses) {
        return statuses == null ? Optional.empty() : statuses.stream().filter(status -> status.level() == StatusLevelTypes.ERROR
                || status.code() != null && status.code().toLowerCase(Locale.ROOT).startsWith("provisioningstate/failed"))
                .findFirst();
    }

    private static String text(InstanceViewStatus status) {
        if (status.message() != null && !status.message().isBlank()) {
            return status.message();
        }
        return status.displayStatus() != null ? status.displayStatus() : String.valueOf(status.code());
    }
}
