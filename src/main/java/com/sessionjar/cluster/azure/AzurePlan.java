package com.sessionjar.cluster.azure;

import com.azure.json.JsonSerializable;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.sessionjar.BuildInfo;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.Plan;
import com.sessionjar.cluster.WorkerEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan {@code --dry-run} prints: the request bodies a deployment would PUT, built by the same
 * code that deploys ({@link Deployment}), and the nodes' bootstrap script, every secret redacted.
 */
final class AzurePlan {
    private static final String REDACTED = WorkerEnvironment.REDACTED;

    private AzurePlan() {
    }

    /** The plan of creating or updating {@code id} to run {@code config}, uploading {@code jar}. */
    static Plan of(ClusterId id, ClusterConfig config, Path jar, AzureAccess access) {
        AzureNames names = AzureNames.of(id);
        String vmSize = VmSizes.choose(config.nodeOptions());
        Map<String, String> tags = AzureTags.of(id, config, vmSize, BuildInfo.version());
        BootstrapInput input = bootstrapInput(id, names, config, REDACTED, REDACTED, access, RuntimeShare.sha256(jar));
        String script = NodeBootstrap.redactedScript(input);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("subscription", id.scope());
        facts.put("location", config.location());
        facts.put("vmSize", vmSize);
        facts.put("nodeCount", config.nodeCount());
        // What the script writes to the worker's environment file, readable here (the script has it in Base64).
        Map<String, String> environment = WorkerEnvironment.redacted(input.workerEnvironment(),
                input.secretVariables());
        List<Plan.Share> shares = config.fileShares().stream().map(share -> new Plan.Share(share.name(),
                share.mountPath(), share.storageAccountName(), share.fileShareName(), REDACTED)).toList();
        Map<String, Object> upload = new LinkedHashMap<>();
        upload.put("share", names.runtimeShare());
        upload.put("upload", jar.toString());
        upload.put("bytes", size(jar));
        upload.put("as", RuntimeShare.JAR);
        String group = groupPath(id, names);
        String network = group + "/providers/Microsoft.Network/virtualNetworks/" + names.virtualNetwork();
        Deployment.NodeSpec nodes = new Deployment.NodeSpec(vmSize, config.nodeOptions().image(), config.nodeCount(),
                tags, script);
        VirtualMachineScaleSetInner scaleSet = Deployment.scaleSet(config.location(), names,
                network + "/subnets/" + names.subnet(), "<a new RSA public key, its private half discarded>", nodes);
        // The script is shown once, readable, as the plan's bootstrapScript.
        scaleSet.virtualMachineProfile().extensionProfile().extensions().forEach(extension -> extension
                .withForceUpdateTag("<fingerprint of the bootstrap script>")
                .withProtectedSettings(Map.of("script", "<bootstrapScript below, gzip + Base64>")));
        List<Plan.Step> steps = List.of(
                request("PUT", group, Deployment.resourceGroup(config.location(), tags)),
                request("PUT", group + "/providers/Microsoft.Storage/storageAccounts/" + names.storageAccount(),
                        Deployment.storageAccount(config.location(), tags)),
                new Plan.Operation("queues (storage queue service)", Map.of("create", List.of(
                        config.queueOptions().requestQueueName(), config.queueOptions().responseQueueName()))),
                new Plan.Operation("runtime share (storage file service)", upload),
                request("PUT", network, Deployment.network(config.location(), names.subnet(), tags)),
                request("PUT", group + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + names.scaleSet(),
                        scaleSet));
        return new Plan("create or update", id, "azure", facts, environment, shares, steps, script);
    }

    /** The plan of deleting {@code id}: its resource group, and with it everything the session has. */
    static Plan ofDelete(ClusterId id) {
        AzureNames names = AzureNames.of(id);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("subscription", id.scope());
        facts.put("deletes", "resource group " + names.resourceGroup() + " and everything in it: storage account "
                + names.storageAccount() + " (queues, runtime share), virtual network " + names.virtualNetwork()
                + ", scale set " + names.scaleSet() + " with its disks and network interfaces");
        return new Plan("delete", id, "azure", facts, null, null,
                List.of(new Plan.Request("DELETE", groupPath(id, names), null)), null);
    }

    /**
     * What the bootstrap of {@code id}'s nodes needs, with {@code connectionString} and {@code key} as given, to run
     * the session.jar whose SHA-256 is {@code jarSha256}.
     */
    static BootstrapInput bootstrapInput(ClusterId id, AzureNames names, ClusterConfig config,
                                         String connectionString, String key, AzureAccess access, String jarSha256) {
        Map<String, String> environment = WorkerEnvironment.of(config, connectionString,
                config.queueOptions().requestQueueName(), config.queueOptions().responseQueueName());
        return new BootstrapInput(id, environment, WorkerEnvironment.secretNames(config), config.fileShares(),
                names.storageAccount(), key, names.runtimeShare(), access.fileEndpointSuffix(), jarSha256);
    }

    private static String groupPath(ClusterId id, AzureNames names) {
        return "/subscriptions/" + id.scope() + "/resourceGroups/" + names.resourceGroup();
    }

    private static Plan.Request request(String method, String path, JsonSerializable<?> body) {
        try {
            return new Plan.Request(method, path, body.toJsonString());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a model in memory always serializes
        }
    }

    private static long size(Path jar) {
        try {
            return Files.size(jar);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + jar, e);
        }
    }
}
