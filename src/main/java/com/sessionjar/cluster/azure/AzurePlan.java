package com.sessionjar.cluster.azure;

import com.azure.json.JsonSerializable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionjar.BuildInfo;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.WorkerEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The plan {@code --dry-run} prints: the request bodies a deployment would PUT, built by the same
 * code that deploys ({@link Deployment}), and the nodes' bootstrap script, every secret redacted.
 */
final class AzurePlan {
    private static final String REDACTED = WorkerEnvironment.REDACTED;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AzurePlan() {
    }

    /** The plan of creating or updating ({@code config} not null) or deleting ({@code config} null) {@code id}. */
    static ObjectNode of(ClusterId id, ClusterConfig config, Path jar, AzureAccess access) {
        AzureNames names = AzureNames.of(id);
        ObjectNode plan = JSON.createObjectNode();
        plan.put("action", config == null ? "delete" : "create or update");
        plan.put("id", id.toString());
        plan.put("provider", "azure");
        plan.put("subscription", id.scope());
        String group = "/subscriptions/" + id.scope() + "/resourceGroups/" + names.resourceGroup();
        if (config == null) {
            plan.put("deletes", "resource group " + names.resourceGroup() + " and everything in it: storage account "
                    + names.storageAccount() + " (queues, runtime share), virtual network " + names.virtualNetwork()
                    + ", scale set " + names.scaleSet() + " with its disks and network interfaces");
            plan.putArray("requests").add(request("DELETE", group, null));
            return plan;
        }
        String vmSize = VmSizes.choose(config.nodeOptions());
        Map<String, String> tags = AzureTags.of(id, config, vmSize, BuildInfo.version());
        BootstrapInput input = bootstrapInput(id, names, config, REDACTED, REDACTED, access);
        String script = NodeBootstrap.redactedScript(input);
        plan.put("location", config.location());
        plan.put("vmSize", vmSize);
        plan.put("nodeCount", config.nodeCount());
        // What the script writes to the worker's environment file, readable here (the script has it in Base64).
        ObjectNode environment = plan.putObject("workerEnvironment");
        WorkerEnvironment.redacted(input.workerEnvironment(), input.secretVariables()).forEach(environment::put);
        ArrayNode shares = plan.putArray("fileShares");
        config.fileShares().forEach(share -> shares.addObject().put("name", share.name())
                .put("mountPath", share.mountPath()).put("storageAccountName", share.storageAccountName())
                .put("fileShareName", share.fileShareName()).put("storageAccountKey", REDACTED));
        ArrayNode requests = plan.putArray("requests");
        requests.add(request("PUT", group, Deployment.resourceGroup(config.location(), tags)));
        requests.add(request("PUT", group + "/providers/Microsoft.Storage/storageAccounts/" + names.storageAccount(),
                Deployment.storageAccount(config.location(), tags)));
        ObjectNode queues = requests.addObject().put("what", "queues (storage queue service)");
        queues.putArray("create").add(config.queueOptions().requestQueueName()).add(config.queueOptions().responseQueueName());
        ObjectNode share = requests.addObject().put("what", "runtime share (storage file service)");
        share.put("share", names.runtimeShare()).put("upload", jar.toString()).put("bytes", size(jar))
                .put("as", RuntimeShare.JAR);
        String network = group + "/providers/Microsoft.Network/virtualNetworks/" + names.virtualNetwork();
        requests.add(request("PUT", network, Deployment.network(config.location(), names.subnet(), tags)));
        Deployment.NodeSpec nodes = new Deployment.NodeSpec(vmSize, config.nodeOptions().image(), config.nodeCount(),
                tags, script);
        ObjectNode scaleSet = request("PUT", group + "/providers/Microsoft.Compute/virtualMachineScaleSets/"
                + names.scaleSet(), Deployment.scaleSet(config.location(), names, network + "/subnets/" + names.subnet(),
                "<a new RSA public key, its private half discarded>", nodes));
        for (JsonNode extension : scaleSet.at("/body/properties/virtualMachineProfile/extensionProfile/extensions")) {
            ObjectNode properties = (ObjectNode) extension.get("properties");
            properties.put("forceUpdateTag", "<fingerprint of the bootstrap script>");
            properties.putObject("protectedSettings").put("script", "<bootstrapScript below, gzip + Base64>");
        }
        requests.add(scaleSet);
        plan.put("bootstrapScript", script);
        return plan;
    }

    /** What the bootstrap of {@code id}'s nodes needs, with {@code connectionString} and {@code key} as given. */
    static BootstrapInput bootstrapInput(ClusterId id, AzureNames names, ClusterConfig config,
                                                       String connectionString, String key, AzureAccess access) {
        Map<String, String> environment = WorkerEnvironment.of(config, connectionString,
                config.queueOptions().requestQueueName(), config.queueOptions().responseQueueName());
        return new BootstrapInput(id, environment, WorkerEnvironment.secretNames(config), config.fileShares(),
                names.storageAccount(), key, names.runtimeShare(), access.fileEndpointSuffix());
    }

    private static ObjectNode request(String method, String path, JsonSerializable<?> body) {
        ObjectNode request = JSON.createObjectNode().put("method", method).put("path", path);
        if (body != null) {
            try {
                request.set("body", JSON.readTree(body.toJsonString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return request;
    }

    private static long size(Path jar) {
        try {
            return Files.size(jar);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + jar, e);
        }
    }
}
