package com.sessionjar.cluster.azure;

import static com.sessionjar.cluster.azure.ArmExamples.example;
import static com.sessionjar.cluster.azure.AzureSessionFake.ID;
import static com.sessionjar.cluster.azure.AzureSessionFake.NAMES;
import static com.sessionjar.cluster.azure.AzureSessionFake.SCALE_SET_PATH;
import static com.sessionjar.cluster.azure.AzureSessionFake.SUBSCRIPTION;
import static com.sessionjar.cluster.azure.AzureSessionFake.SUBSCRIPTION_PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionjar.BadInputException;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.NodeLog;
import com.sessionjar.cluster.NodeStatus;
import com.sessionjar.cluster.QueueDepth;
import com.sessionjar.cluster.SessionStatus;
import com.sessionjar.cluster.SessionSummary;
import com.sessionjar.protocol.ReplyQueues;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.protocol.TransactionCounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What --status, --logs and --list ask of Azure, with the real SDK clients against {@link FakeAzure}: the scale
 * set's instances, each one's instance view, run-command on each node (a long-running POST whose result comes from
 * its Location), the session's queues through its storage account, and the resource groups tagged with a session
 * id. Bodies from Azure's published examples (SOURCES.md). Verified offline: not a live subscription.
 */
class AzureStatusContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INSTANCE = Pattern.compile(".*/virtualMachines/(\\d+)/.*", Pattern.CASE_INSENSITIVE);
    private static final String RUN_COMMAND = SCALE_SET_PATH + "/virtualMachines/\\d+/runCommand";
    private static final String INSTANCE_VIEW = SCALE_SET_PATH + "/virtualMachines/\\d+/instanceView";
    private static final String REPLY_QUEUE = ReplyQueues.name("responses", "0a1b2c3d");
    private static final String STATS = StatsFile.json(new TransactionCounts(400, 90, 400, 0, 1),
            new StatsFile.Requests(400, 1, 2, 0, 0, 0, 0, 0));

    @TempDir
    Path folder;

    private FakeAzure fake;
    private AzureSessionFake azure;
    private AzureClusterProvider provider;

    @BeforeEach
    void start() throws IOException {
        azure = AzureSessionFake.startPollingFast();
        fake = azure.fake;
        provider = azure.provider(fake.credential(), Files.write(folder.resolve("session.jar"),
                "the jar".getBytes(StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() {
        azure.close();
    }

    private static ClusterConfig config(int nodes) {
        return new ClusterConfig(SUBSCRIPTION, "westeurope", "echo", List.of(), List.of(), nodes, null, null, null);
    }

    @Test
    void status_readsEachNodesInstanceView_andAsksItsWorkerThroughRunCommand() {
        sessionExists(2);
        serveInstanceViews("ProvisioningState/succeeded", "Provisioning succeeded", "Enable succeeded");
        serveQueues();
        // Node 0 answers as the published example does (a status per stream), node 1 as a Linux node does.
        serveRunCommands(Map.of("0", streams("state=active\nuptime=3723\nrestarts=0\nstats=" + STATS + "\n", ""),
                "1", linux("state=active\nuptime=60\nrestarts=2\nstats=" + STATS + "\n", "")), 1);

        SessionStatus status = provider.status(ID, Duration.ofSeconds(30));

        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
        assertEquals("azure", status.provider());
        assertEquals("echo", status.service());
        assertEquals(2, status.nodes().size());
        NodeStatus first = status.nodes().get(0);
        assertEquals("0", first.name());
        assertEquals("succeeded", first.provisioningState());
        assertEquals("running", first.powerState());
        assertEquals("succeeded", first.extensionStatus());
        assertEquals("active", first.workerState());
        assertTrue(first.alive());
        assertEquals(Duration.ofSeconds(3723), first.uptime());
        assertEquals(400, first.counters().requests().processed());
        assertNull(first.problem(), first::toString);
        NodeStatus second = status.nodes().get(1);
        assertEquals(Duration.ofSeconds(60), second.uptime());
        assertEquals("its worker restarted 2 time(s)", second.problem());
        assertEquals(800, status.counters().requests().processed());
        assertEquals(2 * 891, status.counters().transactions().total());

        for (Recorded run : fake.requests("POST", "(?i)" + RUN_COMMAND)) {
            assertEquals("RunShellScript", run.json().get("commandId").asText());
            assertEquals(AzureNodes.statusScript(), JSON.convertValue(run.json().get("script"), List.class));
            assertNotNull(run.query("api-version"), run::toString);
        }
        assertEquals(2, fake.requests("POST", "(?i)" + RUN_COMMAND).size());
        assertEquals(2, fake.requests("GET", "(?i)" + INSTANCE_VIEW).size());

        assertEquals(List.of(new QueueDepth("requests", QueueDepth.Role.REQUESTS, true, 5),
                new QueueDepth("responses", QueueDepth.Role.RESPONSES, true, 0),
                new QueueDepth("requests-poison", QueueDepth.Role.POISON, false, 0),
                new QueueDepth(REPLY_QUEUE, QueueDepth.Role.REPLY, true, 2)), status.queues());
        assertEquals(List.of(), status.notes());
        System.out.println("AzureStatusContractTest status: " + fake.requests().size() + " requests in all");
    }

    @Test
    void status_aRunCommandThatTimesOut_isThatNodesProblem_notTheCommands() {
        sessionExists(2);
        serveInstanceViews("ProvisioningState/succeeded", "Provisioning succeeded", "Enable succeeded");
        serveQueues();
        serveRunCommands(Map.of("0", linux("state=active\nuptime=5\n", "")), 1);
        // Node 1's run-command never finishes: its operation stays in progress.
        fake.on("POST", "(?i)" + SCALE_SET_PATH + "/virtualMachines/1/runCommand", fake.locationLongRunning(1_000_000,
                linux("state=active\n", "")));

        long started = System.nanoTime();
        SessionStatus status = provider.status(ID, Duration.ofSeconds(2));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "bounded by the run-command timeout, took " + took);
        assertEquals("active", status.nodes().get(0).workerState());
        NodeStatus late = status.nodes().get(1);
        assertEquals(NodeStatus.UNKNOWN, late.workerState());
        assertFalse(late.alive());
        assertEquals("succeeded", late.provisioningState(), "what the instance view says is still shown");
        assertTrue(late.problem().startsWith("run-command did not finish within 2 s"), late.problem());
        assertFalse(late.problem().contains("\n"), "one line");
        assertEquals(4, status.queues().size(), "the rest of the status is there");
    }

    @Test
    void status_aFailedBootstrap_showsTheExtensionsFirstLine_andADeallocatedNodeIsNotAsked() {
        sessionExists(2);
        serveInstanceViews("ProvisioningState/failed/0", "Provisioning failed", "Enable failed: failed to execute "
                + "command: command terminated with exit status=1\n[stdout]\nsessionjar: installing\n\n[stderr]\napt: no\n");
        // Node 1 is deallocated: GetInstanceView's example with its power state changed.
        fake.on("GET", "(?i)" + SCALE_SET_PATH + "/virtualMachines/1/instanceView", Responders.json(200, instanceView(
                "ProvisioningState/succeeded", "Provisioning succeeded", "Enable succeeded", "PowerState/deallocated")));
        serveQueues();
        serveRunCommands(Map.of("0", linux("state=failed\nrestarts=0\n", "")), 1);

        SessionStatus status = provider.status(ID, Duration.ofSeconds(30));

        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
        NodeStatus failed = status.nodes().get(0);
        assertEquals("failed/0: Enable failed: failed to execute command: command terminated with exit status=1",
                failed.extensionStatus());
        assertEquals("failed", failed.workerState());
        assertFalse(failed.alive());
        NodeStatus deallocated = status.nodes().get(1);
        assertEquals("deallocated", deallocated.powerState());
        assertEquals(NodeStatus.UNKNOWN, deallocated.workerState());
        assertEquals("the node is deallocated: its worker was not asked", deallocated.problem());
        assertEquals(1, fake.requests("POST", "(?i)" + RUN_COMMAND).size(), "run-command only where a node runs");
        assertNull(status.counters(), "no node reported stats");
    }

    @Test
    void logs_areTheWorkersJournal_throughRunCommand_andOutputCutTo4KiB_isSaid() {
        sessionExists(2);
        StringBuilder journal = new StringBuilder();
        for (int i = 1; journal.length() < RunCommandOutput.LIMIT + 500; i++) {
            journal.append("2026-01-02T03:04:05.678Z [INFO] line ").append(i).append(" of the worker's journal\n");
        }
        // What a node gives back: the last 4,096 bytes, the first line cut in its middle.
        String cut = journal.substring(journal.length() - RunCommandOutput.LIMIT);
        serveRunCommands(Map.of("0", linux(cut, ""), "1", linux("one\ntwo\nthree\n", "")), 1);

        List<NodeLog> logs = provider.logs(ID, null, 200, Duration.ofSeconds(30));

        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
        assertEquals(List.of("0", "1"), logs.stream().map(NodeLog::node).toList());
        List<String> lines = logs.get(0).lines();
        assertTrue(lines.get(0).startsWith("2026-01-02T03:04:05.678Z [INFO] line "), "the cut first line is left out: "
                + lines.get(0));
        assertTrue(lines.get(lines.size() - 1).endsWith("of the worker's journal"), lines.toString());
        assertEquals("run-command returns only the last 4,096 bytes of output: " + lines.size()
                + " of the last 200 lines", logs.get(0).note());
        assertEquals(new NodeLog("1", List.of("one", "two", "three"), null), logs.get(1));
        for (Recorded run : fake.requests("POST", "(?i)" + RUN_COMMAND)) {
            assertEquals(List.of("journalctl -u sessionjar-worker -n 200 --no-pager -o cat", "exit 0"),
                    JSON.convertValue(run.json().get("script"), List.class));
        }
    }

    @Test
    void logs_ofOneNode_asksThatNodeOnly_andAnUnknownNodeIsBadInputNamingTheNodes() {
        sessionExists(2);
        serveRunCommands(Map.of("1", linux("last\n", "")), 1);

        assertEquals(List.of(new NodeLog("1", List.of("last"), null)), provider.logs(ID, 1, 5, Duration.ofSeconds(30)));
        assertEquals(1, fake.requests("POST", "(?i)" + RUN_COMMAND).size());

        BadInputException unknown = assertThrows(BadInputException.class, () -> provider.logs(ID, 7, 5));
        assertEquals("Unknown node 7 of session " + ID + ": its nodes are 0, 1 (--status " + ID + " shows them)",
                unknown.getMessage());
        assertEquals(1, fake.requests("POST", "(?i)" + RUN_COMMAND).size(), "no run-command for an unknown node");
    }

    @Test
    void list_findsTheResourceGroupsTaggedWithASessionId_withTheirStorageAccountsCreationTime() {
        serveResourceGroups();

        List<SessionSummary> sessions = provider.list(SUBSCRIPTION);

        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
        assertEquals(List.of(new SessionSummary(ID, "echo", 3, Instant.parse("2017-05-24T13:25:33.4863236Z"), null)),
                sessions, "the group without a session id is not one");
        Recorded listing = fake.requests("GET", "(?i)" + SUBSCRIPTION_PATH + "/resourcegroups").get(0);
        assertEquals("tagName eq 'sessionjar-id'", listing.query("$filter"));
        assertEquals("azure", sessions.get(0).provider());
    }

    @Test
    void list_withNoSubscriptionNamed_usesTheOnlyOneTheCredentialCanUse_andRefusesToGuessAmongSeveral() {
        serveResourceGroups();
        fake.on("GET", "/subscriptions", Responders.json(200, example("GetSubscriptions.json", 200, body -> {
            body.remove("nextLink");
            ArrayNode value = body.withArray("value");
            value.remove(1);
            ((ObjectNode) value.get(0)).put("id", SUBSCRIPTION_PATH).put("subscriptionId", SUBSCRIPTION);
        })));

        assertEquals(List.of(ID), provider.list(null).stream().map(SessionSummary::id).toList());

        fake.on("GET", "/subscriptions", Responders.json(200, example("GetSubscriptions.json", 200,
                body -> body.remove("nextLink"))));
        BadInputException several = assertThrows(BadInputException.class, () -> provider.list(null));
        assertEquals("the credential can use 2 enabled subscriptions: name one with --subscription or "
                + "AZURE_SUBSCRIPTION_ID", several.getMessage());
    }

    /**
     * The session's resources as a create leaves them, put straight into the fake: its resource group's tags, its
     * storage account (the fake serves StorageAccountCreate.json's body and keys), a scale set of {@code nodes}.
     */
    private void sessionExists(int nodes) {
        azure.groupTags = JSON.valueToTree(AzureTags.of(ID, config(nodes), "Standard_B2ts_v2", "1.0"));
        azure.groupLocation = "westeurope";
        azure.scaleSet = JSON.createObjectNode().set("sku", JSON.createObjectNode().put("capacity", nodes)).toString();
    }

    /** ListResourceGroups.json (an empty body) with two groups in GetResourceGroups.json's shape: a session's and another. */
    private void serveResourceGroups() {
        Map<String, String> tags = AzureTags.of(ID, config(3), "Standard_B2ts_v2", "1.0");
        fake.on("GET", "(?i)" + SUBSCRIPTION_PATH + "/resourcegroups", Responders.json(200,
                example("ListResourceGroups.json", 200, body -> {
                    ArrayNode value = body.putArray("value");
                    value.add(group(NAMES.resourceGroup(), JSON.valueToTree(tags)));
                    value.add(group("someone-elses-group", JSON.createObjectNode().put("team", "data")));
                })));
    }

    private static ObjectNode group(String name, JsonNode tags) {
        ObjectNode group = (ObjectNode) readTree(example("GetResourceGroups.json", 200));
        group.put("id", SUBSCRIPTION_PATH + "/resourceGroups/" + name).put("name", name);
        group.set("tags", tags);
        return group;
    }

    /** Each instance's view: GetInstanceView's example with our CustomScript extension in it, running. */
    private void serveInstanceViews(String extensionCode, String extensionDisplay, String extensionMessage) {
        fake.on("GET", "(?i)" + INSTANCE_VIEW, Responders.json(200, instanceView(extensionCode, extensionDisplay,
                extensionMessage, "PowerState/running")));
    }

    /**
     * VirtualMachineScaleSetVM_Get_InstanceViewAutoPlacedOnDedicatedHostGroup.json (whose extensions are null) with
     * the bootstrap extension in the shape of VirtualMachine_Get_InstanceView.json's, and the power state given.
     */
    private static String instanceView(String extensionCode, String extensionDisplay, String extensionMessage,
                                       String powerState) {
        JsonNode shape = ArmExamples.node("VirtualMachine_Get_InstanceView.json", 200).get("extensions").get(0);
        return example("VirtualMachineScaleSetVM_Get_InstanceViewAutoPlacedOnDedicatedHostGroup.json", 200, body -> {
            ObjectNode extension = shape.deepCopy();
            extension.put("name", NAMES.extension()).put("type", "Microsoft.Azure.Extensions.CustomScript")
                    .put("typeHandlerVersion", "2.1");
            ObjectNode status = (ObjectNode) extension.get("statuses").get(0);
            status.put("code", extensionCode).put("displayStatus", extensionDisplay).put("message", extensionMessage)
                    .put("level", extensionCode.contains("failed") ? "Error" : "Info");
            body.putArray("extensions").add(extension);
            ((ObjectNode) body.get("statuses").get(1)).put("code", powerState);
        });
    }

    /** Run-command on each instance named: 202 with a Location, polled {@code polls} times, then its result. */
    private void serveRunCommands(Map<String, String> results, int polls) {
        fake.on("POST", "(?i)" + RUN_COMMAND, request -> {
            Matcher instance = INSTANCE.matcher(request.path());
            String result = instance.matches() ? results.get(instance.group(1)) : null;
            if (result == null) {
                return Responders.arm404("NotFound", "no run-command result for " + request.path()).respond(request);
            }
            return fake.locationLongRunning(polls, result).respond(request);
        });
    }

    /** The published example's 200 body: one status per stream. */
    private static String streams(String stdout, String stderr) {
        return example("VirtualMachineScaleSetVMRunCommand.json", 200, body -> {
            ((ObjectNode) body.get("value").get(0)).put("message", stdout);
            ((ObjectNode) body.get("value").get(1)).put("message", stderr);
        });
    }

    /** The same body as a Linux node's RunShellScript gives it: one status with both streams in its message. */
    private static String linux(String stdout, String stderr) {
        return example("VirtualMachineScaleSetVMRunCommand.json", 200, body -> {
            ArrayNode value = body.withArray("value");
            value.remove(1);
            ((ObjectNode) value.get(0)).put("code", "ProvisioningState/succeeded")
                    .put("message", "Enable succeeded: \n[stdout]\n" + stdout + "\n[stderr]\n" + stderr);
        });
    }

    /**
     * The session's queues as the queue service answers (Get Queue Metadata: the count in
     * {@code x-ms-approximate-messages-count}; List Queues: XML): requests 5, responses 0, a reply queue 2, and
     * no poison queue yet.
     */
    private void serveQueues() {
        Map<String, Integer> depths = Map.of("requests", 5, "responses", 0, REPLY_QUEUE, 2);
        fake.on("GET", "/[a-z0-9-]+", request -> {
            String queue = request.path().substring(1);
            if (!depths.containsKey(queue)) {
                return Reply.of(404, "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>QueueNotFound</Code>"
                        + "<Message>The specified queue does not exist.</Message></Error>")
                        .withHeader("x-ms-error-code", "QueueNotFound").withHeader("Content-Type", "application/xml");
            }
            return Reply.of(200, "").withHeader("x-ms-approximate-messages-count", Integer.toString(depths.get(queue)));
        });
        fake.on("GET", "/", request -> Reply.of(200, "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<EnumerationResults ServiceEndpoint=\"https://" + NAMES.storageAccount() + ".queue.core.windows.net/\">"
                + "<Prefix>" + request.query("prefix") + "</Prefix><Queues><Queue><Name>" + REPLY_QUEUE + "</Name>"
                + "<Metadata><beat>0</beat></Metadata></Queue></Queues><NextMarker /></EnumerationResults>")
                .withHeader("Content-Type", "application/xml"));
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
