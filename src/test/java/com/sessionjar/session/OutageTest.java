package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutageTest {
    private static final long SECOND = 1_000_000_000L;
    private final Outage outage = new Outage(new Outage.Service("the local queue service (Azurite) at 127.0.0.1:10001",
            "is Azurite running? --use ID starts it again"), Duration.ofSeconds(120));
    /** What the SDK throws when nothing listens, once its retries are spent: reactor's wrapper of Netty's exception. */
    private final RuntimeException refused = new RuntimeException("io.netty.channel.AbstractChannel$AnnotatedConnectException:"
            + " Connection refused: /127.0.0.1:10001", new ConnectException("Connection refused: /127.0.0.1:10001"));

    @Test
    void aCallThatCannotReachTheService_isToleratedUntilTheBound_fromTheOutagesFirstFailure() {
        // The first failing call began at 10 s and failed at 35 s, its SDK retries spent: the outage began at 10 s.
        assertTrue(outage.tolerates(refused, 10 * SECOND, 35 * SECOND));
        assertTrue(outage.isDown());
        assertTrue(outage.tolerates(refused, 100 * SECOND, 129 * SECOND));
        assertFalse(outage.tolerates(refused, 104 * SECOND, 130 * SECOND), "120 s after the first failing call began");
        assertEquals("the local queue service (Azurite) at 127.0.0.1:10001 cannot be reached: no answer for 120 s (last:"
                + " connection refused); is Azurite running? --use ID starts it again",
                outage.line(130 * SECOND));
    }

    @Test
    void aRunAtItsTimeLimit_whoseServiceAnsweredNothingForSeconds_namesTheService_notWhenItAnswered() {
        long answered = System.nanoTime();
        outage.up(answered);
        assertTrue(outage.silence(answered + 2 * SECOND).isEmpty(), "answered 2 s ago: slow workers, not the service");
        assertEquals("the local queue service (Azurite) at 127.0.0.1:10001 cannot be reached: no answer for 10 s;"
                + " is Azurite running? --use ID starts it again", outage.silence(answered + 10 * SECOND).orElseThrow());
        outage.up(answered + 9 * SECOND);
        assertTrue(outage.silence(answered + 10 * SECOND).isEmpty(), "a call answered 1 s before the end");
        outage.awaitsNothing(answered + 8 * SECOND); // the run waited for its input, not for the service
        assertTrue(outage.silence(answered + 10 * SECOND).isEmpty(), "nothing awaited of the service 2 s before the end");
        outage.tolerates(refused, answered + 10 * SECOND, answered + 35 * SECOND);
        assertTrue(outage.silence(answered + 40 * SECOND).isEmpty(), "an outage is recorded: its own line says it");
    }

    @Test
    void aCallThatSucceeds_endsTheOutage_andTheNextStartsItsOwnClock() {
        assertEquals(Long.MIN_VALUE, outage.resumedAt());
        outage.tolerates(refused, 10 * SECOND, 35 * SECOND);
        outage.up(100 * SECOND);
        assertFalse(outage.isDown());
        assertEquals(100 * SECOND, outage.resumedAt());
        assertTrue(outage.tolerates(refused, 200 * SECOND, 225 * SECOND));
        assertTrue(outage.tolerates(refused, 300 * SECOND, 319 * SECOND));
        assertFalse(outage.tolerates(refused, 300 * SECOND, 320 * SECOND));
    }

    @Test
    void aCallCutShortAtTheBound_doesNotHideWhyTheServiceIsDown() {
        outage.tolerates(refused, 10 * SECOND, 35 * SECOND);
        outage.tolerates(new IllegalStateException("Timeout", new java.util.concurrent.TimeoutException()), 100 * SECOND,
                130 * SECOND);
        assertTrue(outage.line(130 * SECOND).contains("(last: connection refused)"), outage.line(130 * SECOND));
    }

    @Test
    void otherFailures_areNotAnOutage() {
        assertFalse(outage.tolerates(new IllegalStateException("a bug"), 10 * SECOND, 10 * SECOND));
        assertFalse(outage.isDown());
    }

    @Test
    void aServiceWhoseDataFolderHasRoom_isSaidUnreachable_notFull(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data) {
        // A full file system is DiskFullIT's (a 20 MB tmpfs); here the folder has room, so the words are an outage's.
        Outage.Service local = new Outage.Service("the local queue service (Azurite) at 127.0.0.1:10001", "is Azurite running?",
                "--update local:x makes it again", data);
        assertTrue(local.fullDisk().isEmpty());
        assertEquals("the local queue service (Azurite) at 127.0.0.1:10001 cannot be reached (HTTP 500: x); is Azurite running?",
                local.failing("HTTP 500: x"));
        Outage withData = new Outage(local, Duration.ofSeconds(120));
        withData.tolerates(refused, 10 * SECOND, 35 * SECOND);
        assertTrue(withData.line(130 * SECOND).contains("cannot be reached: no answer for 120 s"), withData.line(130 * SECOND));
    }
}
