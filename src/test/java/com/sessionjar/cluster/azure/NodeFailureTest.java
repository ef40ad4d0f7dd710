package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NodeFailureTest {
    @Test
    void report_showsTheFirstLine_andTheLastLinesOfEachOutput_eachLineMarkedWithItsNode() {
        String stdout = IntStream.rangeClosed(1, 25).mapToObj(i -> "out " + i).collect(Collectors.joining("\n"));
        NodeFailure failure = new NodeFailure("3", "failed to bootstrap",
                ExtensionMessage.parse("Enable failed: exit status=1\n[stdout]\n" + stdout + "\n[stderr]\nerr 1\n"));

        List<String> report = failure.report(Set.of());

        assertEquals("node 3 failed to bootstrap: Enable failed: exit status=1", report.get(0));
        assertEquals("node 3 stdout (last 20 of 25 lines):", report.get(1));
        assertEquals("node 3 | out 6", report.get(2));
        assertEquals("node 3 | out 25", report.get(21));
        assertEquals(List.of("node 3 stderr (1 line):", "node 3 | err 1"), report.subList(22, 24));
        assertEquals(24, report.size());
    }

    @Test
    void report_redactsAnySecret_cutsLongLines_andDropsControlCharacters() {
        NodeFailure failure = new NodeFailure("0", "failed to bootstrap", ExtensionMessage.parse(
                "Enable failed\n[stdout]\n\n[stderr]\nkey=s3cret\u001b[31m\n" + "x".repeat(500) + "\n"));

        List<String> report = failure.report(Set.of("s3cret"));

        assertEquals("node 0 stdout: (empty)", report.get(1));
        assertEquals("node 0 | key=<redacted> [31m", report.get(3));
        assertTrue(report.get(4).endsWith("x ..."), report.get(4));
        assertEquals("node 0 | ".length() + NodeFailure.MAX_LINE + " ...".length(), report.get(4).length());
    }

    @Test
    void report_ofAFailureWithoutOutput_isOneLine() {
        NodeFailure failure = new NodeFailure("2", "failed to provision",
                ExtensionMessage.parse("ProvisioningState/failed/AllocationFailed: Allocation failed."));

        assertEquals(List.of("node 2 failed to provision: ProvisioningState/failed/AllocationFailed: Allocation failed."),
                failure.report(Set.of()));
    }
}
