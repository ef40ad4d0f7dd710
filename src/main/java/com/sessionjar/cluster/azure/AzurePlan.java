package com.sessionjar.cluster.azure;

import com.azure.json.JsonSerializable;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetStorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetVMProfile;
import com.sessionjar.BuildInfo;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.Plan;
import com.sessionjar.cluster.WorkerEnvironment;
import com.sessionjar.protocol.QueueLengthMetric;
import com.sessionjar.protocol.StatsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan {@code --dry-run} prints: the request bodies a deployment would PUT, built by the same
 * code that deploys ({@link Deployment}), and the nodes' bootstrap script, every secret redacted.
 * An update's plan is its own: offline, the scale set's model cannot be read, so it shows the
 * changes an update makes to the model as Azure has it, and the steps around them.
 */
final class AzurePlan {
    private static final String REDACTED = WorkerEnvironment.REDACTED;

    private AzurePlan() {
    }

    /** What create and update plans share: names, tags, the redacted script and the nodes that run it. */
    private record Parts(ClusterId id, ClusterConfig config, AzureNames names, String vmSize, Map<String, String> tags,
                         BootstrapInput input, String script, Path jar, String jarSha256) {
        static Parts of(ClusterId id, ClusterConfig config, Path jar, AzureAccess access) {
            AzureNames names = AzureNames.of(id);
            String vmSize = VmSizes.choose(config);
            QueueAutoscale.check(config);
            String jarSha256 = RuntimeShare.sha256(jar);
            BootstrapInput input = bootstrapInput(id, names, config, REDACTED, REDACTED, access, jarSha256);
            return new Parts(id, config, names, vmSize, AzureTags.of(id, config, vmSize, BuildInfo.version()), input,
                    NodeBootstrap.redactedScript(input), jar, jarSha256);
        }

        Map<String, Object> facts() {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("subscription", id.scope());
            facts.put("location", config.location());
            facts.put("vmSize", vmSize);
            facts.put("nodeCount", config.nodeCount());
            return facts;
        }

        /** What the script writes to the worker's environment file, readable here (the script has it in Base64). */
        Map<String, String> environment() {
            return WorkerEnvironment.redacted(input.workerEnvironment(), input.secretVariables());
        }

        List<Plan.Share> shares() {
            return config.fileShares().stream().map(share -> new Plan.Share(share.name(), share.mountPath(),
                    share.storageAccountName(), share.fileShareName(), REDACTED)).toList();
        }

        Deployment.NodeSpec nodes() {
            return new Deployment.NodeSpec(vmSize, config.nodeOptions().image(), config.nodeCount(), tags, script,
                    config.autoScale() != null);
        }

        String group() {
            return groupPath(id, names);
        }

        String network() {
            return group() + "/providers/Microsoft.Network/virtualNetworks/" + names.virtualNetwork();
        }

        String scaleSet() {
            return group() + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + names.scaleSet();
        }

        /**
         * The steps create and update both take, in order: storage account, queues, runtime share (its particulars
         * followed by {@code uploadDetails}), network.
         */
        List<Plan.Step> storageAndNetwork(Map<String, Object> uploadDetails) {
            Map<String, Object> upload = new LinkedHashMap<>();
            upload.put("share", names.runtimeShare());
            upload.put("upload", jar.toString());
            upload.put("bytes", size(jar));
            upload.put("as", RuntimeShare.JAR);
            upload.putAll(uploadDetails);
            return List.of(
                    request("PUT", group() + "/providers/Microsoft.Storage/storageAccounts/" + names.storageAccount(),
                            Deployment.storageAccount(config.location(), tags)),
                    new Plan.Operation("queues (storage queue service)", Map.of("create", List.of(
                            config.queueOptions().requestQueueName(), config.queueOptions().responseQueueName()))),
                    new Plan.Operation("runtime share (storage file service)", upload),
                    request("PUT", network(), Deployment.network(config.location(), names.subnet(), tags)));
        }

        /** The script is shown once, readable, as the plan's bootstrapScript; a body shows where it goes. */
        VirtualMachineScaleSetInner redacted(VirtualMachineScaleSetInner scaleSet, String fingerprint) {
            scaleSet.virtualMachineProfile().extensionProfile().extensions().stream()
                    .filter(extension -> names.extension().equals(extension.name()))
                    .forEach(extension -> extension.withForceUpdateTag(fingerprint)
                            .withProtectedSettings(Map.of("script", "<bootstrapScript below, gzip + Base64>")));
            return scaleSet;
        }
    }

    /** The plan of creating or updating {@code id} to run {@code config}, uploading {@code jar}: every body it PUTs. */
    static Plan of(ClusterId id, ClusterConfig config, Path jar, AzureAccess access) {
        Parts parts = Parts.of(id, config, jar, access);
        VirtualMachineScaleSetInner scaleSet = parts.redacted(Deployment.scaleSet(config.location(), parts.names(),
                parts.network() + "/subnets/" + parts.names().subnet(), "<a new RSA public key, its private half discarded>",
                parts.nodes()), "<fingerprint of the bootstrap script>");
        List<Plan.Step> steps = new ArrayList<>();
        steps.add(request("PUT", parts.group(), Deployment.resourceGroup(config.location(), parts.tags())));
        steps.addAll(permissionCheck(parts));
        steps.addAll(parts.storageAndNetwork(Map.of()));
        steps.add(request("PUT", parts.scaleSet(), scaleSet));
        steps.addAll(autoscale(parts));
        return new Plan("create or update", id, "azure", parts.facts(), parts.environment(), parts.shares(), steps,
                parts.script());
    }

    /**
     * The plan of updating {@code id} to run {@code config}, uploading {@code jar}: the session read from its
     * resource group; the storage account and network PUT again; the scale set's model read (GET), changed
     * (PUT: size, count, tags, image and the bootstrap extension, whose fingerprint follows the script and so
     * session.jar's SHA-256) and the nodes not on it upgraded (manual upgrade), deallocated first and started
     * after when the size changes family; each node's instance view read; the tags written last.
     */
    static Plan ofUpdate(ClusterId id, ClusterConfig config, Path jar, AzureAccess access) {
        Parts parts = Parts.of(id, config, jar, access);
        // What update changes of the model it reads: the same code, on a model holding nothing else.
        VirtualMachineScaleSetInner changes = parts.redacted(Deployment.applyTo(new VirtualMachineScaleSetInner()
                .withVirtualMachineProfile(new VirtualMachineScaleSetVMProfile()
                        .withStorageProfile(new VirtualMachineScaleSetStorageProfile())), parts.names(), parts.nodes()),
                "<fingerprint of the bootstrap script, which holds session.jar's SHA-256: new when either changed>");
        String scaleSet = parts.scaleSet();
        String vmSize = parts.vmSize();
        List<Plan.Step> steps = new ArrayList<>();
        steps.add(new Plan.Request("GET", parts.group(), null, "the session's settings, from the group's tags: Location "
                + "and the queue names cannot change, and a VM size Azure cannot resize to is refused here"));
        Map<String, Object> upload = new LinkedHashMap<>();
        upload.put("sha256", parts.jarSha256());
        upload.put("when", "only if the share's copy differs (Content-MD5)");
        steps.addAll(permissionCheck(parts));
        steps.addAll(parts.storageAndNetwork(upload));
        steps.add(new Plan.Request("GET", scaleSet, null, "the scale set's model as Azure has it"));
        steps.add(new Plan.Request("POST", scaleSet + "/deallocate", null, "only if the model's size is of another "
                + "family than " + vmSize + ": every node deallocated before the PUT, started after the upgrade"));
        steps.add(request("PUT", scaleSet, changes, "the model as read by the GET, with these changes; the rest (admin "
                + "key, OS disk, network) stays as Azure has it, and any other extension is kept"));
        steps.add(new Plan.Request("GET", scaleSet + "/virtualMachines", null, "the nodes, and which of them do not run "
                + "the new model (latestModelApplied false)"));
        steps.add(new Plan.Request("POST", scaleSet + "/manualupgrade", "{\"instanceIds\":[\"<each node not on the "
                + "latest model>\"]}", "only if some node is not on the new model: the bootstrap runs again on each"));
        steps.add(new Plan.Request("POST", scaleSet + "/start", null, "only after the deallocate above"));
        steps.add(new Plan.Request("GET", scaleSet + "/virtualMachines/<instanceId>/instanceView", null, "for each node: "
                + "a failed bootstrap is reported with the script's output, and the update fails"));
        steps.addAll(autoscale(parts));
        if (config.autoScale() == null) {
            steps.add(new Plan.Request("DELETE", autoscalePath(parts), null, "only if the session has AutoScale now: "
                    + "the nodes, on the new model, no longer publish the queue length"));
            steps.add(new Plan.Request("DELETE", rolePath(parts), null, "only if the session has AutoScale now"));
        }
        steps.add(request("PUT", parts.group(), Deployment.resourceGroup(config.location(), parts.tags()),
                "last: the tags describe the session once its nodes run the new config"));
        Map<String, Object> facts = parts.facts();
        facts.put("sessionJarSha256", parts.jarSha256());
        return new Plan("update", id, "azure", facts, parts.environment(), parts.shares(), steps, parts.script());
    }

    /** The plan of deleting {@code id}: its resource group, and with it everything the session has. */
    static Plan ofDelete(ClusterId id) {
        AzureNames names = AzureNames.of(id);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("subscription", id.scope());
        facts.put("deletes", "resource group " + names.resourceGroup() + " and everything in it: storage account "
                + names.storageAccount() + " (queues, runtime share), virtual network " + names.virtualNetwork()
                + ", scale set " + names.scaleSet() + " with its disks and network interfaces");
        String role = names.scaleSetId() + "/providers/Microsoft.Authorization/roleAssignments/"
                + QueueAutoscale.roleAssignmentName(names);
        return new Plan("delete", id, "azure", facts, null, null, List.of(
                new Plan.Request("DELETE", role, null, "only if the session has AutoScale (its group's tags say): the "
                        + "nodes' role on their scale set"),
                new Plan.Request("DELETE", groupPath(id, names), null)), null);
    }

    /**
     * What the bootstrap of {@code id}'s nodes needs, with {@code connectionString} and {@code key} as given, to run
     * the session.jar whose SHA-256 is {@code jarSha256}.
     */
    static BootstrapInput bootstrapInput(ClusterId id, AzureNames names, ClusterConfig config,
                                         String connectionString, String key, AzureAccess access, String jarSha256) {
        Map<String, String> environment = WorkerEnvironment.of(config, connectionString,
                config.queueOptions().requestQueueName(), config.queueOptions().responseQueueName());
        // The worker's totals, for --status to read through run-command.
        environment.put(StatsFile.VARIABLE, AzureNodes.STATS_FILE);
        if (config.autoScale() != null) {
            // The queue's length, for Azure Monitor autoscale (QueueAutoscale).
            environment.put(QueueLengthMetric.ENDPOINT, QueueLengthMetric.endpointFor(config.location()));
            environment.put(QueueLengthMetric.RESOURCE_ID, names.scaleSetId());
        }
        return new BootstrapInput(id, environment, WorkerEnvironment.secretNames(config), config.fileShares(),
                names.storageAccount(), key, names.runtimeShare(), access.fileEndpointSuffix(), jarSha256);
    }

    /** With AutoScale: the caller may make role assignments, asked of the resource group before anything in it. */
    private static List<Plan.Step> permissionCheck(Parts parts) {
        if (parts.config().autoScale() == null) {
            return List.of();
        }
        return List.of(new Plan.Request("GET", parts.group() + "/providers/Microsoft.Authorization/permissions", null,
                "AutoScale: your permissions on the group must allow " + QueueAutoscale.ROLE_ASSIGNMENT_WRITE));
    }

    /** With AutoScale: the nodes' identity read, given its role, and the autoscale setting PUT. */
    private static List<Plan.Step> autoscale(Parts parts) {
        if (parts.config().autoScale() == null) {
            return List.of();
        }
        return List.of(
                new Plan.Request("GET", parts.scaleSet(), null, "the scale set's system-assigned identity (its "
                        + "principalId), for the role assignment"),
                request("PUT", rolePath(parts), QueueAutoscale.roleAssignment(parts.names(),
                        "<the scale set's identity.principalId>"), "Monitoring Metrics Publisher on the scale set only"),
                request("PUT", autoscalePath(parts), QueueAutoscale.setting(parts.config(), parts.names(), Map.of()),
                        "Azure Monitor autoscale on the queue length per node, which each node publishes every minute "
                                + "to " + QueueLengthMetric.endpointFor(parts.config().location())
                                + parts.scaleSet() + "/metrics"));
    }

    private static String rolePath(Parts parts) {
        return parts.scaleSet() + "/providers/Microsoft.Authorization/roleAssignments/"
                + QueueAutoscale.roleAssignmentName(parts.names());
    }

    private static String autoscalePath(Parts parts) {
        return parts.group() + "/providers/Microsoft.Insights/autoscaleSettings/" + parts.names().autoscaleSetting();
    }

    private static String groupPath(ClusterId id, AzureNames names) {
        return "/subscriptions/" + id.scope() + "/resourceGroups/" + names.resourceGroup();
    }

    private static Plan.Request request(String method, String path, JsonSerializable<?> body) {
        return request(method, path, body, null);
    }

    private static Plan.Request request(String method, String path, JsonSerializable<?> body, String note) {
        try {
            return new Plan.Request(method, path, body.toJsonString(), note);
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
