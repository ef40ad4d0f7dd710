package com.sessionjar.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ErrorsTest {
    @Test
    void oneLine_leavesOutTheClassThatCarriedTheMessage() {
        RuntimeException refused = new RuntimeException("io.netty.channel.AbstractChannel$AnnotatedConnectException: "
                + "Connection refused: /127.0.0.1:10001\n\tat somewhere", new ConnectException("Connection refused"));
        assertEquals("Connection refused: /127.0.0.1:10001", Errors.oneLine(refused));
        assertEquals("Queue: not found", Errors.oneLine(new IllegalStateException("Queue: not found")));
    }

    @Test
    void noConnectionAndNoAnswer_areUnreachable_otherFailuresAreNot() {
        assertTrue(Errors.isUnreachable(new RuntimeException(new ConnectException("Connection refused"))));
        assertTrue(Errors.isUnreachable(new UncheckedIOException(new java.io.IOException("Connection reset"))));
        assertTrue(Errors.isUnreachable(new IllegalStateException("Timeout on blocking read", new TimeoutException())));
        assertFalse(Errors.isUnreachable(new IllegalArgumentException("a bug")));
    }

    @Test
    void whyUnreachable_saysItInAFewWords_withoutTheCarriersName() {
        assertEquals("connection refused", Errors.whyUnreachable(new RuntimeException("io.netty.channel.AbstractChannel"
                + "$AnnotatedConnectException: finishConnect(..) failed: Connection refused: /127.0.0.1:1",
                new ConnectException("finishConnect(..) failed: Connection refused: /127.0.0.1:1"))));
        assertEquals("no answer in time", Errors.whyUnreachable(new IllegalStateException("Timeout on blocking read",
                new TimeoutException("Did not observe any item"))));
        assertEquals("connection lost: Connection reset by peer",
                Errors.whyUnreachable(new UncheckedIOException(new java.io.IOException("Connection reset by peer"))));
    }
}
