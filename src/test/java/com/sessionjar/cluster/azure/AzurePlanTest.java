package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.AzureEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.EnvironmentVariable;
import com.sessionjar.cluster.Plan;
import com.sessionjar.cluster.FileShareMount;
import com.sessionjar.cluster.WorkerEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzurePlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHARE_KEY = "c2hhcmUta2V5LW9mLXRoZS11c2Vy";
    private static final String SECURE_VALUE = "p@ss w0rd \"$HOME\"";
    private static final ClusterId ID = ClusterId.parse(
            "9fda6ae5-1210-43b9-a2da-703f0cdc253e:c49d8c24-3062-44b8-9a80-8e8164d4d340");
    private static final AzureAccess ACCESS = new AzureAccess(() -> {
        throw new AssertionError("a plan must not sign in");
    }, AzureEnvironment.AZURE, null, null, account -> {
        throw new AssertionError("a plan must not call storage");
    });

    @TempDir
    Path folder;

    private ClusterConfig config() {
        return new ClusterConfig(ID.scope(), "westeurope", "grpc",
                List.of(new EnvironmentVariable("GRPC_ServerURL", "http://localhost:8080", null),
                        new EnvironmentVariable("API_TOKEN", null, SECURE_VALUE)),
                List.of(new FileShareMount("myfiles", "/myfiles", "share1", "acct1", SHARE_KEY)), 4, null, null, null);
    }

    private Plan plan() throws IOException {
        Path jar = Files.write(folder.resolve("session.jar"), new byte[1234]);
        return AzurePlan.of(ID, config(), jar, ACCESS);
    }

    private static List<Plan.Request> requests(Plan plan) {
        return plan.steps().stream().filter(Plan.Request.class::isInstance).map(Plan.Request.class::cast).toList();
    }

    private static JsonNode body(Plan.Request request) throws IOException {
        return JSON.readTree(request.body());
    }

    @Test
    void createPlan_listsEveryRequestBody_withTheSessionsNames() throws IOException {
        Plan plan = plan();
        AzureNames names = AzureNames.of(ID);
        List<String> paths = requests(plan).stream().map(Plan.Request::path).toList();
        assertTrue(paths.contains("/subscriptions/" + ID.scope() + "/resourceGroups/" + names.resourceGroup()), paths::toString);
        assertTrue(paths.stream().anyMatch(p -> p.endsWith("/storageAccounts/" + names.storageAccount())), paths::toString);
        assertTrue(paths.stream().anyMatch(p -> p.endsWith("/virtualMachineScaleSets/" + names.scaleSet())), paths::toString);
        JsonNode scaleSet = body((Plan.Request) plan.steps().get(plan.steps().size() - 1));
        assertEquals(4, scaleSet.at("/sku/capacity").asInt());
        assertEquals("Manual", scaleSet.at("/properties/upgradePolicy/mode").asText());
        assertEquals("westeurope", plan.facts().get("location"));
        assertEquals(1234L, ((Plan.Operation) plan.steps().get(3)).details().get("bytes"), plan::toString);
        assertTrue(plan.bootstrapScript().contains("mount"), "the bootstrap script is shown");
        assertEquals(ID.toString(), body((Plan.Request) plan.steps().get(0)).at("/tags/sessionjar-id").asText());
    }

    @Test
    void plan_holdsNoSecret_plainOrInBase64() throws IOException {
        Plan plan = plan();
        assertNoSecret(plan);
        assertNoSecret(AzurePlan.ofUpdate(ID, config(), folder.resolve("session.jar"), ACCESS));
    }

    private static void assertNoSecret(Plan plan) throws IOException {
        String text = plan.toString();
        // Every value as it reads once parsed (JSON escapes the secret's quotes), and every Base64 blob in them decoded.
        List<String> texts = new ArrayList<>(List.of(text));
        for (Plan.Request request : requests(plan)) {
            if (request.body() != null) {
                collectText(body(request), texts);
            }
        }
        for (String value : List.copyOf(texts)) {
            Matcher blobs = Pattern.compile("[A-Za-z0-9+/]{16,}={0,2}").matcher(value);
            while (blobs.find()) {
                try {
                    texts.add(new String(Base64.getDecoder().decode(blobs.group())));
                } catch (IllegalArgumentException notBase64) {
                    // a word that only looks like Base64
                }
            }
        }
        for (String secret : List.of(SHARE_KEY, SECURE_VALUE)) {
            assertFalse(texts.stream().anyMatch(t -> t.contains(secret)), "secret in the plan: " + secret);
        }
        assertTrue(text.contains(WorkerEnvironment.REDACTED), "secrets are shown as redacted");
    }

    private static void collectText(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> collectText(child, texts));
    }

    @Test
    void updatePlan_readsChangesAndUpgrades_insteadOfACreateBody() throws IOException {
        Path jar = Files.write(folder.resolve("session.jar"), new byte[1234]);
        Plan plan = AzurePlan.ofUpdate(ID, config(), jar, ACCESS);

        assertEquals("update", plan.action());
        assertEquals(RuntimeShare.sha256(jar), plan.facts().get("sessionJarSha256"));
        List<String> steps = requests(plan).stream().map(r -> r.method() + " " + r.path().replaceAll(".*/", "")).toList();
        AzureNames names = AzureNames.of(ID);
        assertEquals(List.of("GET " + names.resourceGroup(), "PUT " + names.storageAccount(), "PUT " + names.virtualNetwork(),
                "GET " + names.scaleSet(), "POST deallocate", "PUT " + names.scaleSet(), "GET virtualMachines",
                "POST manualupgrade", "POST start", "GET instanceView", "DELETE " + names.autoscaleSetting(),
                "DELETE " + QueueAutoscale.roleAssignmentName(names), "PUT " + names.resourceGroup()), steps);
        // Offline, the plan cannot know whether the session has AutoScale now: its deletes say when they happen.
        assertTrue(requests(plan).get(10).note().startsWith("only if the session has AutoScale now"));
        Plan.Request put = requests(plan).get(5);
        assertTrue(put.note().startsWith("the model as read by the GET, with these changes"), put.note());
        JsonNode changes = body(put);
        assertEquals(4, changes.at("/sku/capacity").asInt());
        assertTrue(changes.at("/properties/virtualMachineProfile/osProfile").isMissingNode(), "no admin key: it stays");
        assertTrue(changes.at("/location").isMissingNode(), "the location stays as Azure has it");
        JsonNode extension = changes.at("/properties/virtualMachineProfile/extensionProfile/extensions/0/properties");
        assertTrue(extension.get("forceUpdateTag").asText().contains("session.jar's SHA-256"), extension.toString());
        assertEquals("<bootstrapScript below, gzip + Base64>", extension.at("/protectedSettings/script").asText());
        assertTrue(requests(plan).get(4).note().contains("of another family than " + plan.facts().get("vmSize")));
        Matcher blobs = Pattern.compile("'([A-Za-z0-9+/]{16,}={0,2})'").matcher(plan.bootstrapScript());
        List<String> files = new ArrayList<>();
        while (blobs.find()) {
            files.add(new String(Base64.getDecoder().decode(blobs.group(1))));
        }
        assertTrue(files.stream().anyMatch(file -> file.contains("ExecStartPre=") && file.contains(RuntimeShare.sha256(jar))),
                "the unit the script writes holds the jar's hash");
        assertEquals("{\"instanceIds\":[\"<each node not on the latest model>\"]}", requests(plan).get(7).body());
        assertTrue(body(requests(plan).get(12)).at("/tags/sessionjar-vm-size").isTextual(), "the tags, last");
    }

    @Test
    void deletePlan_namesTheResourceGroup() {
        Plan plan = AzurePlan.ofDelete(ID);
        assertEquals("delete", plan.action());
        Plan.Request delete = requests(plan).get(requests(plan).size() - 1);
        assertEquals("DELETE", delete.method());
        assertTrue(delete.path().endsWith("/resourceGroups/" + AzureNames.of(ID).resourceGroup()));
    }
}
