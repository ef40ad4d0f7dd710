package com.sessionjar.cluster.azure;

import static com.sessionjar.cluster.azure.AzureSessionFake.ACCOUNT_PATH;
import static com.sessionjar.cluster.azure.AzureSessionFake.GROUP_PATH;
import static com.sessionjar.cluster.azure.AzureSessionFake.ID;
import static com.sessionjar.cluster.azure.AzureSessionFake.NAMES;
import static com.sessionjar.cluster.azure.AzureSessionFake.NETWORK_PATH;
import static com.sessionjar.cluster.azure.AzureSessionFake.SCALE_SET_PATH;
import static com.sessionjar.cluster.azure.AzureSessionFake.SUBSCRIPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.exception.ClientAuthenticationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sessionjar.AzureRefusedException;
import com.sessionjar.CapturedStderr;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.Cluster;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterNotFoundException;
import com.sessionjar.cluster.EnvironmentVariable;
import com.sessionjar.cluster.FileShareMount;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The Azure provider's HTTP traffic, with the real SDK clients, against {@link FakeAzure} answering
 * as Resource Manager and the storage services document (bodies from Azure's published examples):
 * which requests create, use, update and delete make, with which api-version and bodies, and what
 * comes of 404, 409 and 429. Verified offline: not a live subscription.
 */
class AzureClusterProviderContractTest {
    private static final String SECURE_VALUE = "s3cret token \"with\" $quotes";

    @TempDir
    Path folder;

    private FakeAzure fake;
    private AzureSessionFake azure;
    private AzureClusterProvider provider;
    private Path jar;

    @BeforeEach
    void start() throws IOException {
        azure = AzureSessionFake.startPollingFast();
        fake = azure.fake;
        jar = Files.write(folder.resolve("session.jar"), "the jar the nodes run".repeat(1000).getBytes(StandardCharsets.UTF_8));
        provider = provider(fake.credential()::getToken);
    }

    private AzureClusterProvider provider(com.azure.core.credential.TokenCredential credential) {
        return azure.provider(credential, jar);
    }

    @AfterEach
    void stop() {
        azure.close();
    }

    private static ClusterConfig config(int nodes, String mode) {
        return new ClusterConfig(SUBSCRIPTION, "westeurope", "echo",
                List.of(new EnvironmentVariable("MODE", mode, null), new EnvironmentVariable("TOKEN", null, SECURE_VALUE)),
                List.of(new FileShareMount("myfiles", "/myfiles", AzureSessionFake.USER_SHARE, AzureSessionFake.USER_ACCOUNT,
                        AzureSessionFake.USER_KEY)), nodes, null, null, null);
    }

    @Test
    void create_putsEachResource_withItsApiVersion_andStartsNodesThroughTheProtectedExtension() throws IOException {
        Cluster cluster = provider.create(ID, config(2, "fast"));

        assertEquals(ID, cluster.id());
        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
        Recorded group = only("PUT", GROUP_PATH);
        assertEquals("westeurope", group.json().get("location").asText());
        assertEquals(ID.toString(), group.json().at("/tags/sessionjar-id").asText());
        assertEquals("2", group.json().at("/tags/sessionjar-node-count").asText());
        Recorded account = only("PUT", ACCOUNT_PATH);
        assertEquals("Standard_LRS", account.json().at("/sku/name").asText());
        assertEquals("StorageV2", account.json().get("kind").asText());
        assertEquals("TLS1_2", account.json().at("/properties/minimumTlsVersion").asText());
        Recorded network = only("PUT", NETWORK_PATH);
        assertTrue(network.json().at("/properties/subnets/0/properties/defaultOutboundAccess").asBoolean());
        Recorded scaleSet = only("PUT", SCALE_SET_PATH);
        assertEquals(2, scaleSet.json().at("/sku/capacity").asInt());
        assertEquals("Standard_B2ats_v2", scaleSet.json().at("/sku/name").asText());
        assertEquals("Manual", scaleSet.json().at("/properties/upgradePolicy/mode").asText());
        for (Recorded arm : List.of(group, account, network, scaleSet)) {
            assertNotNull(arm.query("api-version"), arm::toString);
            assertEquals("Bearer " + FakeAzure.FAKE_TOKEN, arm.header("Authorization"));
        }
        // The long-running creates were polled to the end before create returned.
        assertFalse(fake.requests("GET", "/fake-operations/.*").isEmpty(), fake::describeRequests);

        String script = script(scaleSet.json());
        assertTrue(script.contains("vers=3.1.1"), script);
        assertTrue(script.contains("//" + AzureSessionFake.USER_ACCOUNT + ".file.core.windows.net/"
                + AzureSessionFake.USER_SHARE + " /myfiles cifs"), script);
        assertTrue(decodedBlobs(script).stream().anyMatch(text -> text.contains(AzureSessionFake.ACCOUNT_KEY)),
                "the worker's connection string reaches the node, in protectedSettings");
        assertTrue(decodedBlobs(script).stream().anyMatch(text -> text.contains("TOKEN=\"s3cret token ")),
                "the SecureValue reaches the node's environment, in protectedSettings");

        assertEquals(List.of("requests", "responses"), fake.requests("PUT", "/(requests|responses)").stream()
                .map(r -> r.path().substring(1)).toList());
        assertTrue(Arrays.equals(Files.readAllBytes(jar), azure.sessionFiles.file(NAMES.runtimeShare(), RuntimeShare.JAR)),
                "the jar on the runtime share is this one");
        assertSecretsOnlyInProtectedSettings();
        System.out.println("AzureClusterProviderContractTest create: " + summary(fake.requests()));
    }

    @Test
    void create_again_withTheSameIdAndConfig_changesNothing() {
        ClusterConfig config = config(2, "fast");
        provider.create(ID, config);
        int uploads = fake.requests("PUT", "/" + NAMES.runtimeShare() + "/" + RuntimeShare.JAR).size();
        String scaleSetBefore = azure.scaleSet;

        provider.create(ID, config);

        assertEquals(uploads, fake.requests("PUT", "/" + NAMES.runtimeShare() + "/" + RuntimeShare.JAR).size(),
                "the jar is not uploaded again");
        assertEquals(1, fake.requests("POST", "(?i)" + AzureSessionFake.SUBSCRIPTION_PATH + "/providers/Microsoft.Storage/checkNameAvailability")
                .size(), "the name of its own account is not checked again");
        assertEquals(scaleSetBefore, azure.scaleSet, "the scale set's model is the same");
        assertEquals(List.of(), fake.requests("POST", SCALE_SET_PATH + "/manualupgrade"), "no node is touched");
        assertEquals(List.of(), fake.requests("DELETE", GROUP_PATH));
        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
    }

    @Test
    void update_changesTheModel_andBringsRunningNodesToIt_thenRecordsTheTags() {
        provider.create(ID, config(2, "fast"));
        String tagBefore = extensionTag(only("PUT", SCALE_SET_PATH).json());
        int puts = fake.requests("PUT", GROUP_PATH).size();

        Cluster cluster = provider.update(ID, config(3, "slow"));

        assertEquals(3, cluster.config().nodeCount());
        List<Recorded> scaleSetPuts = fake.requests("PUT", SCALE_SET_PATH);
        JsonNode updated = scaleSetPuts.get(scaleSetPuts.size() - 1).json();
        assertEquals(3, updated.at("/sku/capacity").asInt());
        assertFalse(tagBefore.equals(extensionTag(updated)), "a changed environment changes the script's fingerprint");
        assertTrue(script(updated).contains("sessionjar-worker"), "the new script travels in protectedSettings");
        Recorded upgrade = only("POST", SCALE_SET_PATH + "/manualupgrade");
        assertEquals(3, upgrade.json().get("instanceIds").size(), upgrade.body());
        List<Recorded> all = fake.requests();
        assertTrue(all.indexOf(upgrade) < all.lastIndexOf(fake.requests("PUT", GROUP_PATH).get(puts)),
                "the tags are written after the nodes were changed");
        assertEquals("3", azure.groupTags.get("sessionjar-node-count").asText());
        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
    }

    @Test
    void update_makesAQueueThatIsGone_again_andSaysSo() {
        provider.create(ID, config(2, "fast"));
        azure.queues.remove("requests"); // deleted, or lost with the storage account's data
        int puts = fake.requests("PUT", "/(requests|responses)").size();

        String log = CapturedStderr.of(() -> provider.update(ID, config(2, "fast")));

        assertEquals(List.of("requests", "responses"), fake.requests("PUT", "/(requests|responses)").stream().skip(puts)
                .map(r -> r.path().substring(1)).toList(), "both are made if missing, as create makes them");
        assertTrue(azure.queues.contains("requests"));
        assertTrue(log.contains("Session " + ID + ": its queue requests was gone; made it again"), log);
        assertFalse(log.contains("its queue responses was gone"), log);
        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
    }

    @Test
    void get_findsTheSessionFromItsIdAlone() {
        provider.create(ID, config(2, "fast"));
        int before = fake.requests().size();

        Cluster cluster = provider.get(ID);

        assertEquals(2, cluster.config().nodeCount());
        assertEquals("echo", cluster.config().service());
        assertEquals("requests", cluster.requestQueue());
        List<String> calls = fake.requests().subList(before, fake.requests().size()).stream().map(Recorded::toString).toList();
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("GET /subscriptions/" + SUBSCRIPTION + "/resourcegroups/")), calls::toString);
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("POST ") && c.contains("/listKeys")), calls::toString);
        assertTrue(cluster.queueAccount().connectionString().contains("QueueEndpoint=https://" + NAMES.storageAccount()
                + ".queue.core.windows.net/"));
    }

    @Test
    void delete_deletesTheResourceGroup_andWaitsUntilItIsGone() {
        provider.create(ID, config(1, "fast"));
        int polls = fake.requests("GET", "/fake-operations/.*").size();

        provider.delete(ID);

        Recorded delete = only("DELETE", GROUP_PATH);
        assertNotNull(delete.query("api-version"));
        assertTrue(fake.requests("GET", "/fake-operations/.*").size() > polls, "the deletion was polled to its end");
        assertThrows(ClusterNotFoundException.class, () -> provider.get(ID));
    }

    @Test
    void unknownId_isNotFound_forUseUpdateAndDelete_beforeAnyChange() {
        ClusterNotFoundException e = assertThrows(ClusterNotFoundException.class, () -> provider.delete(ID));
        assertTrue(e.getMessage().contains(NAMES.resourceGroup() + " does not exist"), e.getMessage());
        assertThrows(ClusterNotFoundException.class, () -> provider.get(ID));
        assertThrows(ClusterNotFoundException.class, () -> provider.update(ID, config(1, "x")));
        assertEquals(List.of(), fake.requests().stream().filter(r -> !r.method().equals("GET")).toList());
    }

    @Test
    void throttled_429_isRetriedAfterItsRetryAfter() {
        // 429 with Retry-After: 1 first; then the group is made, as Azure would on the retried PUT.
        fake.on("PUT", GROUP_PATH, Responders.throttledOnce(1, request -> {
            azure.groupTags = request.json().get("tags");
            azure.groupLocation = "westeurope";
            return Reply.of(201, request.body()).withHeader("Content-Type", "application/json");
        }));

        provider.create(ID, config(1, "fast"));

        List<Recorded> puts = fake.requests("PUT", GROUP_PATH);
        assertEquals(2, puts.size(), fake::describeRequests);
        assertTrue(Duration.between(puts.get(0).received(), puts.get(1).received()).toMillis() >= 900,
                "the retry waited for Retry-After");
    }

    @Test
    void conflict_409_onTheStorageAccount_failsInOneLine_andRemovesWhatWasMade() {
        fake.on("PUT", ACCOUNT_PATH, Responders.arm409("StorageAccountAlreadyTaken",
                "The storage account named " + NAMES.storageAccount() + " is already taken."));

        AzureRefusedException e = assertThrows(AzureRefusedException.class, () -> provider.create(ID, config(1, "fast")));

        assertTrue(e.getMessage().startsWith("Azure refused creating storage account " + NAMES.storageAccount()
                + ": HTTP 409 StorageAccountAlreadyTaken: The storage account named"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(1, fake.requests("DELETE", GROUP_PATH).size(), "the half-made session is deleted");
        assertEquals(List.of(), fake.requests("PUT", SCALE_SET_PATH));
    }

    @Test
    void preflight_missingShare_failsBeforeAnythingIsMade() {
        ClusterConfig config = config(1, "fast");
        ClusterConfig wrongShare = new ClusterConfig(SUBSCRIPTION, "westeurope", "echo", config.environmentVariables(),
                List.of(new FileShareMount("myfiles", "/myfiles", "nosuchshare", AzureSessionFake.USER_ACCOUNT,
                        AzureSessionFake.USER_KEY)), 1, null, null, null);
        fake.on("GET", "/nosuchshare", azure.userFiles::respond);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.create(ID, wrongShare));

        assertEquals("FileShares[0] (myfiles): share 'nosuchshare' of storage account '" + AzureSessionFake.USER_ACCOUNT
                + "' does not exist: create it or fix FileShareName", e.getMessage());
        assertEquals(List.of(), fake.requests().stream().filter(r -> r.method().equals("PUT")).toList());
    }

    @Test
    void preflight_refusedKey_failsBeforeAnythingIsMade() {
        azure.userFiles.rejectAuthentication();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.create(ID, config(1, "x")));

        assertTrue(e.getMessage().startsWith("FileShares[0] (myfiles): the StorageAccountKey was refused by share"),
                e.getMessage());
        assertFalse(e.getMessage().contains(AzureSessionFake.USER_KEY));
        assertEquals(List.of(), fake.requests().stream().filter(r -> r.method().equals("PUT")).toList());
    }

    @Test
    void credentialsThatDoNotWork_sayHowToLogIn_inOneLine() {
        AzureClusterProvider noLogin = provider(request -> Mono.error(
                new ClientAuthenticationException("AzureCliCredential: Azure CLI not installed", null)));

        InfrastructureException e = assertThrows(InfrastructureException.class, () -> noLogin.get(ID));

        assertEquals(AzureErrors.noCredentials(System.getenv("AZURE_TOKEN_CREDENTIALS")), e.getMessage());
        assertTrue(e.getMessage().contains("run 'az login'"), e.getMessage());
        assertEquals(List.of(), fake.requests(), "no request goes out without a token");
    }

    /** No secret in any request but the scale set's PUT, and there only inside protectedSettings. */
    private void assertSecretsOnlyInProtectedSettings() {
        List<String> secrets = List.of(AzureSessionFake.ACCOUNT_KEY, AzureSessionFake.USER_KEY, SECURE_VALUE);
        for (Recorded request : fake.requests()) {
            String text = request.toString() + request.headers() + request.body();
            if (request.method().equals("PUT") && request.path().matches(SCALE_SET_PATH)) {
                JsonNode body = request.json().deepCopy();
                for (JsonNode extension : body.at("/properties/virtualMachineProfile/extensionProfile/extensions")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) extension.get("properties")).remove("protectedSettings");
                }
                text = body.toString();
            }
            for (String secret : secrets) {
                // As written, and as JSON writes it (the SecureValue's quotes escaped).
                String inJson = secret.replace("\\", "\\\\").replace("\"", "\\\"");
                assertFalse(text.contains(secret) || text.contains(inJson), "a secret in " + request);
            }
        }
    }

    /** How many requests went where: Resource Manager (by method), its operation polls, storage. */
    private static String summary(List<Recorded> requests) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (Recorded request : requests) {
            String where = request.header(FakeAzure.ORIGINAL_HOST) != null ? "storage " + request.method()
                    : request.path().startsWith("/fake-operations/") ? "ARM polls" : "ARM " + request.method();
            counts.merge(where, 1L, Long::sum);
        }
        return requests.size() + " requests " + counts;
    }

    private Recorded only(String method, String path) {
        return azure.only(method, path);
    }

    private static String extensionTag(JsonNode scaleSet) {
        return AzureSessionFake.extensionTag(scaleSet);
    }

    private static String script(JsonNode scaleSet) {
        String encoded = scaleSet.at("/properties/virtualMachineProfile/extensionProfile/extensions/0/properties"
                + "/protectedSettings/script").asText();
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
            return new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("protectedSettings.script is not gzip + Base64", e);
        }
    }

    private static List<String> decodedBlobs(String script) {
        List<String> texts = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("'([A-Za-z0-9+/=]{8,})'").matcher(script);
        while (matcher.find()) {
            try {
                texts.add(new String(Base64.getDecoder().decode(matcher.group(1)), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notBase64) {
                // a quoted word that is not Base64
            }
        }
        return texts;
    }
}
