package com.sessionjar.cluster.azure;

import static com.sessionjar.cluster.azure.ArmExamples.example;
import static com.sessionjar.cluster.azure.Responders.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.Region;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.VirtualMachineScaleSetsClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetVMInstanceRequiredIDs;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.models.Network;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.models.Subscription;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.models.CheckNameAvailabilityResult;
import com.azure.resourcemanager.storage.models.StorageAccountKey;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each stored example, served by FakeAzure, read by the real SDK: the examples fit the SDK's models. */
class ArmExamplesWithSdkTest {
    private static final String SUB = "00000000-1111-2222-3333-444444444444";
    private static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg-1";

    private FakeAzure fake;
    private ResourceManager.Authenticated signedIn;
    private StorageManager storage;
    private NetworkManager networks;
    private ComputeManager compute;

    @BeforeEach
    void start() {
        fake = FakeAzure.start();
        signedIn = ResourceManager.configure().withHttpClient(fake.httpClient())
                .authenticate(fake.credential(), fake.profile("tenant-1", SUB));
        storage = StorageManager.configure().withHttpClient(fake.httpClient())
                .authenticate(fake.credential(), fake.profile("tenant-1", SUB));
        networks = NetworkManager.configure().withHttpClient(fake.httpClient())
                .authenticate(fake.credential(), fake.profile("tenant-1", SUB));
        compute = ComputeManager.configure().withHttpClient(fake.httpClient())
                .authenticate(fake.credential(), fake.profile("tenant-1", SUB));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void subscriptionGet() {
        // GetSubscription.json, with our subscription id.
        fake.on("GET", "/subscriptions/" + SUB, json(200, example("GetSubscription.json", 200, b -> {
            b.put("id", "/subscriptions/" + SUB);
            b.put("subscriptionId", SUB);
        })));

        Subscription subscription = signedIn.subscriptions().getById(SUB);

        assertEquals("Example Subscription", subscription.displayName());
        assertEquals(SUB, subscription.subscriptionId());
        assertEquals(List.of(), fake.unexpected());
    }

    @Test
    void storageAccountCheckNameAvailabilityAndListKeys() {
        String account = RG + "/providers/Microsoft.Storage/storageAccounts/sjfake1";
        fake.on("POST", "/subscriptions/" + SUB + "/providers/Microsoft.Storage/checkNameAvailability",
                json(200, example("StorageAccountCheckNameAvailability.json", 200)));
        fake.on("POST", "(?i)" + account + "/listKeys", json(200, example("StorageAccountListKeys.json", 200)));

        CheckNameAvailabilityResult available = storage.storageAccounts().checkNameAvailability("sjfake1");
        List<StorageAccountKey> keys = storage.storageAccounts().manager().serviceClient().getStorageAccounts()
                .listKeys("rg-1", "sjfake1").keys();

        assertTrue(available.isAvailable());
        assertEquals("sjfake1", fake.requests("POST", ".*/checkNameAvailability").get(0).json().path("name").asText());
        assertEquals(List.of("key1", "key2"), keys.stream().map(StorageAccountKey::keyName).toList());
        assertEquals(List.of(), fake.unexpected());
    }

    @Test
    void virtualNetworkCreate() {
        String path = RG + "/providers/Microsoft.Network/virtualNetworks/vnet-1";
        // VirtualNetworkCreate.json, with our id and name.
        String vnet = example("VirtualNetworkCreate.json", 201, b -> {
            b.put("id", path);
            b.put("name", "vnet-1");
        });
        fake.on("PUT", "(?i)" + path, json(201, vnet));
        fake.on("GET", "(?i)" + path, json(200, vnet));

        Network network = networks.networks().define("vnet-1").withRegion(Region.US_EAST)
                .withExistingResourceGroup("rg-1").withAddressSpace("10.0.0.0/16").create();

        assertEquals("vnet-1", network.name());
        assertEquals(List.of("10.0.0.0/16"), network.addressSpaces());
        assertEquals("10.0.0.0/16", fake.requests("PUT", "(?i)" + path).get(0).json()
                .path("properties").path("addressSpace").path("addressPrefixes").path(0).asText());
        assertEquals(List.of(), fake.unexpected(), fake.describeRequests());
    }

    @Test
    void scaleSetCreateWithExtension_getListVmsAndUpdateInstances() throws IOException {
        String path = RG + "/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-1";
        // The create example's 201 body says "Creating"; what a GET then returns says "Succeeded".
        String creating = example("VirtualMachineScaleSet_Create_WithExtensionsTimeBudget.json", 201, b -> {
            b.put("id", path);
            b.put("name", "vmss-1");
        });
        String created = example("VirtualMachineScaleSet_Create_WithExtensionsTimeBudget.json", 201, b -> {
            b.put("id", path);
            b.put("name", "vmss-1");
            b.with("properties").put("provisioningState", "Succeeded");
        });
        fake.onLongRunning("PUT", "(?i)" + path, 201, creating, 1, created);
        fake.on("GET", "(?i)" + path + "/virtualMachines",
                json(200, example("VirtualMachineScaleSetVM_List_MinimumSet_Gen.json", 200)));
        fake.on("POST", "(?i)" + path + "/manualupgrade", fake.longRunning(202, "", 1, ""));
        VirtualMachineScaleSetsClient scaleSets = compute.virtualMachineScaleSets().manager().serviceClient()
                .getVirtualMachineScaleSets();
        VirtualMachineScaleSetInner request;
        try (JsonReader reader = JsonProviders.createReader(
                ArmExamples.requestParameters("VirtualMachineScaleSet_Create_WithExtensionsTimeBudget.json"))) {
            request = VirtualMachineScaleSetInner.fromJson(reader);
        }

        VirtualMachineScaleSetInner scaleSet = scaleSets.createOrUpdate("rg-1", "vmss-1", request);
        List<VirtualMachineScaleSetVMInner> vms = compute.virtualMachineScaleSets().manager().serviceClient()
                .getVirtualMachineScaleSetVMs().list("rg-1", "vmss-1").stream().toList();
        scaleSets.updateInstances("rg-1", "vmss-1", new VirtualMachineScaleSetVMInstanceRequiredIDs()
                .withInstanceIds(List.of("0")));

        assertEquals("Succeeded", scaleSet.provisioningState());
        assertEquals("PT1H20M", scaleSet.virtualMachineProfile().extensionProfile().extensionsTimeBudget());
        assertEquals("{extension-name}", fake.requests("PUT", "(?i)" + path).get(0).json().path("properties")
                .path("virtualMachineProfile").path("extensionProfile").path("extensions").path(0).path("name").asText());
        assertEquals(1, vms.size());
        assertEquals("0", fake.requests("POST", "(?i)" + path + "/manualupgrade").get(0).json()
                .path("instanceIds").path(0).asText());
        assertEquals(List.of(), fake.unexpected(), fake.describeRequests());
    }

    @Test
    void scaleSetGet() {
        String path = RG + "/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-1";
        fake.on("GET", "(?i)" + path, json(200, example("VirtualMachineScaleSet_Get_WithUserData.json", 200, b -> {
            b.put("id", path);
            b.put("name", "vmss-1");
        })));

        VirtualMachineScaleSetInner scaleSet = compute.virtualMachineScaleSets().manager().serviceClient()
                .getVirtualMachineScaleSets().getByResourceGroup("rg-1", "vmss-1");

        assertEquals("vmss-1", scaleSet.name());
        assertEquals(4, scaleSet.sku().capacity());
        assertEquals(List.of(), fake.unexpected());
    }
}
