package com.sessionjar.cluster.azure;

import static com.sessionjar.cluster.azure.AutoscaleFake.PERMISSIONS_PATH;
import static com.sessionjar.cluster.azure.AutoscaleFake.ROLE_PATH;
import static com.sessionjar.cluster.azure.AutoscaleFake.SETTING_PATH;
import static com.sessionjar.cluster.azure.AzureSessionFake.GROUP_PATH;
import static com.sessionjar.cluster.azure.AzureSessionFake.ID;
import static com.sessionjar.cluster.azure.AzureSessionFake.NAMES;
import static com.sessionjar.cluster.azure.AzureSessionFake.SCALE_SET_PATH;
import static com.sessionjar.cluster.azure.AzureSessionFake.SUBSCRIPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionjar.BadInputException;
import com.sessionjar.cluster.AutoScale;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.protocol.QueueLengthMetric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An AutoScale session's Azure traffic, with the real SDK clients, against {@link FakeAzure} answering with the
 * published examples: the permission check, the scale set's identity, the role assignment and the autoscale
 * setting, on create, update and delete. Verified offline: not a live subscription.
 */
class AutoscaleContractTest {
    @TempDir
    Path folder;

    private AzureSessionFake azure;
    private FakeAzure fake;
    private AutoscaleFake autoscale;
    private AzureClusterProvider provider;

    @BeforeEach
    void start() throws IOException {
        azure = AzureSessionFake.startPollingFast();
        fake = azure.fake;
        autoscale = new AutoscaleFake(fake);
        Path jar = Files.write(folder.resolve("session.jar"), "the jar".getBytes(StandardCharsets.UTF_8));
        provider = azure.provider(fake.credential()::getToken, jar);
    }

    @AfterEach
    void stop() {
        azure.close();
    }

    private static ClusterConfig config(AutoScale scale) {
        return new ClusterConfig(SUBSCRIPTION, "westeurope", "echo", List.of(), List.of(), 2, null, null, scale);
    }

    @Test
    void create_givesTheNodesAnIdentity_theMetricsPublisherRole_andAnAutoscaleSetting() throws IOException {
        provider.create(ID, config(new AutoScale(10, 16, 600)));

        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
        assertEquals("2022-04-01", azure.only("GET", PERMISSIONS_PATH).query("api-version"));
        JsonNode scaleSet = azure.lastScaleSetPut();
        assertEquals("SystemAssigned", scaleSet.at("/identity/type").asText());

        Recorded role = azure.only("PUT", ROLE_PATH);
        assertEquals("2022-04-01", role.query("api-version"));
        assertEquals("/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.Authorization/roleDefinitions/"
                + "3913510d-42f4-4e42-8a64-420c390055eb", role.json().at("/properties/roleDefinitionId").asText());
        assertEquals(AzureSessionFake.PRINCIPAL, role.json().at("/properties/principalId").asText(),
                "the principal Azure gave the scale set's identity");
        assertEquals("ServicePrincipal", role.json().at("/properties/principalType").asText());

        Recorded setting = azure.only("PUT", SETTING_PATH);
        assertEquals("2022-10-01", setting.query("api-version"));
        JsonNode body = setting.json();
        assertEquals("westeurope", body.get("location").asText());
        assertTrue(body.at("/properties/enabled").asBoolean());
        assertEquals(NAMES.scaleSetId(), body.at("/properties/targetResourceUri").asText());
        JsonNode profile = body.at("/properties/profiles/0");
        assertEquals("2", profile.at("/capacity/minimum").asText());
        assertEquals("10", profile.at("/capacity/maximum").asText());
        assertEquals("2", profile.at("/capacity/default").asText());
        JsonNode out = profile.at("/rules/0");
        JsonNode in = profile.at("/rules/1");
        for (JsonNode rule : List.of(out, in)) {
            JsonNode trigger = rule.get("metricTrigger");
            assertEquals(QueueLengthMetric.NAME, trigger.get("metricName").asText());
            assertEquals(QueueLengthMetric.NAMESPACE, trigger.get("metricNamespace").asText());
            assertEquals(NAMES.scaleSetId(), trigger.get("metricResourceUri").asText());
            assertEquals("PT1M", trigger.get("timeGrain").asText());
            assertEquals("Average", trigger.get("statistic").asText());
            assertEquals("Average", trigger.get("timeAggregation").asText());
            assertEquals(16.0, trigger.get("threshold").asDouble());
            assertTrue(trigger.get("dividePerInstance").asBoolean());
            assertEquals("ChangeCount", rule.at("/scaleAction/type").asText());
            assertEquals("1", rule.at("/scaleAction/value").asText());
        }
        assertEquals("GreaterThan", out.at("/metricTrigger/operator").asText());
        assertEquals("Increase", out.at("/scaleAction/direction").asText());
        assertEquals("PT5M", out.at("/metricTrigger/timeWindow").asText());
        assertEquals("LessThan", in.at("/metricTrigger/operator").asText());
        assertEquals("Decrease", in.at("/scaleAction/direction").asText());
        assertEquals("PT10M", in.at("/metricTrigger/timeWindow").asText(), "ScaleInAfterSeconds");
        assertEquals("PT10M", in.at("/scaleAction/cooldown").asText());

        // The role comes after the scale set (its principal), the setting after the role.
        List<String> order = fake.requests().stream().filter(r -> r.method().equals("PUT"))
                .map(Recorded::path).toList();
        int scaleSetAt = indexOf(order, SCALE_SET_PATH);
        assertTrue(scaleSetAt < indexOf(order, ROLE_PATH) && indexOf(order, ROLE_PATH) < indexOf(order, SETTING_PATH),
                order::toString);
        assertEquals("10", azure.groupTags.get(AzureTags.MAX_NODE_COUNT).asText());
    }

    @Test
    void use_rebuildsAutoScale_fromTheGroupsTags() {
        provider.create(ID, config(new AutoScale(7, 3, 900)));

        assertEquals(new AutoScale(7, 3, 900), provider.get(ID).config().autoScale());
        assertEquals(7, provider.get(ID).config().maxNodeCount());
    }

    @Test
    void update_putsTheChangedSetting_andRemovingAutoScaleDeletesSettingAndRole() {
        provider.create(ID, config(new AutoScale(10, 16, 600)));
        provider.update(ID, config(new AutoScale(20, 4, 300)));

        List<Recorded> settings = fake.requests("PUT", SETTING_PATH);
        assertEquals(2, settings.size(), fake::describeRequests);
        assertEquals("20", settings.get(1).json().at("/properties/profiles/0/capacity/maximum").asText());
        assertEquals(4.0, settings.get(1).json().at("/properties/profiles/0/rules/0/metricTrigger/threshold").asDouble());
        assertEquals(2, fake.requests("PUT", ROLE_PATH).size(), "the same assignment, PUT again under its one name");
        assertTrue(fake.requests("DELETE", SETTING_PATH).isEmpty());

        provider.update(ID, config(null));

        assertEquals("2022-10-01", azure.only("DELETE", SETTING_PATH).query("api-version"));
        assertEquals("2022-04-01", azure.only("DELETE", ROLE_PATH).query("api-version"));
        assertFalse(azure.groupTags.has(AzureTags.MAX_NODE_COUNT), azure.groupTags::toString);
        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
    }

    @Test
    void updateOfASessionWithoutAutoScale_makesNoAutoscaleCall() {
        provider.create(ID, config(null));
        provider.update(ID, config(null));

        assertTrue(fake.requests("GET", PERMISSIONS_PATH).isEmpty());
        assertTrue(fake.requests().stream().noneMatch(r -> r.path().matches("(?i).*(roleAssignments|autoscalesettings).*")),
                fake::describeRequests);
        assertFalse(azure.lastScaleSetPut().has("identity"), "without AutoScale the scale set is as before");
    }

    @Test
    void delete_removesTheRoleAssignment_thenTheGroup() {
        provider.create(ID, config(new AutoScale(10, 16, 600)));
        provider.delete(ID);

        Recorded role = azure.only("DELETE", ROLE_PATH);
        Recorded group = azure.only("DELETE", GROUP_PATH);
        assertTrue(role.received().compareTo(group.received()) <= 0);
    }

    @Test
    void create_whenTheCallerMayNotAssignRoles_failsInOneLineNamingRoleAndScope_andDeletesTheGroup() {
        autoscale.permissions(List.of("*"), List.of("Microsoft.Authorization/*/Write"));

        BadInputException e = assertThrows(BadInputException.class,
                () -> provider.create(ID, config(new AutoScale(10, 16, 600))));

        // Word for word as docs/errors.md has it.
        assertEquals("AutoScale needs a role assignment (Microsoft.Authorization/roleAssignments/write) at scope "
                + "/subscriptions/9fda6ae5-1210-43b9-a2da-703f0cdc253e/resourceGroups/"
                + "clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-rg/providers/Microsoft.Compute/virtualMachineScaleSets/"
                + "clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-nodes, which you may not make: ask for Owner, User Access "
                + "Administrator or Role Based Access Control Administrator on the resource group or subscription, or "
                + "leave out AutoScale", e.getMessage());
        assertTrue(fake.requests("PUT", SCALE_SET_PATH).isEmpty(), "refused before the nodes");
        assertEquals(1, fake.requests("DELETE", GROUP_PATH).size(), "the group create made is deleted");
    }

    @Test
    void create_withAScaleInWindowAzureRefuses_failsBeforeAnyCall() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> provider.create(ID, config(new AutoScale(10, 16, 120))));

        assertTrue(e.getMessage().startsWith("AutoScale.ScaleInAfterSeconds (120) must be whole minutes from 300"),
                e.getMessage());
        assertEquals(List.of(), fake.requests());
    }

    private static int indexOf(List<String> paths, String regex) {
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i).matches(regex)) {
                return i;
            }
        }
        throw new AssertionError(regex + " not in " + paths);
    }
}
