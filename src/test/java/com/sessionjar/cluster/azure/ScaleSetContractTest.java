package com.sessionjar.cluster.azure;

import static com.sessionjar.cluster.azure.AzureSessionFake.GROUP_PATH;
import static com.sessionjar.cluster.azure.AzureSessionFake.ID;
import static com.sessionjar.cluster.azure.AzureSessionFake.NAMES;
import static com.sessionjar.cluster.azure.AzureSessionFake.SCALE_SET_PATH;
import static com.sessionjar.cluster.azure.AzureSessionFake.SUBSCRIPTION;
import static com.sessionjar.cluster.azure.AzureSessionFake.extensionTag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.AzureRefusedException;
import com.sessionjar.BadInputException;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.CreateOptions;
import com.sessionjar.cluster.NodeOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What create and update do to the nodes, through the real SDK against {@link FakeAzure}: a new
 * session.jar upgrades every node and the same one none; a size of the same family is an in-place
 * upgrade, one of another family deallocates, resizes and starts the nodes, and one Azure cannot
 * resize to is refused before anything changes; a node whose bootstrap failed is reported, per node,
 * with its script's output, and the create fails (its resource group deleted, or kept with
 * {@code --keep-on-failure}). Bodies are published examples (SOURCES.md); the failed extension status
 * is a copy in the documented format.
 */
class ScaleSetContractTest {
    @TempDir
    Path folder;

    private FakeAzure fake;
    private AzureSessionFake azure;
    private Path jar;
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private AzureClusterProvider provider;

    @BeforeEach
    void start() throws IOException {
        azure = AzureSessionFake.startPollingFast();
        fake = azure.fake;
        jar = Files.writeString(folder.resolve("session.jar"), "the jar the nodes run");
        provider = new AzureClusterProvider(azure.access(fake.credential()::getToken), jar, Duration.ofSeconds(20),
                progress::add, warnings::add);
    }

    @AfterEach
    void stop() {
        azure.close();
    }

    private static ClusterConfig config(int nodes, String vmSize) {
        return new ClusterConfig(SUBSCRIPTION, "westeurope", "echo", List.of(), List.of(), nodes,
                new NodeOptions(null, null, null, vmSize), null, null);
    }

    private List<Recorded> since(int before) {
        List<Recorded> all = fake.requests();
        return all.subList(before, all.size());
    }

    private static String calls(List<Recorded> requests) {
        return requests.stream().filter(r -> !r.path().startsWith("/fake-operations/") && !r.method().equals("GET"))
                .map(r -> r.method() + " " + r.path().replaceAll(".*/virtualMachineScaleSets/[^/]+", "scaleSet"))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void update_withANewSessionJar_upgradesEveryNode_andWithTheSameJarNone() throws IOException {
        ClusterConfig config = config(2, "Standard_D2as_v5");
        provider.create(ID, config);
        String tag = extensionTag(azure.lastScaleSetPut());

        provider.update(ID, config);

        assertEquals(tag, extensionTag(azure.lastScaleSetPut()), "the same jar and config: the same model");
        assertEquals(List.of(), fake.requests("POST", SCALE_SET_PATH + "/manualupgrade"), "no node is touched");
        assertTrue(progress.contains("Every node of " + NAMES.scaleSet() + " already runs its current model"), progress::toString);

        Files.writeString(jar, "a new session.jar");
        progress.clear();
        provider.update(ID, config);

        assertNotEquals(tag, extensionTag(azure.lastScaleSetPut()), "a new jar: a new script, so a new fingerprint");
        Recorded upgrade = azure.only("POST", SCALE_SET_PATH + "/manualupgrade");
        assertEquals("[\"0\",\"1\"]", upgrade.json().get("instanceIds").toString());
        assertTrue(progress.contains("Upgraded node(s) 0, 1 of " + NAMES.scaleSet() + " to the new model"), progress::toString);
        assertTrue(Files.readString(jar).equals(new String(azure.sessionFiles.file(NAMES.runtimeShare(), RuntimeShare.JAR),
                StandardCharsets.UTF_8)), "the new jar is on the runtime share");
        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
    }

    @Test
    void update_toASizeOfTheSameFamily_upgradesInPlace_withoutDeallocating() {
        provider.create(ID, config(2, "Standard_D2as_v5"));
        int before = fake.requests().size();

        provider.update(ID, config(2, "Standard_D4as_v5"));

        assertEquals("Standard_D4as_v5", azure.lastScaleSetPut().at("/sku/name").asText());
        String calls = calls(since(before));
        assertFalse(calls.contains("deallocate") || calls.contains("start"), calls);
        assertTrue(calls.contains("POST scaleSet/manualupgrade"), calls);
    }

    @Test
    void update_toAnotherFamily_deallocatesResizesUpgradesAndStartsTheNodes_inThatOrder() {
        provider.create(ID, config(2, "Standard_D2as_v5"));
        int before = fake.requests().size();

        provider.update(ID, config(2, "Standard_E2as_v5"));

        List<String> scaleSetCalls = since(before).stream()
                .filter(r -> r.path().matches(SCALE_SET_PATH + "(/deallocate|/manualupgrade|/start)?") && !r.method().equals("GET"))
                .map(r -> r.method() + " " + r.path().replaceAll(".*/virtualMachineScaleSets/[^/]+", "scaleSet")).toList();
        assertEquals(List.of("POST scaleSet/deallocate", "PUT scaleSet", "POST scaleSet/manualupgrade", "POST scaleSet/start"),
                scaleSetCalls);
        Recorded deallocate = azure.only("POST", SCALE_SET_PATH + "/deallocate");
        assertEquals("", deallocate.body(), "no instance ids: every node (VirtualMachineScaleSet_Deallocate_MinimumSet_Gen)");
        assertNotEquals(null, deallocate.query("api-version"));
        assertEquals("Standard_E2as_v5", azure.lastScaleSetPut().at("/sku/name").asText());
        assertEquals("[\"0\",\"1\"]", azure.only("POST", SCALE_SET_PATH + "/manualupgrade").json().get("instanceIds")
                .toString(), "the deallocated nodes get the new size before they start");
        assertFalse(azure.deallocated, "the nodes run again");
        assertTrue(progress.stream().anyMatch(line -> line.startsWith("deallocating the nodes of " + NAMES.scaleSet()
                + " (Standard_D2as_v5 to Standard_E2as_v5 is a change of family")), progress::toString);
        assertEquals("Standard_E2as_v5", azure.groupTags.get("sessionjar-vm-size").asText());
        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
    }

    @Test
    void update_toAnotherFamilyThatAzureRefuses_startsTheNodesAgainOnTheirOldSize() {
        provider.create(ID, config(2, "Standard_D2as_v5"));
        fake.on("PUT", SCALE_SET_PATH, Responders.armError(400, "OperationNotAllowed",
                "Unable to resize the VM because the requested size is not available in the current hardware cluster."));

        AzureRefusedException e = assertThrows(AzureRefusedException.class,
                () -> provider.update(ID, config(2, "Standard_E2as_v5")));

        assertTrue(e.getMessage().contains("OperationNotAllowed"), e.getMessage());
        azure.only("POST", SCALE_SET_PATH + "/deallocate");
        azure.only("POST", SCALE_SET_PATH + "/start");
        assertFalse(azure.deallocated, "the nodes were started again");
        assertEquals("Standard_D2as_v5", azure.groupTags.get("sessionjar-vm-size").asText(), "the tags still say the old size");
    }

    @Test
    void update_betweenScsiAndNvmeOnlySizes_isRefusedInOneLine_beforeAnythingChanges() {
        provider.create(ID, config(2, "Standard_D2as_v5"));
        int before = fake.requests().size();

        BadInputException e = assertThrows(BadInputException.class, () -> provider.update(ID, config(2, "Standard_D2as_v6")));

        assertEquals("the nodes' VM size cannot change from Standard_D2as_v5 (SCSI disks) to Standard_D2as_v6 (NVMe disks "
                + "only): Azure cannot resize between the two; create a new session with this config (and --delete this one),"
                + " or set NodeOptions.VmSize to Standard_D2as_v5 to keep the nodes' size", e.getMessage());
        assertEquals(List.of(), since(before).stream().filter(r -> !r.method().equals("GET")).toList(), "nothing changed");
    }

    @Test
    void create_nodeThatFailsToBootstrap_isReportedWithItsOutput_andTheGroupDeleted() {
        String stdout = IntStream.rangeClosed(1, 30).mapToObj(i -> "apt line " + i).collect(Collectors.joining("\n")) + "\n";
        azure.failBootstrap("1", 1, stdout, "E: Unable to locate package openjdk-17-jre-headless\n"
                + "sessionjar: could not install openjdk-17-jre-headless cifs-utils\n");

        InfrastructureException e = assertThrows(InfrastructureException.class, () -> provider.create(ID, config(2, null)));

        assertEquals("1 of 2 node(s) of scale set " + NAMES.scaleSet() + " failed (node 1; what each said is above)",
                e.getMessage());
        List<String> expected = new ArrayList<>(List.of(
                "node 1 failed to bootstrap: Enable failed: failed to execute command: command terminated with exit status=1",
                "node 1 stdout (last 20 of 30 lines):"));
        IntStream.rangeClosed(11, 30).forEach(i -> expected.add("node 1 | apt line " + i));
        expected.addAll(List.of("node 1 stderr (2 lines):",
                "node 1 | E: Unable to locate package openjdk-17-jre-headless",
                "node 1 | sessionjar: could not install openjdk-17-jre-headless cifs-utils",
                "Creating session " + ID + " failed; deleting resource group " + NAMES.resourceGroup()
                        + " so that nothing is left to pay for (--keep-on-failure keeps it for inspection)"));
        assertEquals(expected, warnings);
        assertEquals(2, fake.requests("GET", SCALE_SET_PATH + "/virtualMachines/\\d+/instanceView").size(), "each node read");
        azure.only("DELETE", GROUP_PATH);
        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
    }

    @Test
    void create_whoseScaleSetOperationFailsOnTheExtension_stillReportsEachNode() {
        azure.failedBootstrapFailsThePut = true;
        azure.failBootstrap("0", 127, "", "/bin/sh: 1: ech: not found\n");
        azure.failBootstrap("1", 127, "", "/bin/sh: 1: ech: not found\n");

        InfrastructureException e = assertThrows(InfrastructureException.class, () -> provider.create(ID, config(2, null)));

        assertEquals("2 of 2 node(s) of scale set " + NAMES.scaleSet() + " failed (node 0, 1; what each said is above)",
                e.getMessage());
        AzureRefusedException operation = assertInstanceOf(AzureRefusedException.class, e.getCause());
        assertTrue(operation.getMessage().contains("VMExtensionProvisioningError"), operation.getMessage());
        for (String node : List.of("0", "1")) {
            assertTrue(warnings.contains("node " + node + " failed to bootstrap: Enable failed: failed to execute command: "
                    + "command terminated with exit status=127"), warnings::toString);
            assertTrue(warnings.contains("node " + node + " stdout: (empty)"), warnings::toString);
            assertTrue(warnings.contains("node " + node + " | /bin/sh: 1: ech: not found"), warnings::toString);
        }
        azure.only("DELETE", GROUP_PATH);
    }

    @Test
    void create_keepOnFailure_keepsTheResourceGroup_andSaysHowToDeleteIt() {
        azure.failBootstrap("0", 1, "", "sessionjar: could not mount /myfiles\n");

        assertThrows(InfrastructureException.class, () -> provider.create(ID, config(1, null), new CreateOptions(true)));

        assertEquals(List.of(), fake.requests("DELETE", GROUP_PATH), "the group is kept");
        assertEquals("Creating session " + ID + " failed; its resource group " + NAMES.resourceGroup() + " is kept for "
                + "inspection (--keep-on-failure): delete it with java -jar session.jar --delete " + ID,
                warnings.get(warnings.size() - 1));
    }

    @Test
    void update_nodeThatFailsAfterItsUpgrade_isReported_andTheTagsKeepTheOldSettings() {
        provider.create(ID, config(2, "Standard_D2as_v5"));
        azure.failBootstrap("0", 1, "", "sessionjar: could not mount /mnt/sessionjar-runtime\n");

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> provider.update(ID, config(3, "Standard_D2as_v5")));

        assertTrue(e.getMessage().startsWith("1 of 3 node(s) of scale set"), e.getMessage());
        assertTrue(warnings.contains("node 0 | sessionjar: could not mount /mnt/sessionjar-runtime"), warnings::toString);
        assertEquals("2", azure.groupTags.get("sessionjar-node-count").asText());
        assertEquals(List.of(), fake.requests("DELETE", GROUP_PATH), "an update never deletes");
    }
}
