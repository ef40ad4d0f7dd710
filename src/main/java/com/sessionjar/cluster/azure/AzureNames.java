package com.sessionjar.cluster.azure;

import com.sessionjar.cluster.ClusterId;
import java.util.Objects;

/**
 * The names of an Azure session's resources, all derived from its id, so that {@code --use},
 * {@code --update} and {@code --delete} find them again with no local state.
 *
 * @param id the session's id
 */
record AzureNames(ClusterId id) {
    AzureNames {
        Objects.requireNonNull(id, "id");
    }

    /** The names of the resources of the session {@code id}. */
    static AzureNames of(ClusterId id) {
        return new AzureNames(id);
    }

    /** The resource group that holds everything else: {@code clw-<guid>-rg}. */
    String resourceGroup() {
        return id.resourceName("rg");
    }

    /**
     * The storage account (queues and the runtime share): {@code clw} and the first 21 hex digits of
     * the guid, 24 characters, since an account name is 3 to 24 lowercase letters and digits, unique in Azure.
     */
    String storageAccount() {
        return "clw" + hex().substring(0, 21);
    }

    /** The VM scale set of the worker nodes: {@code clw-<guid>-nodes}. */
    String scaleSet() {
        return id.resourceName("nodes");
    }

    /** The scale set's resource id: the scope of its role assignment, the autoscale setting's target. */
    String scaleSetId() {
        return "/subscriptions/" + id.scope() + "/resourceGroups/" + resourceGroup()
                + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + scaleSet();
    }

    /** The scale set's Azure Monitor autoscale setting (sessions with {@code AutoScale}): {@code clw-<guid>-autoscale}. */
    String autoscaleSetting() {
        return id.resourceName("autoscale");
    }

    /** The nodes' virtual network: {@code clw-<guid>-vnet}. */
    String virtualNetwork() {
        return id.resourceName("vnet");
    }

    /** The nodes' subnet in {@link #virtualNetwork()}. */
    String subnet() {
        return "nodes";
    }

    /** The file share in {@link #storageAccount()} that holds {@code session.jar} for the nodes. */
    String runtimeShare() {
        return "clw-runtime";
    }

    /** The prefix of the nodes' host names: {@code clw} and the first 6 hex digits of the guid. */
    String computerNamePrefix() {
        return "clw" + hex().substring(0, 6);
    }

    /** The scale set's CustomScript extension that bootstraps each node. */
    String extension() {
        return "sessionjar-worker";
    }

    private String hex() {
        return id.guid().toString().replace("-", "");
    }
}
