package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.AzureEnvironment;
import com.azure.resourcemanager.authorization.fluent.models.PermissionInner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.BadInputException;
import com.sessionjar.cluster.AutoScale;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.Plan;
import com.sessionjar.protocol.QueueLengthMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueueAutoscaleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClusterId ID = ClusterId.parse(
            "9fda6ae5-1210-43b9-a2da-703f0cdc253e:c49d8c24-3062-44b8-9a80-8e8164d4d340");
    private static final AzureNames NAMES = AzureNames.of(ID);
    private static final AzureAccess ACCESS = new AzureAccess(() -> {
        throw new AssertionError("a plan must not sign in");
    }, AzureEnvironment.AZURE, null, null, account -> "https://" + account + ".file.core.windows.net");

    @TempDir
    Path folder;

    private static ClusterConfig config(AutoScale scale) {
        return new ClusterConfig(ID.scope(), "westeurope", "echo", List.of(), List.of(), 2, null, null, scale);
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 299, 330, 301})
    void check_refusesAScaleInWindowAzureMonitorRefuses(int seconds) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> QueueAutoscale.check(config(new AutoScale(5, 16, seconds))));
        assertEquals("AutoScale.ScaleInAfterSeconds (" + seconds + ") must be whole minutes from 300 to 43200 on Azure: "
                + "it is the time window of Azure Monitor autoscale's scale-in rule (5 minutes to 12 hours)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 360, 43200})
    void check_takesWholeMinutesFromFiveMinutesToTwelveHours(int seconds) {
        assertDoesNotThrow(() -> QueueAutoscale.check(config(new AutoScale(5, 16, seconds))));
        assertDoesNotThrow(() -> QueueAutoscale.check(config(null)));
    }

    @Test
    void allows_matchesWildcardsWithoutRegardToCase_andNotActionsTakeAway() {
        String write = QueueAutoscale.ROLE_ASSIGNMENT_WRITE;
        assertTrue(QueueAutoscale.allows(List.of(permission(List.of("*"), List.of())), write), "Owner");
        assertTrue(QueueAutoscale.allows(List.of(permission(List.of("Microsoft.Authorization/*"), List.of())), write),
                "User Access Administrator");
        assertTrue(QueueAutoscale.allows(List.of(permission(List.of("microsoft.authorization/roleassignments/WRITE"),
                List.of())), write));
        assertFalse(QueueAutoscale.allows(List.of(permission(List.of("*"), List.of("Microsoft.Authorization/*/Write"))),
                write), "Contributor");
        assertFalse(QueueAutoscale.allows(List.of(permission(List.of("*/read"), List.of())), write), "Reader");
        assertFalse(QueueAutoscale.allows(List.of(), write));
        // Two roles: one that takes the action away does not stop another that grants it.
        assertTrue(QueueAutoscale.allows(List.of(permission(List.of("*"), List.of("Microsoft.Authorization/*/Write")),
                permission(List.of("Microsoft.Authorization/roleAssignments/*"), List.of())), write));
    }

    @Test
    void roleAssignmentName_isAGuidOfTheScaleSet_theSameOnEveryRun() {
        String name = QueueAutoscale.roleAssignmentName(NAMES);
        assertTrue(name.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), name);
        assertEquals(name, QueueAutoscale.roleAssignmentName(AzureNames.of(ClusterId.parse(ID.toString()))));
        assertFalse(name.equals(QueueAutoscale.roleAssignmentName(AzureNames.of(ClusterId.parse(
                "9fda6ae5-1210-43b9-a2da-703f0cdc253e:00000000-3062-44b8-9a80-8e8164d4d340")))));
    }

    @Test
    void tags_carryAutoScale_andTheConfigTheyDescribeHasIt() {
        Map<String, String> tags = AzureTags.of(ID, config(new AutoScale(12, 8, 600)), "Standard_B1s", "1.0");
        assertEquals("12", tags.get(AzureTags.MAX_NODE_COUNT));
        assertEquals("8", tags.get(AzureTags.REQUESTS_PER_NODE));
        assertEquals("600", tags.get(AzureTags.SCALE_IN_AFTER_SECONDS));
        ClusterConfig back = AzureTags.configOf(tags, ID.scope(), "westeurope");
        assertEquals(new AutoScale(12, 8, 600), back.autoScale());
        assertEquals(12, back.maxNodeCount());
        assertTrue(AzureTags.autoScaled(tags));
        Map<String, String> broken = new java.util.HashMap<>(tags);
        broken.remove(AzureTags.SERVICE);
        assertTrue(AzureTags.autoScaled(broken), "a delete still sees AutoScale when another tag is gone");

        Map<String, String> without = AzureTags.of(ID, config(null), "Standard_B1s", "1.0");
        assertFalse(without.keySet().stream().anyMatch(tag -> tag.contains("node-count") && tag.contains("max")));
        assertNull(AzureTags.configOf(without, ID.scope(), "westeurope").autoScale());
        assertFalse(AzureTags.autoScaled(without));
        assertFalse(AzureTags.autoScaled(null));
    }

    @Test
    void dryRunOfCreate_showsThePermissionCheck_theIdentity_theRoleAssignment_andTheSetting() throws IOException {
        Plan plan = AzurePlan.of(ID, config(new AutoScale(10, 16, 600)), jar(), ACCESS);
        List<Plan.Request> requests = requests(plan);
        List<String> calls = requests.stream().map(r -> r.method() + " " + r.path()).toList();
        String group = "/subscriptions/" + ID.scope() + "/resourceGroups/" + NAMES.resourceGroup();
        String role = NAMES.scaleSetId() + "/providers/Microsoft.Authorization/roleAssignments/"
                + QueueAutoscale.roleAssignmentName(NAMES);
        String setting = group + "/providers/Microsoft.Insights/autoscaleSettings/" + NAMES.autoscaleSetting();
        assertEquals(List.of("PUT " + group, "GET " + group + "/providers/Microsoft.Authorization/permissions",
                "PUT " + group + "/providers/Microsoft.Storage/storageAccounts/" + NAMES.storageAccount(),
                "PUT " + group + "/providers/Microsoft.Network/virtualNetworks/" + NAMES.virtualNetwork(),
                "PUT " + NAMES.scaleSetId(), "GET " + NAMES.scaleSetId(), "PUT " + role, "PUT " + setting), calls);
        assertEquals("SystemAssigned", body(requests.get(4)).at("/identity/type").asText());
        JsonNode assignment = body(requests.get(6));
        assertEquals("ServicePrincipal", assignment.at("/properties/principalType").asText());
        assertTrue(assignment.at("/properties/roleDefinitionId").asText().endsWith(QueueAutoscale.METRICS_PUBLISHER));
        JsonNode rules = body(requests.get(7)).at("/properties/profiles/0/rules");
        assertEquals(QueueLengthMetric.NAME, rules.at("/0/metricTrigger/metricName").asText());
        assertTrue(rules.at("/1/metricTrigger/dividePerInstance").asBoolean());
        assertTrue(requests.get(7).note().contains("https://westeurope.monitoring.azure.com" + NAMES.scaleSetId()
                + "/metrics"), requests.get(7).note());
        assertEquals(NAMES.scaleSetId(), plan.workerEnvironment().get(QueueLengthMetric.RESOURCE_ID));
        assertEquals("https://westeurope.monitoring.azure.com", plan.workerEnvironment().get(QueueLengthMetric.ENDPOINT));
        assertEquals("10", body(requests.get(0)).at("/tags/" + AzureTags.MAX_NODE_COUNT).asText());
    }

    @Test
    void dryRunOfUpdate_showsTheSettingPut_orItsDeleteWhenAutoScaleIsGone() throws IOException {
        List<String> withScale = requests(AzurePlan.ofUpdate(ID, config(new AutoScale(10, 16, 600)), jar(), ACCESS))
                .stream().map(r -> r.method() + " " + r.path()).toList();
        assertTrue(withScale.stream().anyMatch(c -> c.startsWith("PUT ") && c.endsWith(NAMES.autoscaleSetting())),
                withScale::toString);
        assertFalse(withScale.stream().anyMatch(c -> c.startsWith("DELETE ")), withScale::toString);

        List<Plan.Request> without = requests(AzurePlan.ofUpdate(ID, config(null), jar(), ACCESS));
        List<String> deletes = without.stream().filter(r -> r.method().equals("DELETE")).map(Plan.Request::path).toList();
        assertEquals(2, deletes.size(), without::toString);
        assertTrue(deletes.get(0).endsWith("/autoscaleSettings/" + NAMES.autoscaleSetting()));
        assertTrue(deletes.get(1).endsWith("/roleAssignments/" + QueueAutoscale.roleAssignmentName(NAMES)));
        assertFalse(without.stream().anyMatch(r -> r.path().endsWith("/permissions")));
        assertFalse(AzurePlan.of(ID, config(null), jar(), ACCESS).workerEnvironment().containsKey(QueueLengthMetric.RESOURCE_ID));
    }

    @Test
    void dryRunOfDelete_showsTheRoleAssignmentsDelete_beforeTheGroups() {
        List<Plan.Request> requests = requests(AzurePlan.ofDelete(ID));
        assertEquals(2, requests.size());
        assertTrue(requests.get(0).path().endsWith("/roleAssignments/" + QueueAutoscale.roleAssignmentName(NAMES)));
        assertTrue(requests.get(0).note().startsWith("only if the session has AutoScale"));
    }

    private Path jar() throws IOException {
        Path jar = folder.resolve("session.jar");
        return Files.exists(jar) ? jar : Files.write(jar, new byte[100]);
    }

    private static PermissionInner permission(List<String> actions, List<String> notActions) {
        return new PermissionInner().withActions(actions).withNotActions(notActions);
    }

    private static List<Plan.Request> requests(Plan plan) {
        return plan.steps().stream().filter(Plan.Request.class::isInstance).map(Plan.Request.class::cast).toList();
    }

    private static JsonNode body(Plan.Request request) throws IOException {
        return JSON.readTree(request.body());
    }
}
