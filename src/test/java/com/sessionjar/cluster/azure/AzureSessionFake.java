package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static com.sessionjar.cluster.azure.ArmExamples.example;

import com.azure.core.credential.TokenCredential;
import com.azure.resourcemanager.resources.fluentcore.utils.ResourceDelayProvider;
import com.azure.resourcemanager.resources.fluentcore.utils.ResourceManagerUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionjar.cluster.ClusterId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Azure session's resources as {@link FakeAzure} serves them, with the state a real subscription
 * keeps between calls (the resource group's tags, the scale set last PUT, whether its instances run
 * the latest model), every body from the published example named at its route.
 */
final class AzureSessionFake implements AutoCloseable {
    static final String SUBSCRIPTION = "9fda6ae5-1210-43b9-a2da-703f0cdc253e";
    static final ClusterId ID = ClusterId.parse(SUBSCRIPTION + ":c49d8c24-3062-44b8-9a80-8e8164d4d340");
    static final AzureNames NAMES = AzureNames.of(ID);
    /** The session account's key: listKeys' example has "<value>", which shared-key signing cannot use. */
    static final String ACCOUNT_KEY = Base64.getEncoder().encodeToString(
            "the session account's key, for tests".getBytes(StandardCharsets.UTF_8));
    static final String USER_ACCOUNT = "userfiles1";
    static final String USER_SHARE = "share1";
    static final String USER_KEY = Base64.getEncoder().encodeToString(
            "the user's share key, for tests".getBytes(StandardCharsets.UTF_8));

    /** The principal and tenant of the scale set's system-assigned identity, as Azure returns them once it has one. */
    static final String PRINCIPAL = "ce2ce14e-85d7-4629-bdbc-454d0519d987";
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    static final String SUBSCRIPTION_PATH = "/subscriptions/" + SUBSCRIPTION;
    static final String GROUP_PATH = "(?i)" + SUBSCRIPTION_PATH + "/resourcegroups/" + NAMES.resourceGroup();
    static final String ACCOUNT_PATH = GROUP_PATH + "/providers/Microsoft.Storage/storageAccounts/"
            + NAMES.storageAccount();
    static final String NETWORK_PATH = GROUP_PATH + "/providers/Microsoft.Network/virtualNetworks/"
            + NAMES.virtualNetwork();
    static final String SCALE_SET_PATH = GROUP_PATH + "/providers/Microsoft.Compute/virtualMachineScaleSets/"
            + NAMES.scaleSet();

    private static final ObjectMapper JSON = new ObjectMapper();

    final FakeAzure fake;
    final FakeFileShares sessionFiles;
    final FakeFileShares userFiles;
    final ComputeCapacityFake capacity;
    volatile JsonNode groupTags;
    volatile String groupLocation;
    volatile String scaleSet;
    volatile boolean instancesOutdated;
    /** The nodes whose bootstrap extension failed, by instance id, with the extension's status message. */
    final Map<String, String> failedBootstraps = new ConcurrentHashMap<>();
    /** The session's queues in its storage account: a test may remove one, as a lost or deleted queue. */
    final Set<String> queues = ConcurrentHashMap.newKeySet();
    /**
     * Whether a failed bootstrap also fails the scale set's PUT (its operation ends Failed with
     * VMExtensionProvisioningError, as Azure reports a VM whose extension failed) instead of only showing in
     * the instance views.
     */
    volatile boolean failedBootstrapFailsThePut;
    /** Whether the nodes are deallocated (by POST .../deallocate, until POST .../start). */
    volatile boolean deallocated;

    AzureSessionFake(FakeAzure fake) {
        this.fake = fake;
        // GetSubscription.json (Subscriptions_Get), with our subscription.
        fake.on("GET", SUBSCRIPTION_PATH, Responders.json(200, example("GetSubscription.json", 200, b -> b
                .put("id", SUBSCRIPTION_PATH).put("subscriptionId", SUBSCRIPTION))));
        // StorageAccountCheckNameAvailability.json: the name is free.
        fake.on("POST", SUBSCRIPTION_PATH + "/providers/Microsoft.Storage/checkNameAvailability",
                Responders.json(200, example("StorageAccountCheckNameAvailability.json", 200)));
        fake.on("PUT", GROUP_PATH, this::putGroup);
        fake.on("GET", GROUP_PATH, this::getGroup);
        Responder deleting = fake.deleteLongRunning(1);
        fake.on("DELETE", GROUP_PATH, request -> {
            groupTags = null;
            scaleSet = null;
            return deleting.respond(request);
        });
        // StorageAccountCreate.json: 202 and polls, then its 200 body with our name and the endpoints' hosts.
        fake.onLongRunning("PUT", ACCOUNT_PATH, 202, "", 1, example("StorageAccountCreate.json", 200, b -> {
            b.put("name", NAMES.storageAccount());
            b.put("id", SUBSCRIPTION_PATH + "/resourceGroups/" + NAMES.resourceGroup()
                    + "/providers/Microsoft.Storage/storageAccounts/" + NAMES.storageAccount());
            ObjectNode endpoints = (ObjectNode) b.with("properties").get("primaryEndpoints");
            endpoints.fieldNames().forEachRemaining(field -> {
                if (endpoints.get(field).isTextual()) {
                    endpoints.put(field, endpoints.get(field).asText().replace("sto4445", NAMES.storageAccount()));
                }
            });
        }));
        // StorageAccountListKeys.json, with a key shared-key signing can use.
        fake.on("POST", ACCOUNT_PATH + "/listKeys", Responders.json(200, example("StorageAccountListKeys.json", 200,
                b -> b.withArray("keys").forEach(key -> ((ObjectNode) key).put("value", ACCOUNT_KEY)))));
        // VirtualNetworkCreate.json: 201, polled, then its 200 body.
        fake.onLongRunning("PUT", NETWORK_PATH, 201, example("VirtualNetworkCreate.json", 201), 1,
                example("VirtualNetworkCreate.json", 200));
        fake.on("GET", SCALE_SET_PATH, request -> scaleSet == null
                ? Responders.arm404("ResourceNotFound", "The Resource 'Microsoft.Compute/virtualMachineScaleSets/"
                        + NAMES.scaleSet() + "' under resource group '" + NAMES.resourceGroup() + "' was not found.")
                        .respond(request)
                : Reply.of(200, scaleSet).withHeader("Content-Type", "application/json"));
        fake.on("PUT", SCALE_SET_PATH, this::putScaleSet);
        fake.on("GET", SCALE_SET_PATH + "/virtualMachines", this::listInstances);
        // VirtualMachineScaleSet_UpdateInstances_MinimumSet_Gen.json: 202 with a Location, then 200 (no body).
        Responder upgrading = fake.longRunning(202, "", 1, "");
        fake.on("POST", SCALE_SET_PATH + "/manualupgrade", request -> {
            instancesOutdated = false;
            return upgrading.respond(request);
        });
        // VirtualMachineScaleSet_Deallocate_MinimumSet_Gen.json and VirtualMachineScaleSet_Start_MinimumSet_Gen.json:
        // no body (every node); 202 with a Location, then 200 (no body).
        Responder deallocating = fake.longRunning(202, "", 1, "");
        fake.on("POST", SCALE_SET_PATH + "/deallocate", request -> {
            deallocated = true;
            return deallocating.respond(request);
        });
        Responder starting = fake.longRunning(202, "", 1, "");
        fake.on("POST", SCALE_SET_PATH + "/start", request -> {
            deallocated = false;
            return starting.respond(request);
        });
        fake.on("GET", SCALE_SET_PATH + "/virtualMachines/(\\d+)/instanceView", this::instanceView);
        // The storage services: the session's account (queues, runtime share) and the user's share.
        sessionFiles = FakeFileShares.serve(fake, NAMES.storageAccount());
        userFiles = FakeFileShares.of(USER_ACCOUNT).withShare(USER_SHARE);
        fake.on("GET", "/" + USER_SHARE, userFiles::respond);
        fake.on("HEAD", "/" + USER_SHARE, userFiles::respond);
        // Create Queue: 201 when made, 204 when it is there already (with the same metadata).
        fake.on("PUT", "/(requests|responses)", request -> Reply.of(queues.add(request.path().substring(1)) ? 201 : 204, ""));
        capacity = new ComputeCapacityFake(fake, SUBSCRIPTION_PATH);
    }

    /**
     * A fake session on a new {@link FakeAzure} whose long-running operations are polled every 10 ms instead of
     * Azure's seconds: no Retry-After on the polls, and the resource managers' default interval shortened through
     * their one (global) hook, which {@link #close} puts back.
     */
    static AzureSessionFake startPollingFast() {
        ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(interval -> Duration.ofMillis(10));
        FakeAzure fake = FakeAzure.start();
        fake.pollRetryAfter(0);
        return new AzureSessionFake(fake);
    }

    /** Stops the fake, and polls at the resource managers' own interval again. */
    @Override
    public void close() {
        ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(new ResourceDelayProvider());
        fake.close();
    }

    /** The provider under test, reaching this fake with {@code credential} and uploading {@code jar}. */
    AzureClusterProvider provider(TokenCredential credential, Path jar) {
        return new AzureClusterProvider(access(credential), jar, Duration.ofSeconds(20));
    }

    /** What the provider needs to reach this fake with {@code credential}: its ARM endpoint, its storage client. */
    AzureAccess access(TokenCredential credential) {
        return new AzureAccess(() -> credential, fake.environment(), "tenant-for-tests", fake.storageHttpClient(),
                account -> "https://" + account + ".file.core.windows.net");
    }

    /** The one request of {@code method} to a path matching {@code path}; fails if there are none or more. */
    Recorded only(String method, String path) {
        List<Recorded> found = fake.requests(method, path);
        assertEquals(1, found.size(), () -> method + " " + path + " in " + fake.describeRequests());
        return found.get(0);
    }

    /** The body of the last PUT of the scale set. */
    JsonNode lastScaleSetPut() {
        List<Recorded> puts = fake.requests("PUT", SCALE_SET_PATH);
        assertFalse(puts.isEmpty(), fake::describeRequests);
        return puts.get(puts.size() - 1).json();
    }

    /** The bootstrap extension's forceUpdateTag in a scale set's body. */
    static String extensionTag(JsonNode scaleSet) {
        return scaleSet.at("/properties/virtualMachineProfile/extensionProfile/extensions/0/properties/forceUpdateTag")
                .asText();
    }

    /** CreateResourceGroup.json's 201 (200 when it exists), with the name, location and tags of the request. */
    private Reply putGroup(Recorded request) {
        boolean existed = groupTags != null;
        groupTags = request.json().get("tags");
        groupLocation = request.json().get("location").asText();
        int status = existed ? 200 : 201;
        return Reply.of(status, groupBody(example("CreateResourceGroup.json", status)))
                .withHeader("Content-Type", "application/json");
    }

    /** GetResourceGroups.json (only a location there), with the id, name and tags the group has; or 404. */
    private Reply getGroup(Recorded request) {
        if (groupTags == null) {
            return Responders.arm404("ResourceGroupNotFound", "Resource group '" + NAMES.resourceGroup()
                    + "' could not be found.").respond(request);
        }
        return Reply.of(200, groupBody(example("GetResourceGroups.json", 200)))
                .withHeader("Content-Type", "application/json");
    }

    private String groupBody(String example) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(example);
            body.put("id", SUBSCRIPTION_PATH + "/resourceGroups/" + NAMES.resourceGroup());
            body.put("name", NAMES.resourceGroup());
            body.put("location", groupLocation);
            body.set("tags", groupTags);
            return body.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * VirtualMachineScaleSet_Create_WithExtensionsTimeBudget.json's 201 shape: the request echoed with a
     * provisioning state, kept for the next GET (protectedSettings are never returned, as Azure documents).
     * A changed model marks the running instances outdated.
     */
    private Reply putScaleSet(Recorded request) {
        ObjectNode body = (ObjectNode) request.json().deepCopy();
        body.put("id", SUBSCRIPTION_PATH + "/resourceGroups/" + NAMES.resourceGroup()
                + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + NAMES.scaleSet());
        body.put("name", NAMES.scaleSet());
        body.with("properties").put("provisioningState", "Succeeded");
        if (body.path("identity").path("type").asText().contains("SystemAssigned")) {
            // Azure makes the identity's principal with the scale set and returns it (read-only).
            body.with("identity").put("principalId", PRINCIPAL).put("tenantId", TENANT);
        }
        for (JsonNode extension : body.at("/properties/virtualMachineProfile/extensionProfile/extensions")) {
            ((ObjectNode) extension.get("properties")).remove("protectedSettings");
        }
        String previous = scaleSet;
        String stored = body.toString();
        boolean created = previous == null;
        if (!created && !modelOf(previous).equals(modelOf(stored))) {
            instancesOutdated = true;
        }
        scaleSet = stored;
        if (failedBootstrapFailsThePut && !failedBootstraps.isEmpty()) {
            // A message as Azure words it for a VM whose extension failed; the code is what callers act on.
            String first = failedBootstraps.values().iterator().next();
            // Still running when answered (a terminal provisioningState would end the operation at once).
            body.with("properties").put("provisioningState", created ? "Creating" : "Updating");
            return fake.longRunningFailure(created ? 201 : 200, body.toString(), 1, "VMExtensionProvisioningError",
                    "VM has reported a failure when processing extension '" + NAMES.extension() + "' (publisher "
                            + "'Microsoft.Azure.Extensions' and type 'CustomScript'). Error message: '" + first + "'.")
                    .respond(request);
        }
        return fake.longRunning(created ? 201 : 200, stored, 1, stored).respond(request);
    }

    /**
     * Makes node {@code instanceId}'s bootstrap fail as the CustomScript extension reports it: exit status, then the
     * tails of the script's stdout and stderr (features-linux.md, "View extension status").
     */
    void failBootstrap(String instanceId, int exitStatus, String stdout, String stderr) {
        failedBootstraps.put(instanceId, "Enable failed: failed to execute command: command terminated with exit status="
                + exitStatus + "\n[stdout]\n" + stdout + "\n[stderr]\n" + stderr);
    }

    /**
     * VirtualMachineScaleSetVM_Get_InstanceViewAutoPlacedOnDedicatedHostGroup.json, whose {@code extensions} is
     * null, with the bootstrap extension's view in it, shaped as VirtualMachine_Get_InstanceView.json's
     * {@code extensions[0]}: succeeded, or failed as {@link #failBootstrap} set; and the power state.
     */
    private Reply instanceView(Recorded request) {
        String instanceId = request.path().replaceAll(".*/virtualMachines/(\\d+)/instanceView$", "$1");
        String failure = failedBootstraps.get(instanceId);
        ObjectNode extension = (ObjectNode) ArmExamples.node("VirtualMachine_Get_InstanceView.json", 200)
                .at("/extensions/0");
        extension.put("name", NAMES.extension());
        extension.put("type", "Microsoft.Azure.Extensions.CustomScript");
        extension.put("typeHandlerVersion", "2.1.10");
        ObjectNode status = (ObjectNode) extension.withArray("statuses").get(0);
        if (failure == null) {
            status.put("message", "Enable succeeded: \n[stdout]\nsessionjar: worker started\n\n[stderr]\n");
        } else {
            status.put("code", "ProvisioningState/failed/0");
            status.put("level", "Error");
            status.put("displayStatus", "Provisioning failed");
            status.put("message", failure);
        }
        String body = example("VirtualMachineScaleSetVM_Get_InstanceViewAutoPlacedOnDedicatedHostGroup.json", 200, b -> {
            b.putArray("extensions").add(extension);
            if (deallocated) {
                ObjectNode power = (ObjectNode) b.withArray("statuses").get(1);
                power.put("code", "PowerState/deallocated");
                power.put("displayStatus", "VM deallocated");
            }
        });
        return Reply.of(200, body).withHeader("Content-Type", "application/json");
    }

    private static JsonNode modelOf(String scaleSet) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(scaleSet);
            ObjectNode model = JSON.createObjectNode();
            model.set("sku", node.get("sku"));
            model.set("profile", node.at("/properties/virtualMachineProfile"));
            return model;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** VirtualMachineScaleSetVM_List_MinimumSet_Gen.json, one entry per node, each with latestModelApplied. */
    private Reply listInstances(Recorded request) {
        int count = JSON.valueToTree(scaleSet == null ? JSON.createObjectNode() : readTree(scaleSet))
                .at("/sku/capacity").asInt();
        String body = example("VirtualMachineScaleSetVM_List_MinimumSet_Gen.json", 200, b -> {
            ObjectNode template = (ObjectNode) b.withArray("value").get(0);
            b.withArray("value").removeAll();
            for (int i = 0; i < count; i++) {
                ObjectNode vm = template.deepCopy();
                vm.put("instanceId", Integer.toString(i));
                vm.put("id", SUBSCRIPTION_PATH + "/resourceGroups/" + NAMES.resourceGroup()
                        + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + NAMES.scaleSet() + "/virtualMachines/" + i);
                vm.with("properties").put("latestModelApplied", !instancesOutdated);
                b.withArray("value").add(vm);
            }
        });
        return Reply.of(200, body).withHeader("Content-Type", "application/json");
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
