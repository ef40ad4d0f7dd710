package com.sessionjar.cluster.azure;

import static com.sessionjar.cluster.azure.ArmExamples.example;
import static com.sessionjar.cluster.azure.Responders.arm404;
import static com.sessionjar.cluster.azure.Responders.arm409;
import static com.sessionjar.cluster.azure.Responders.json;
import static com.sessionjar.cluster.azure.Responders.throttledOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluentcore.utils.ResourceDelayProvider;
import com.azure.resourcemanager.resources.fluentcore.utils.ResourceManagerUtils;
import com.azure.resourcemanager.resources.models.ResourceGroup;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.models.StorageAccount;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The harness, proven with the real resource manager SDK over TLS. */
class FakeAzureTest {
    private static final String TENANT = "11111111-2222-3333-4444-555555555555";
    private static final String SUB = "00000000-1111-2222-3333-444444444444";
    private static final String RG_PATH = "/subscriptions/" + SUB + "/resourcegroups/";

    private FakeAzure fake;
    private ResourceManager resources;
    private StorageManager storage;

    @BeforeEach
    void start() {
        fake = FakeAzure.start();
        resources = ResourceManager.configure()
                .withHttpClient(fake.httpClient())
                .authenticate(fake.credential(), fake.profile(TENANT, SUB))
                .withSubscription(SUB);
        storage = StorageManager.configure()
                .withHttpClient(fake.httpClient())
                .authenticate(fake.credential(), fake.profile(TENANT, SUB));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** CreateResourceGroup.json's body, with our id and name (and tags, which the example lacks). */
    private static String resourceGroup(String name, int status) {
        return example("CreateResourceGroup.json", status, body -> {
            body.put("id", "/subscriptions/" + SUB + "/resourceGroups/" + name);
            body.put("name", name);
            body.putObject("tags").put("session", "s-1");
        });
    }

    @Test
    void createResourceGroup_sendsPutWithLocationAndTags() {
        fake.on("PUT", RG_PATH + "rg-1", json(201, resourceGroup("rg-1", 201)));

        ResourceGroup group = resources.resourceGroups().define("rg-1")
                .withRegion(Region.US_EAST).withTags(Map.of("session", "s-1")).create();

        assertEquals("rg-1", group.name());
        assertEquals("s-1", group.tags().get("session"));
        List<Recorded> puts = fake.requests("PUT", RG_PATH + "rg-1");
        assertEquals(1, puts.size(), fake.describeRequests());
        Recorded put = puts.get(0);
        assertNotNull(put.query("api-version"), put.toString());
        assertTrue(put.query("api-version").matches("\\d{4}-\\d{2}-\\d{2}"), put.query("api-version"));
        JsonNode body = put.json();
        assertEquals("eastus", body.path("location").asText(), put.body());
        assertEquals("s-1", body.path("tags").path("session").asText(), put.body());
        assertEquals("Bearer " + FakeAzure.FAKE_TOKEN, put.header("Authorization"));
        assertEquals(List.of(), fake.unexpected());
        assertTrue(!fake.tokenRequests().isEmpty(), "the credential was never asked for a token");
    }

    @Test
    void throttledOnce_sdkWaitsRetryAfterThenRetries() {
        fake.on("GET", RG_PATH + "rg-1", throttledOnce(1, json(200, resourceGroup("rg-1", 200))));

        ResourceGroup group = resources.resourceGroups().getByName("rg-1");

        assertEquals("rg-1", group.name());
        List<Recorded> gets = fake.requests("GET", RG_PATH + "rg-1");
        assertEquals(2, gets.size(), fake.describeRequests());
        Duration gap = Duration.between(gets.get(0).received(), gets.get(1).received());
        assertTrue(gap.compareTo(Duration.ofSeconds(1)) >= 0, "retried after only " + gap);
    }

    @Test
    void longRunningStorageAccountCreate_isPolledToCompletion() {
        String accountPath = "/subscriptions/" + SUB + "/resourceGroups/rg-1/providers/Microsoft.Storage/storageAccounts/sjfake1";
        String account = example("StorageAccountCreate.json", 200, body -> {
            body.put("id", accountPath);
            body.put("name", "sjfake1");
        });
        fake.onLongRunning("PUT", "(?i)" + accountPath, 202, "", 2, account);

        StorageAccount created = storage.storageAccounts().define("sjfake1")
                .withRegion(Region.US_EAST).withExistingResourceGroup("rg-1").create();

        assertEquals("sjfake1", created.name());
        List<Recorded> polls = fake.requests("GET", "/fake-operations/.*/status");
        assertEquals(2 + 1, polls.size(), fake.describeRequests());
        Recorded put = fake.requests("PUT", "(?i)" + accountPath).get(0);
        Duration firstWait = Duration.between(put.received(), polls.get(0).received());
        assertTrue(firstWait.compareTo(Duration.ofSeconds(1)) >= 0, "polled " + firstWait + " after the PUT, before its Retry-After");
        // After Succeeded the SDK GETs the resource itself (the PUT's URL), not the Location.
        List<Recorded> gets = fake.requests("GET", "(?i)" + accountPath);
        assertTrue(!gets.isEmpty() && gets.get(0).received().isAfter(polls.get(2).received()), fake.describeRequests());
        assertEquals(0, fake.requests("GET", "/fake-operations/.*/result").size(), fake.describeRequests());
        assertEquals(List.of(), fake.unexpected(), fake.describeRequests());
    }

    @Test
    void longRunning_withoutRetryAfter_pollsAtTheSdkDelayProvidersInterval() {
        // Retry-After (sent by default) wins over the poll interval; without it the resource managers wait their
        // default 30 s, passed through this global hook, so tests that omit the header must shorten it and reset it.
        fake.pollRetryAfter(0);
        ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(interval -> Duration.ofMillis(10));
        try {
            fake.on("DELETE", RG_PATH + "rg-1", fake.deleteLongRunning(3));
            long start = System.nanoTime();

            resources.resourceGroups().deleteByName("rg-1");

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(3 + 1, fake.requests("GET", "/fake-operations/.*/result").size(), fake.describeRequests());
            assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "polling took " + took);
            assertEquals(null, fake.requests("DELETE", RG_PATH + "rg-1").get(0).header("Retry-After"));
        } finally {
            ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(new ResourceDelayProvider());
        }
    }

    @Test
    void unroutedRequest_gets501AndIsListedAsUnexpected() {
        ManagementException e = assertThrows(ManagementException.class, () -> resources.resourceGroups().getByName("nobody"));

        assertEquals(501, e.getResponse().getStatusCode());
        assertEquals("FakeAzureNoRoute", e.getValue().getCode());
        assertEquals(1, fake.unexpected().size());
        assertEquals("GET", fake.unexpected().get(0).method());
        assertEquals(RG_PATH + "nobody", fake.unexpected().get(0).path());
        assertTrue(e.getMessage().contains(RG_PATH + "nobody"), e.getMessage());
    }

    @Test
    void getMissingResourceGroup_isManagementException404() {
        fake.on("GET", RG_PATH + "gone", arm404("ResourceGroupNotFound", "Resource group 'gone' could not be found."));

        ManagementException e = assertThrows(ManagementException.class, () -> resources.resourceGroups().getByName("gone"));

        assertEquals(404, e.getResponse().getStatusCode());
        assertEquals("ResourceGroupNotFound", e.getValue().getCode());
    }

    @Test
    void conflict_isManagementException409() {
        fake.on("PUT", RG_PATH + "rg-1", arm409("Conflict", "Resource group 'rg-1' is being deleted."));

        ManagementException e = assertThrows(ManagementException.class,
                () -> resources.resourceGroups().define("rg-1").withRegion(Region.US_EAST).create());

        assertEquals(409, e.getResponse().getStatusCode());
        assertEquals("Conflict", e.getValue().getCode());
        assertEquals(1, fake.requests("PUT", RG_PATH + "rg-1").size(), "a 409 must not be retried");
    }

    @Test
    void deleteResourceGroup_waitsForItsLongRunningOperation() {
        fake.on("DELETE", RG_PATH + "rg-1", fake.deleteLongRunning(2));

        resources.resourceGroups().deleteByName("rg-1");

        assertEquals(1, fake.requests("DELETE", RG_PATH + "rg-1").size());
        assertEquals(2 + 1, fake.requests("GET", "/fake-operations/.*/result").size(), fake.describeRequests());
        assertEquals(List.of(), fake.unexpected(), fake.describeRequests());
    }
}
