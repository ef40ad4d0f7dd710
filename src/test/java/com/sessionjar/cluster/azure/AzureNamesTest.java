package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.cluster.ClusterId;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AzureNamesTest {
    private static final ClusterId SAMPLE = ClusterId.parse(
            "9fda6ae5-1210-43b9-a2da-703f0cdc253e:c49d8c24-3062-44b8-9a80-8e8164d4d340");

    /** Many ids, random but repeatable, and the extremes of the hex digits. */
    static Stream<ClusterId> ids() {
        Random random = new Random(20261129);
        Stream<ClusterId> extremes = Stream.of(
                new ClusterId("local", UUID.fromString("00000000-0000-0000-0000-000000000000")),
                new ClusterId("local", UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff")), SAMPLE);
        return Stream.concat(extremes, Stream.generate(
                () -> new ClusterId(new UUID(random.nextLong(), random.nextLong()).toString(),
                        new UUID(random.nextLong(), random.nextLong()))).limit(200));
    }

    @Test
    void names_ofSampleId_areTheDocumentedOnes() {
        AzureNames names = AzureNames.of(SAMPLE);

        assertEquals("clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-rg", names.resourceGroup());
        assertEquals("clwc49d8c24306244b89a808", names.storageAccount());
        assertEquals("clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-nodes", names.scaleSet());
        assertEquals("clw-c49d8c24-3062-44b8-9a80-8e8164d4d340-vnet", names.virtualNetwork());
        assertEquals("nodes", names.subnet());
        assertEquals("clw-runtime", names.runtimeShare());
        assertEquals("clwc49d8c", names.computerNamePrefix());
        assertEquals("sessionjar-worker", names.extension());
    }

    @ParameterizedTest
    @MethodSource("ids")
    void resourceGroup_isAtMost90LettersDigitsAndPunctuationNotEndingInDot(ClusterId id) {
        String name = AzureNames.of(id).resourceGroup();

        assertTrue(name.length() >= 1 && name.length() <= 90, name);
        assertTrue(name.matches("[A-Za-z0-9_().-]+"), name);
        assertTrue(!name.endsWith("."), name);
    }

    @ParameterizedTest
    @MethodSource("ids")
    void storageAccount_is24LowercaseLettersAndDigits(ClusterId id) {
        String name = AzureNames.of(id).storageAccount();

        assertEquals(24, name.length(), name);
        assertTrue(name.matches("[a-z0-9]{3,24}"), name);
    }

    @ParameterizedTest
    @MethodSource("ids")
    void scaleSet_isAtMost64AlphanumericsDashesAndUnderscores(ClusterId id) {
        AzureNames names = AzureNames.of(id);

        // Linux scale sets: 1-64 characters, alphanumerics, underscores, periods and hyphens,
        // starting with an alphanumeric, ending with an alphanumeric or underscore.
        for (String name : new String[] {names.scaleSet(), names.virtualNetwork(), names.subnet()}) {
            assertTrue(name.length() <= 64, name);
            assertTrue(name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9_]"), name);
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void computerNamePrefix_isAtMost9LowercaseLettersAndDigitsStartingWithALetter(ClusterId id) {
        // A Linux scale set's prefix is 1-58 characters; Azure appends 6 more, and host names
        // stay at most 15 when the prefix is at most 9, which keeps NetBIOS-style tools happy.
        String prefix = AzureNames.of(id).computerNamePrefix();

        assertTrue(prefix.matches("[a-z][a-z0-9]{0,8}"), prefix);
    }

    @ParameterizedTest
    @MethodSource("ids")
    void runtimeShare_is3To63LowercaseLettersDigitsAndSingleInnerDashes(ClusterId id) {
        String name = AzureNames.of(id).runtimeShare();

        assertTrue(name.length() >= 3 && name.length() <= 63, name);
        assertTrue(name.matches("[a-z0-9]+(-[a-z0-9]+)*"), name);
    }

    @Test
    void storageAccount_differsBetweenIdsThatDifferInTheFirst21HexDigits() {
        ClusterId a = new ClusterId("local", UUID.fromString("c49d8c24-3062-44b8-9a80-8e8164d4d340"));
        ClusterId b = new ClusterId("local", UUID.fromString("c49d8c24-3062-44b8-9a81-8e8164d4d340"));

        assertNotEquals(AzureNames.of(a).storageAccount(), AzureNames.of(b).storageAccount());
    }
}
