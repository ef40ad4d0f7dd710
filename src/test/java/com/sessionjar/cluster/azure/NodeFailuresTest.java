package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInstanceViewInner;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Reading a node's instance view as the SDK parses it: the published example
 * (VirtualMachineScaleSetVM_Get_InstanceViewAutoPlacedOnDedicatedHostGroup.json), and copies with an extension view
 * shaped as VirtualMachine_Get_InstanceView.json's and a failed status in the documented format.
 */
class NodeFailuresTest {
    private static final String EXTENSION = "clw-bootstrap";
    private static final String FAILED = "Enable failed: failed to execute command: command terminated with exit "
            + "status=127\n[stdout]\n\n[stderr]\n/bin/sh: 1: ech: not found\n";

    private static VirtualMachineScaleSetVMInstanceViewInner view(Consumer<ObjectNode> edit) throws IOException {
        String body = ArmExamples.example("VirtualMachineScaleSetVM_Get_InstanceViewAutoPlacedOnDedicatedHostGroup.json",
                200, edit);
        try (JsonReader reader = JsonProviders.createReader(body)) {
            return VirtualMachineScaleSetVMInstanceViewInner.fromJson(reader);
        }
    }

    /** VirtualMachine_Get_InstanceView.json's extension view, named {@code name}, its status edited by {@code status}. */
    private static ObjectNode extension(String name, Consumer<ObjectNode> status) {
        ObjectNode extension = (ObjectNode) ArmExamples.node("VirtualMachine_Get_InstanceView.json", 200).at("/extensions/0");
        extension.put("name", name);
        extension.put("type", "Microsoft.Azure.Extensions.CustomScript");
        status.accept((ObjectNode) extension.withArray("statuses").get(0));
        return extension;
    }

    private static void failed(ObjectNode status) {
        status.put("code", "ProvisioningState/failed/0").put("level", "Error").put("displayStatus", "Provisioning failed")
                .put("message", FAILED);
    }

    @Test
    void of_thePublishedExample_aRunningNodeWithoutExtensions_isNoFailure() throws IOException {
        assertEquals(Optional.empty(), NodeFailures.of("0", view(b -> { }), EXTENSION));
    }

    @Test
    void of_succeededBootstrap_isNoFailure() throws IOException {
        assertEquals(Optional.empty(), NodeFailures.of("0", view(b -> b.putArray("extensions")
                .add(extension(EXTENSION, status -> { }))), EXTENSION));
    }

    @Test
    void of_failedBootstrap_isTheExtensionsMessageTakenApart() throws IOException {
        NodeFailure failure = NodeFailures.of("4", view(b -> b.putArray("extensions")
                .add(extension(EXTENSION, NodeFailuresTest::failed))), EXTENSION).orElseThrow();

        assertEquals("4", failure.instanceId());
        assertEquals("failed to bootstrap", failure.what());
        assertEquals(ExtensionMessage.parse(FAILED), failure.message());
        assertEquals(List.of("/bin/sh: 1: ech: not found"), failure.message().stderr());
    }

    @Test
    void of_anotherExtensionFailing_isNotOurs_whileTheNodeProvisioned() throws IOException {
        assertEquals(Optional.empty(), NodeFailures.of("0", view(b -> b.putArray("extensions")
                .add(extension("policy-agent", NodeFailuresTest::failed))), EXTENSION));
    }

    @Test
    void of_aNodeThatFailedToProvision_saysSoWithAzuresCodeAndMessage() throws IOException {
        NodeFailure failure = NodeFailures.of("1", view(b -> ((ObjectNode) b.withArray("statuses").get(0))
                .put("code", "ProvisioningState/failed/AllocationFailed").put("level", "Error")
                .put("displayStatus", "Provisioning failed").put("message", "Allocation failed.")), EXTENSION).orElseThrow();

        assertEquals("failed to provision", failure.what());
        assertTrue(failure.message().summary().equals("ProvisioningState/failed/AllocationFailed: Allocation failed."),
                failure.message().summary());
    }
}
