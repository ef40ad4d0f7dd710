package com.sessionjar.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterIdTest {
    private static final String GUID = "c49d8c24-3062-44b8-9a80-8e8164d4d340";
    private static final String SUBSCRIPTION = "9fda6ae5-1210-43b9-a2da-703f0cdc253e";

    @Test
    void parse_localId_givesLocalScopeAndGuid() {
        ClusterId id = ClusterId.parse("local:" + GUID);

        assertEquals("local", id.scope());
        assertEquals(UUID.fromString(GUID), id.guid());
        assertTrue(id.isLocal());
    }

    @Test
    void parse_upperCaseLocalId_normalisesToLowerCase() {
        ClusterId id = ClusterId.parse("LOCAL:" + GUID.toUpperCase());

        assertEquals("local", id.scope());
        assertEquals(UUID.fromString(GUID), id.guid());
        assertEquals("local:" + GUID, id.toString());
    }

    @Test
    void parse_subscriptionId_givesSubscriptionScope() {
        ClusterId id = ClusterId.parse(SUBSCRIPTION.toUpperCase() + ":" + GUID);

        assertEquals(SUBSCRIPTION, id.scope());
        assertEquals(UUID.fromString(GUID), id.guid());
        assertFalse(id.isLocal());
    }

    @Test
    void parse_surroundingSpaces_areIgnored() {
        assertEquals(new ClusterId("local", UUID.fromString(GUID)), ClusterId.parse("  local:" + GUID + "\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local:" + GUID, SUBSCRIPTION + ":" + GUID})
    void toString_roundTripsThroughParse(String text) {
        ClusterId id = ClusterId.parse(text);

        assertEquals(text, id.toString());
        assertEquals(id, ClusterId.parse(id.toString()));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "local", "local:", ":" + GUID, "local:not-a-guid", "foo:" + GUID, GUID,
            "a:b:c", "local:" + GUID + ":x", "local:c49d8c24306244b89a808e8164d4d340",
            "local:{c49d8c24-3062-44b8-9a80-8e8164d4d340}"})
    void parse_malformed_namesTextAndExpectedFormat(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterId.parse(text));

        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("local:<cluster-guid>"), e.getMessage());
    }

    @Test
    void parse_null_isRefusedWithFormat() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterId.parse(null));

        assertTrue(e.getMessage().contains("local:<cluster-guid>"), e.getMessage());
    }

    @Test
    void resourceName_isPrefixedGuidAndRole() {
        assertEquals("clw-" + GUID + "-requests", ClusterId.parse("local:" + GUID).resourceName("requests"));
    }

    @Test
    void newLocal_givesDistinctLocalIds() {
        ClusterId first = ClusterId.newLocal();
        ClusterId second = ClusterId.newLocal();

        assertTrue(first.isLocal());
        assertFalse(first.equals(second));
    }

    @Test
    void json_roundTrip_isPlainString() throws Exception {
        ObjectMapper mapper = ClusterConfigReader.mapper();
        ClusterId id = ClusterId.parse(SUBSCRIPTION + ":" + GUID);

        String json = mapper.writeValueAsString(id);

        assertEquals("\"" + SUBSCRIPTION + ":" + GUID + "\"", json);
        assertEquals(id, mapper.readValue(json, ClusterId.class));
    }
}
