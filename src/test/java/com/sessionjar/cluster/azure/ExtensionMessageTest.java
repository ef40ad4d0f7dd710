package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionMessageTest {
    /** The failed CustomScript status message as features-linux.md ("View extension status") shows it. */
    private static final String DOCUMENTED = "Enable failed: failed to execute command: command terminated with exit "
            + "status=127\n[stdout]\n\n[stderr]\n/bin/sh: 1: ech: not found\n";

    @Test
    void parse_theDocumentedFailure_givesItsFirstLineAndEachOutput() {
        ExtensionMessage message = ExtensionMessage.parse(DOCUMENTED);

        assertEquals("Enable failed: failed to execute command: command terminated with exit status=127", message.summary());
        assertEquals(List.of(), message.stdout());
        assertEquals(List.of("/bin/sh: 1: ech: not found"), message.stderr());
    }

    @Test
    void parse_keepsEveryLineOfEachTail_inOrder_withoutTheTrailingBlankOnes() {
        ExtensionMessage message = ExtensionMessage.parse("Enable failed: exit status=1\n[stdout]\none\n\ntwo\n\n\n"
                + "[stderr]\nthree\r\nfour\n");

        assertEquals(List.of("one", "", "two"), message.stdout());
        assertEquals(List.of("three", "four"), message.stderr());
    }

    @Test
    void parse_aMessageWithoutOutput_isItsFirstLineAlone() {
        ExtensionMessage message = ExtensionMessage.parse("  Provisioning failed\nmore text\n");

        assertEquals("Provisioning failed", message.summary());
        assertEquals(List.of(), message.stdout());
        assertEquals(List.of(), message.stderr());
        assertEquals("", ExtensionMessage.parse(null).summary());
    }

    @Test
    void parse_stdoutWithoutAStderrMarker_isAllStdout() {
        ExtensionMessage message = ExtensionMessage.parse("Enable failed\n[stdout]\na\nb");

        assertEquals(List.of("a", "b"), message.stdout());
        assertEquals(List.of(), message.stderr());
    }
}
