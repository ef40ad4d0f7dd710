package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --dry-run} of Azure sessions through the real jar: the plan is printed, secrets redacted,
 * and nothing is called. No Azure credentials work on this machine (tests run with
 * {@code AZURE_TOKEN_CREDENTIALS=AzureCliCredential} and no {@code az}), so any call would fail.
 */
class AzureDryRunIT {
    private static final String SUBSCRIPTION = "9fda6ae5-1210-43b9-a2da-703f0cdc253e";
    private static final String SHARE_KEY = "dXNlci1zaGFyZS1rZXktZm9yLXRlc3Rz";
    private static final String SECURE_VALUE = "top-secret-value-42";

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final Path folder = sessions.temp();
    private final SessionJar jar = sessions.jar();

    private Path config() throws Exception {
        return Files.writeString(folder.resolve("azure.json"), """
                {"SubScriptionId": "%s", "Service": "grpc", "NodeCount": 2,
                 "NodeOptions": {"CpuCount": 2, "MemInGB": 8},
                 "EnvironmentVariables": [{"Name": "GRPC_ServerURL", "Value": "http://localhost:8080"},
                                          {"Name": "API_TOKEN", "SecureValue": "%s"}],
                 "FileShares": [{"Name": "myfiles", "MountPath": "/myfiles", "FileShareName": "share1",
                                 "StorageAccountName": "userfiles1", "StorageAccountKey": "%s"}]}
                """.formatted(SUBSCRIPTION, SECURE_VALUE, SHARE_KEY));
    }

    @Test
    void createUpdateDelete_dryRun_printThePlan_withoutSecrets_callingNothing() throws Exception {
        SessionJar.Result create = jar.run(Duration.ofSeconds(60), "--create", "--config", config().toString(), "--dry-run");

        assertEquals(0, create.exitCode(), create::toString);
        JsonNode plan = new ObjectMapper().readTree(create.stdout());
        assertEquals("azure", plan.get("provider").asText());
        assertTrue(plan.get("id").asText().startsWith(SUBSCRIPTION + ":"), create::toString);
        assertEquals("Standard_B2as_v2", plan.get("vmSize").asText());
        assertEquals(2, plan.get("nodeCount").asInt());
        assertEquals("<redacted>", plan.at("/workerEnvironment/API_TOKEN").asText());
        assertEquals("http://localhost:8080", plan.at("/workerEnvironment/GRPC_ServerURL").asText());
        assertTrue(plan.get("bootstrapScript").asText().contains("systemctl"), create::toString);
        assertTrue(Files.size(Path.of(plan.at("/requests/3/upload").asText())) > 1_000_000, "the jar to upload");

        String id = SUBSCRIPTION + ":c49d8c24-3062-44b8-9a80-8e8164d4d340";
        SessionJar.Result update = jar.run(Duration.ofSeconds(60), "--update", id, "--config", config().toString(),
                "--dry-run");
        assertEquals(0, update.exitCode(), update::toString);
        JsonNode updatePlan = new ObjectMapper().readTree(update.stdout());
        assertEquals(id, updatePlan.get("id").asText());
        assertEquals("update", updatePlan.get("action").asText());
        List<String> steps = new ArrayList<>();
        updatePlan.get("requests").forEach(step -> {
            if (step.has("method")) {
                steps.add(step.get("method").asText() + " " + step.get("path").asText().replaceAll(".*/", ""));
            }
        });
        assertEquals(List.of("GET clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-rg", "PUT clwc49d8c24306244b89a808",
                "PUT clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-vnet", "GET clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-nodes",
                "POST deallocate", "PUT clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-nodes", "GET virtualMachines",
                "POST manualupgrade", "POST start", "GET instanceView",
                "DELETE clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-autoscale", "DELETE 0496c02b-0174-3f6b-bf21-f6d717ccf4c5",
                "PUT clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-rg"), steps, update::toString);
        assertFalse(update.stdout().contains("RSA public key") || update.stdout().contains("osProfile"),
                "an update keeps the scale set's admin key: no create body");
        SessionJar.Result delete = jar.run(Duration.ofSeconds(60), "--delete", id, "--dry-run");
        assertEquals(0, delete.exitCode(), delete::toString);
        JsonNode deletePlan = new ObjectMapper().readTree(delete.stdout());
        assertEquals("DELETE", deletePlan.at("/requests/1/method").asText());
        assertTrue(deletePlan.at("/requests/1/path").asText().endsWith("-rg"), delete::toString);

        for (SessionJar.Result result : List.of(create, update, delete)) {
            for (String secret : List.of(SHARE_KEY, SECURE_VALUE)) {
                assertFalse(result.stdout().contains(secret) || result.stderr().contains(secret), result::toString);
            }
        }
        assertFalse(Files.exists(jar.home()), "a dry run records nothing");
    }

    @Test
    void createWithAutoScale_dryRun_showsTheIdentity_theRoleAssignment_andTheAutoscaleSetting() throws Exception {
        Path config = Files.writeString(folder.resolve("autoscale.json"), """
                {"SubScriptionId": "%s", "NodeCount": 2, "AutoScale": {"MaxNodeCount": 8, "RequestsPerNode": 4}}
                """.formatted(SUBSCRIPTION));

        SessionJar.Result create = jar.run(Duration.ofSeconds(60), "--create", "--config", config.toString(), "--dry-run");

        assertEquals(0, create.exitCode(), create::toString);
        JsonNode plan = new ObjectMapper().readTree(create.stdout());
        List<String> calls = new ArrayList<>();
        plan.get("requests").forEach(step -> {
            if (step.has("method")) {
                calls.add(step.get("method").asText() + " " + step.get("path").asText().replaceAll(".*/providers/", ""));
            }
        });
        assertTrue(calls.contains("GET Microsoft.Authorization/permissions"), calls::toString);
        assertTrue(calls.stream().anyMatch(call -> call.startsWith("PUT Microsoft.Authorization/roleAssignments/")),
                calls::toString);
        assertTrue(calls.stream().anyMatch(call -> call.startsWith("PUT Microsoft.Insights/autoscaleSettings/")),
                calls::toString);
        assertTrue(create.stdout().contains("SystemAssigned"), "the scale set's identity");
        assertTrue(create.stdout().contains("RequestQueueLength"), "the rules' metric");
        assertTrue(plan.at("/workerEnvironment/Worker__QueueLengthMetric__ResourceId").asText()
                .endsWith("/virtualMachineScaleSets/" + plan.get("id").asText().replaceAll(".*:", "clw-") + "-nodes"),
                create::toString);
    }
}
