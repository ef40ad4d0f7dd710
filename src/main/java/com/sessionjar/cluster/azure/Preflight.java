package com.sessionjar.cluster.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.storage.models.StorageAccountCheckNameAvailabilityParameters;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.file.share.ShareServiceClientBuilder;
import com.azure.storage.file.share.models.ShareStorageException;
import com.sessionjar.AzureRefusedException;
import com.sessionjar.BadInputException;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.FileShareMount;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The checks made before the long deployment, so a mistake costs seconds, not minutes: the
 * subscription can be reached with the credentials at hand, the VM size is offered in the region
 * and the vCPU quotas have room for the nodes, the storage account name is free (new sessions), and
 * every {@code FileShares} share exists and takes its key.
 */
final class Preflight {
    /** Two quick tries: a pre-flight check must answer in seconds. */
    private static final RequestRetryOptions QUICK = new RequestRetryOptions(RetryPolicyType.FIXED, 2,
            Duration.ofSeconds(15), Duration.ofMillis(500), Duration.ofMillis(500), null);

    private final AzureAccess access;

    Preflight(AzureAccess access) {
        this.access = access;
    }

    /** The subscription {@code subscription} answers to our credentials. */
    void subscription(AzureManagers.SignedIn azure, String subscription) {
        try {
            AzureErrors.call("reading subscription " + subscription, () -> azure.subscriptions().getById(subscription));
        } catch (ManagementException e) {
            throw new BadInputException("subscription " + subscription + " was not found with the signed-in "
                    + "identity: check SubScriptionId (az account list shows yours)", e);
        }
    }

    /** The storage account name {@code name} is free: storage account names are global. */
    void storageAccountName(AzureManagers azure, String name) {
        var result = AzureErrors.call("checking storage account name " + name, () -> azure.storage()
                .getStorageAccounts().checkNameAvailability(
                        new StorageAccountCheckNameAvailabilityParameters().withName(name)));
        if (!Boolean.TRUE.equals(result.nameAvailable())) {
            throw new AzureRefusedException("storage account name " + name + " is not available (" + result.reason()
                    + ": " + result.message() + "): create again, a new session gets a new name");
        }
    }

    /**
     * Azure offers the session's VM size in its region to this subscription, and the regional and
     * family vCPU quotas have room for its nodes; vCPUs the session's scale set has now count as its own.
     *
     * @throws BadInputException in one line naming the size, the region, the quota and a size that would do
     */
    void vmSize(AzureManagers azure, AzureNames names, ClusterConfig config) {
        ComputeManagementClient compute = azure.compute();
        CapacityCheck capacity = CapacityCheck.read(compute, config.location().toLowerCase(Locale.ROOT));
        CapacityCheck.Nodes wanted = new CapacityCheck.Nodes(VmSizes.choose(config), config.nodeCount());
        CapacityCheck.Shape least = new CapacityCheck.Shape(config.nodeOptions().cpuCount(),
                VmSizes.memoryGiB(config.nodeOptions(), config.serviceKind()));
        capacity.check(wanted, currentNodes(compute, names), least);
    }

    /** The session's nodes as its scale set has them now; null when there is no scale set yet. */
    private static CapacityCheck.Nodes currentNodes(ComputeManagementClient compute, AzureNames names) {
        try {
            VirtualMachineScaleSetInner scaleSet = AzureErrors.call("reading scale set " + names.scaleSet(),
                    () -> compute.getVirtualMachineScaleSets().getByResourceGroup(names.resourceGroup(), names.scaleSet()));
            return scaleSet.sku() == null || scaleSet.sku().capacity() == null ? null
                    : new CapacityCheck.Nodes(scaleSet.sku().name(), scaleSet.sku().capacity().intValue());
        } catch (ManagementException notFound) {
            return null; // AzureErrors.call lets only a 404 through: no group or no scale set yet
        }
    }

    /** Each share of {@code config} exists and its key works. */
    void fileShares(ClusterConfig config) {
        List<FileShareMount> shares = config.fileShares();
        for (int i = 0; i < shares.size(); i++) {
            FileShareMount share = shares.get(i);
            String key = "FileShares[" + i + "] (" + share.name() + ")";
            String where = "share '" + share.fileShareName() + "' of storage account '" + share.storageAccountName() + "'";
            try {
                ShareServiceClientBuilder builder = new ShareServiceClientBuilder()
                        .endpoint(access.fileEndpoint().apply(share.storageAccountName()))
                        .credential(new StorageSharedKeyCredential(share.storageAccountName(), share.storageAccountKey()))
                        .retryOptions(QUICK);
                if (access.httpClient() != null) {
                    builder.httpClient(access.httpClient());
                }
                builder.buildClient().getShareClient(share.fileShareName()).getProperties();
            } catch (ShareStorageException e) {
                throw new BadInputException(key + ": " + shareProblem(e, where), e);
            } catch (IllegalArgumentException e) {
                // The SDK's own check of the key: it must be Base64.
                throw new BadInputException(key + ": the StorageAccountKey of '" + share.storageAccountName()
                        + "' is not a storage key (Base64): copy key1 from 'az storage account keys list'", e);
            } catch (RuntimeException e) {
                throw new BadInputException(key + ": cannot reach " + where + " ("
                        + e.getClass().getSimpleName() + "): check StorageAccountName", e);
            }
        }
    }

    private static String shareProblem(ShareStorageException e, String where) {
        int status = e.getStatusCode();
        if (status == 404) {
            return where + " does not exist: create it or fix FileShareName";
        }
        if (status == 403) {
            return "the StorageAccountKey was refused by " + where + " (" + e.getErrorCode()
                    + "): copy key1 from 'az storage account keys list'";
        }
        return where + " answered HTTP " + status + " (" + e.getErrorCode() + ")";
    }
}
