package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplyQueuesTest {
    private static final String RESPONSES = "clw-c49d8c24306244b89a808e8164d4d340-responses";

    @Test
    void name_isTheResponseQueuePlusTheRun_withinAzuresQueueNameRules() {
        assertEquals(RESPONSES + "-c0a1b2c3d", ReplyQueues.name(RESPONSES, "0a1b2c3d"));
        String longest = "a".repeat(63);
        String name = ReplyQueues.name(longest, "0a1b2c3d");
        assertEquals(63, name.length());
        assertTrue(name.matches("[a-z0-9]+(-[a-z0-9]+)*"), name);
        // Cut where a dash would end the prefix: no double dash.
        String dashed = "a".repeat(52) + "-bbbbbbbbbb";
        assertTrue(ReplyQueues.name(dashed, "0a1b2c3d").matches("[a-z0-9]+(-[a-z0-9]+)*"), ReplyQueues.name(dashed, "0a1b2c3d"));
    }

    @Test
    void name_refusesARunThatIsNotEightHexDigits() {
        assertThrows(IllegalArgumentException.class, () -> ReplyQueues.name(RESPONSES, "0A1B2C3D"));
        assertThrows(IllegalArgumentException.class, () -> ReplyQueues.name(RESPONSES, "abc"));
    }

    @Test
    void isReplyQueue_acceptsOnlyThisSessionsRunQueues() {
        assertTrue(ReplyQueues.isReplyQueue(RESPONSES, ReplyQueues.name(RESPONSES, "deadbeef")));
        assertFalse(ReplyQueues.isReplyQueue(RESPONSES, RESPONSES));
        assertFalse(ReplyQueues.isReplyQueue(RESPONSES, "clw-c49d8c24306244b89a808e8164d4d340-requests"));
        assertFalse(ReplyQueues.isReplyQueue(RESPONSES, RESPONSES + "-poison"));
        assertFalse(ReplyQueues.isReplyQueue(RESPONSES, "clw-00000000000000000000000000000000-responses-cdeadbeef"));
        assertFalse(ReplyQueues.isReplyQueue(RESPONSES, RESPONSES + "-cdeadbeef0"));
    }

    @Test
    void isOrphan_aLiveProcessHere_isNot_aDeadOneIs() throws Exception {
        Instant now = Instant.now();
        Map<String, String> mine = ReplyQueues.ownerMetadata(now);
        assertFalse(ReplyQueues.isOrphan(mine, now));

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Map<String, String> dead = new HashMap<>(mine);
        dead.put(ReplyQueues.PID, Long.toString(gone.pid()));
        assertTrue(ReplyQueues.isOrphan(dead, now));

        Map<String, String> reused = new HashMap<>(mine);
        reused.put(ReplyQueues.STARTED, "12345"); // our pid, but another process's start: the pid was reused
        assertTrue(ReplyQueues.isOrphan(reused, now));
    }

    @Test
    void isOrphan_elsewhere_goesByTheHeartbeat() {
        Instant now = Instant.now();
        Map<String, String> remote = new HashMap<>(ReplyQueues.ownerMetadata(now));
        remote.put(ReplyQueues.HOST, "another-machine");
        remote.put(ReplyQueues.PID, "1");
        assertFalse(ReplyQueues.isOrphan(remote, now.plus(ReplyQueues.ORPHAN_AFTER).minusSeconds(1)));
        assertTrue(ReplyQueues.isOrphan(remote, now.plus(ReplyQueues.ORPHAN_AFTER).plusSeconds(1)));
        assertTrue(ReplyQueues.isOrphan(Map.of(), now), "no heartbeat at all");
    }
}
