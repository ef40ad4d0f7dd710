package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.json.JsonProviders;
import com.azure.json.JsonWriter;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetExtensionInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.models.ResourceIdentityType;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetIdentity;
import com.azure.resourcemanager.compute.models.OrchestrationMode;
import com.azure.resourcemanager.compute.models.UpgradeMode;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetIpConfiguration;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class DeploymentTest {
    private static final ClusterId ID = ClusterId.parse(
            "9fda6ae5-1210-43b9-a2da-703f0cdc253e:c49d8c24-3062-44b8-9a80-8e8164d4d340");
    private static final AzureNames NAMES = AzureNames.of(ID);
    private static final String SUBNET = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v"
            + "/subnets/nodes";
    private static final String SCRIPT = "#!/bin/bash\necho 'c2VjcmV0LWtleQ==' | base64 -d > /etc/x\n";

    private static VirtualMachineScaleSetInner scaleSet(String script) {
        return Deployment.scaleSet("westeurope", NAMES, SUBNET, "ssh-rsa AAAA test",
                new Deployment.NodeSpec("Standard_B1s", null, 3, Map.of("sessionjar-id", ID.toString()), script));
    }

    @Test
    void scaleSet_carriesTheScriptOnlyInProtectedSettings_gzipThenBase64() throws IOException {
        VirtualMachineScaleSetInner scaleSet = scaleSet(SCRIPT);
        VirtualMachineScaleSetExtensionInner extension =
                scaleSet.virtualMachineProfile().extensionProfile().extensions().get(0);
        assertEquals("Microsoft.Azure.Extensions", extension.publisher());
        assertEquals("CustomScript", extension.typePropertiesType());
        assertEquals("2.1", extension.typeHandlerVersion());
        assertEquals(Map.of(), extension.settings());
        String encoded = (String) ((Map<?, ?>) extension.protectedSettings()).get("script");
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
            assertEquals(SCRIPT, new String(gzip.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertNull(scaleSet.virtualMachineProfile().osProfile().customData(), "custom data would not reach running nodes");
        String json = scaleSet.toJsonString();
        assertFalse(json.contains("c2VjcmV0LWtleQ==") || json.contains("secret-key") || json.contains("base64 -d"),
                "the script must not appear outside protectedSettings' gzip: " + json);
    }

    @Test
    void scaleSet_isUniformManualWithoutPublicAddresses_sizedAndCountedAsAsked() {
        VirtualMachineScaleSetInner scaleSet = scaleSet(SCRIPT);
        assertEquals(OrchestrationMode.UNIFORM, scaleSet.orchestrationMode());
        assertEquals(UpgradeMode.MANUAL, scaleSet.upgradePolicy().mode());
        assertEquals("Standard_B1s", scaleSet.sku().name());
        assertEquals(3L, scaleSet.sku().capacity());
        assertEquals("ubuntu-24_04-lts", scaleSet.virtualMachineProfile().storageProfile().imageReference().offer());
        assertTrue(scaleSet.virtualMachineProfile().osProfile().linuxConfiguration().disablePasswordAuthentication());
        VirtualMachineScaleSetIpConfiguration ip = scaleSet.virtualMachineProfile().networkProfile()
                .networkInterfaceConfigurations().get(0).ipConfigurations().get(0);
        assertNull(ip.publicIpAddressConfiguration());
        assertEquals(SUBNET, ip.subnet().id());
        assertEquals(NAMES.computerNamePrefix(), scaleSet.virtualMachineProfile().osProfile().computerNamePrefix());
    }

    @Test
    void forceUpdateTag_changesWithTheScript_andOnlyThen() {
        String tag = scaleSet(SCRIPT).virtualMachineProfile().extensionProfile().extensions().get(0).forceUpdateTag();
        assertEquals(tag, scaleSet(SCRIPT).virtualMachineProfile().extensionProfile().extensions().get(0).forceUpdateTag());
        assertNotEquals(tag, scaleSet(SCRIPT + "#\n").virtualMachineProfile().extensionProfile().extensions().get(0)
                .forceUpdateTag());
        assertEquals(16, tag.length());
    }

    @Test
    void forceUpdateTag_changesWithTheJarsSha256_andOnlyThen() {
        ClusterConfig config = new ClusterConfig(ID.scope(), "westeurope", "echo", List.of(), List.of(), 2, null, null, null);
        String jar = "ab".repeat(32);
        String tag = nodesRunning(config, jar);

        assertEquals(tag, nodesRunning(config, jar), "the same jar and config: the same model, no node upgraded");
        assertNotEquals(tag, nodesRunning(config, "cd".repeat(32)), "a new session.jar: a new model, every node upgraded");
    }

    /** The forceUpdateTag of the scale set's extension when its nodes run {@code config} and the jar {@code jarSha256}. */
    private static String nodesRunning(ClusterConfig config, String jarSha256) {
        String script = NodeBootstrap.script(AzurePlan.bootstrapInput(ID, NAMES, config, "AccountKey=k", "k",
                AzureAccess.defaults(), jarSha256));
        return scaleSet(script).virtualMachineProfile().extensionProfile().extensions().get(0).forceUpdateTag();
    }

    @Test
    void applyTo_changesSizeCountTagsAndExtension_keepsWhatWasFixedAtCreation() {
        VirtualMachineScaleSetInner existing = scaleSet(SCRIPT);
        VirtualMachineScaleSetInner updated = Deployment.applyTo(existing, NAMES,
                new Deployment.NodeSpec("Standard_D2s_v5", "pub:offer:sku:1.0", 5, Map.of("k", "v"), SCRIPT + "#\n"));
        assertEquals("Standard_D2s_v5", updated.sku().name());
        assertEquals(5L, updated.sku().capacity());
        assertEquals(Map.of("k", "v"), updated.tags());
        assertEquals("ssh-rsa AAAA test", updated.virtualMachineProfile().osProfile().linuxConfiguration().ssh()
                .publicKeys().get(0).keyData());
        assertEquals("offer", updated.virtualMachineProfile().storageProfile().imageReference().offer(),
                "a new image is part of the model the nodes are upgraded to");
        assertEquals(Deployment.fingerprint(SCRIPT + "#\n"),
                updated.virtualMachineProfile().extensionProfile().extensions().get(0).forceUpdateTag());
    }

    @Test
    void applyTo_withAutoScale_givesASystemAssignedIdentity_keepingAUserAssignedOne_andWithoutLeavesItAsItIs() {
        Deployment.NodeSpec autoscaled = new Deployment.NodeSpec("Standard_B1s", null, 1, Map.of(), SCRIPT, true);
        assertEquals(ResourceIdentityType.SYSTEM_ASSIGNED,
                Deployment.applyTo(scaleSet(SCRIPT), NAMES, autoscaled).identity().type());
        VirtualMachineScaleSetInner withUserIdentity = scaleSet(SCRIPT).withIdentity(new VirtualMachineScaleSetIdentity()
                .withType(ResourceIdentityType.USER_ASSIGNED).withUserAssignedIdentities(Map.of("/id/of/policy",
                        new VirtualMachineIdentityUserAssignedIdentities())));
        VirtualMachineScaleSetIdentity both = Deployment.applyTo(withUserIdentity, NAMES, autoscaled).identity();
        assertEquals(ResourceIdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED, both.type());
        assertEquals(java.util.Set.of("/id/of/policy"), both.userAssignedIdentities().keySet());
        assertNull(Deployment.applyTo(scaleSet(SCRIPT), NAMES,
                new Deployment.NodeSpec("Standard_B1s", null, 1, Map.of(), SCRIPT)).identity(), "no AutoScale, no identity");
    }

    @Test
    void applyTo_replacesItsOwnExtension_andKeepsAnyOther() {
        VirtualMachineScaleSetInner existing = scaleSet(SCRIPT);
        List<VirtualMachineScaleSetExtensionInner> extensions = new ArrayList<>(
                existing.virtualMachineProfile().extensionProfile().extensions());
        extensions.add(new VirtualMachineScaleSetExtensionInner().withName("policy-agent").withPublisher("Example"));
        existing.virtualMachineProfile().extensionProfile().withExtensions(extensions);

        VirtualMachineScaleSetInner updated = Deployment.applyTo(existing, NAMES,
                new Deployment.NodeSpec("Standard_B1s", null, 1, Map.of(), SCRIPT + "#\n"));

        List<String> names = updated.virtualMachineProfile().extensionProfile().extensions().stream()
                .map(VirtualMachineScaleSetExtensionInner::name).sorted().toList();
        assertEquals(List.of("policy-agent", NAMES.extension()), names);
    }

    @Test
    void storageAccount_isHttpsOnlyTls12WithoutPublicBlobs() {
        var account = Deployment.storageAccount("westeurope", Map.of());
        assertTrue(account.enableHttpsTrafficOnly());
        assertEquals("TLS1_2", account.minimumTlsVersion().toString());
        assertFalse(account.allowBlobPublicAccess());
        assertEquals("Standard_LRS", account.sku().name().toString());
    }

    @Test
    void storageAccount_asksForSharedKeyAccessExplicitly_soAPolicyThatDeniesItRefusesThePut() throws IOException {
        var account = Deployment.storageAccount("westeurope", Map.of());

        assertEquals(Boolean.TRUE, account.allowSharedKeyAccess());
        StringWriter body = new StringWriter();
        try (JsonWriter writer = JsonProviders.createWriter(body)) {
            account.toJson(writer);
        }
        assertTrue(new ObjectMapper().readTree(body.toString()).at("/properties/allowSharedKeyAccess").asBoolean(),
                body::toString);
    }

    @Test
    void network_asksForOutboundAccessExplicitly() {
        var network = Deployment.network("westeurope", "nodes", Map.of());
        assertEquals("nodes", network.subnets().get(0).name());
        assertTrue(network.subnets().get(0).defaultOutboundAccess());
    }

    @Test
    void imageUrn_takesFourPartsOrTheDefault_andNamesABadOne() {
        assertEquals("Canonical", Deployment.imageUrn(null)[0]);
        assertEquals("sku", Deployment.imageUrn("pub:offer:sku:1.0")[2]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Deployment.imageUrn("ubuntu"));
        assertTrue(e.getMessage().contains("NodeOptions.Image ('ubuntu')"), e.getMessage());
    }
}
