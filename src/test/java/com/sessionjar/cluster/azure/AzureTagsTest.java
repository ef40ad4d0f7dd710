package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.EnvironmentVariable;
import com.sessionjar.cluster.FileShareMount;
import com.sessionjar.cluster.NodeOptions;
import com.sessionjar.cluster.QueueOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AzureTagsTest {
    private static final String SUBSCRIPTION = "9fda6ae5-1210-43b9-a2da-703f0cdc253e";
    private static final ClusterId ID = ClusterId.parse(SUBSCRIPTION + ":c49d8c24-3062-44b8-9a80-8e8164d4d340");
    private static final String GROUP = "clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-rg";
    private static final String SECURE = "very-secret-token-0123456789";
    private static final String SHARE_KEY = "c2hhcmUta2V5LXRoYXQtbXVzdC1ub3QtbGVhaw==";
    private static final String PLAIN = "/myfiles/GRpcHello/GRpcHello";

    private static ClusterConfig config() {
        return new ClusterConfig(SUBSCRIPTION, "westeurope", "grpc",
                List.of(new EnvironmentVariable("GRPC_ServerFileName", PLAIN, null),
                        new EnvironmentVariable("API_TOKEN", null, SECURE),
                        new EnvironmentVariable("Worker__Concurrency", "4", null)),
                List.of(new FileShareMount("myfiles", "/myfiles", "data", "userstorage1", SHARE_KEY)),
                3, new NodeOptions(2, 8, null, null), new QueueOptions("jobs", "results", 120, 7), null);
    }

    @Test
    void of_config_givesEveryTagWithItsValue() {
        Map<String, String> tags = AzureTags.of(ID, config(), "Standard_B2ms", "0.1.0");

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("sessionjar-id", ID.toString());
        expected.put("sessionjar-service", "grpc");
        expected.put("sessionjar-node-count", "3");
        expected.put("sessionjar-request-queue", "jobs");
        expected.put("sessionjar-response-queue", "results");
        expected.put("sessionjar-message-lease", "120");
        expected.put("sessionjar-max-dequeue-count", "7");
        expected.put("sessionjar-worker-concurrency", "4");
        expected.put("sessionjar-vm-size", "Standard_B2ms");
        expected.put("sessionjar-version", "0.1.0");
        assertEquals(expected, tags);
    }

    @Test
    void of_configWithoutWorkerConcurrency_hasNoConcurrencyTag() {
        Map<String, String> tags = AzureTags.of(ID, ClusterConfig.defaults(), "Standard_B1s", "0.1.0");

        assertFalse(tags.containsKey("sessionjar-worker-concurrency"), tags.toString());
        assertEquals("echo", tags.get("sessionjar-service"));
        assertEquals("1", tags.get("sessionjar-node-count"));
    }

    @Test
    void of_configWithSecureValueAndShareKey_holdsNoSecretAndNoOtherUserValue() {
        Map<String, String> tags = AzureTags.of(ID, config(), "Standard_B2ms", "0.1.0");

        for (String value : tags.values()) {
            for (String hidden : List.of(SECURE, SHARE_KEY, PLAIN, "userstorage1", "API_TOKEN")) {
                assertFalse(value.contains(hidden), value);
            }
        }
        assertEquals(Set.of("sessionjar-id", "sessionjar-service", "sessionjar-node-count", "sessionjar-request-queue",
                "sessionjar-response-queue", "sessionjar-message-lease", "sessionjar-max-dequeue-count",
                "sessionjar-worker-concurrency", "sessionjar-vm-size", "sessionjar-version"), tags.keySet());
    }

    @Test
    void of_secureWorkerConcurrency_staysOutOfTheTags() {
        ClusterConfig config = ClusterConfig.defaults().withEnvironmentVariables(
                List.of(new EnvironmentVariable("Worker__Concurrency", null, "8")));

        assertFalse(AzureTags.of(ID, config, "Standard_B1s", "0.1.0").containsKey("sessionjar-worker-concurrency"));
    }

    @Test
    void configOf_tags_rebuildsServiceNodeCountQueuesConcurrencyAndVmSize() {
        Map<String, String> tags = AzureTags.of(ID, config(), "Standard_B2ms", "0.1.0");

        ClusterConfig rebuilt = AzureTags.configOf(tags, SUBSCRIPTION, "westeurope");

        assertEquals(SUBSCRIPTION, rebuilt.subscriptionId());
        assertEquals("westeurope", rebuilt.location());
        assertEquals("grpc", rebuilt.service());
        assertEquals(3, rebuilt.nodeCount());
        assertEquals(config().queueOptions(), rebuilt.queueOptions());
        assertEquals(List.of(new EnvironmentVariable("Worker__Concurrency", "4", null)), rebuilt.environmentVariables());
        assertEquals(List.of(), rebuilt.fileShares());
        assertEquals("Standard_B2ms", rebuilt.nodeOptions().vmSize());
        assertEquals("Standard_B2ms", VmSizes.choose(rebuilt));
        assertEquals(tags, AzureTags.of(ID, rebuilt, "Standard_B2ms", "0.1.0"), "round trip");
    }

    @Test
    void configOf_tagNamesInAnotherCase_areFound() {
        Map<String, String> tags = new LinkedHashMap<>();
        AzureTags.of(ID, config(), "Standard_B2ms", "0.1.0").forEach((k, v) -> tags.put(k.toUpperCase(), v));

        assertEquals(3, AzureTags.configOf(tags, SUBSCRIPTION, "westeurope").nodeCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sessionjar-service", "sessionjar-node-count", "sessionjar-request-queue",
            "sessionjar-response-queue", "sessionjar-message-lease", "sessionjar-max-dequeue-count", "sessionjar-vm-size"})
    void configOf_missingTag_isRefusedNamingGroupAndTag(String missing) {
        Map<String, String> tags = new LinkedHashMap<>(AzureTags.of(ID, config(), "Standard_B2ms", "0.1.0"));
        tags.remove(missing);

        InfrastructureException error = assertThrows(InfrastructureException.class,
                () -> AzureTags.configOf(tags, SUBSCRIPTION, "westeurope"));

        assertEquals("resource group " + GROUP + " lacks tag " + missing + ": was it made by session.jar?",
                error.getMessage());
    }

    @Test
    void configOf_noTagsAtAll_saysTheGroupHasNoIdTag() {
        InfrastructureException error = assertThrows(InfrastructureException.class,
                () -> AzureTags.configOf(Map.of(), SUBSCRIPTION, "westeurope"));

        assertTrue(error.getMessage().contains("sessionjar-id"), error.getMessage());
        assertTrue(error.getMessage().contains("was it made by session.jar?"), error.getMessage());
    }

    @Test
    void configOf_countThatIsNotANumber_isRefusedNamingTagAndValue() {
        Map<String, String> tags = new LinkedHashMap<>(AzureTags.of(ID, config(), "Standard_B2ms", "0.1.0"));
        tags.put("sessionjar-node-count", "three");

        InfrastructureException error = assertThrows(InfrastructureException.class,
                () -> AzureTags.configOf(tags, SUBSCRIPTION, "westeurope"));

        assertTrue(error.getMessage().contains("sessionjar-node-count 'three'"), error.getMessage());
        assertTrue(error.getMessage().contains(GROUP), error.getMessage());
    }

    @Test
    void idOf_findsTheSessionId_inAnyCase_andNothingInOtherGroups() {
        assertEquals(Optional.of(ID), AzureTags.idOf(AzureTags.of(ID, config(), "Standard_B2ms", "0.1.0")));
        assertEquals(Optional.of(ID), AzureTags.idOf(Map.of("SessionJar-Id", ID.toString())));
        assertEquals(Optional.empty(), AzureTags.idOf(Map.of("team", "data")));
        assertEquals(Optional.empty(), AzureTags.idOf(Map.of("sessionjar-id", "not an id")));
        assertEquals(Optional.empty(), AzureTags.idOf(null), "a group with no tags at all");
    }
}
