package com.sessionjar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.core.exception.HttpResponseException;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.ClusterNotFoundException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;

class ErrorCodesTest {
    @Test
    void badInput_isInvalidInput() {
        assertEquals(ExitCode.INVALID_INPUT, ErrorCodes.of(new IllegalArgumentException("bad")));
    }

    @Test
    void missingSession_isNotFound() {
        assertEquals(ExitCode.NOT_FOUND, ErrorCodes.of(new ClusterNotFoundException(ClusterId.newLocal(), "here")));
    }

    @Test
    void brokenEnvironment_isUnavailable() {
        assertEquals(ExitCode.UNAVAILABLE, ErrorCodes.of(new IllegalStateException("port taken")));
    }

    @Test
    void queueAndNetworkFailures_areUnavailable_howeverWrapped() {
        assertEquals(ExitCode.UNAVAILABLE, ErrorCodes.of(new HttpResponseException("503", null, null)));
        assertEquals(ExitCode.UNAVAILABLE, ErrorCodes.of(Exceptions.propagate(new ConnectException("Connection refused"))));
        assertEquals(ExitCode.UNAVAILABLE, ErrorCodes.of(new UncheckedIOException(new java.io.IOException("disk full"))));
    }

    @Test
    void anInterruptedRun_isFailed() {
        assertEquals(ExitCode.FAILED, ErrorCodes.of(new InterruptedException()));
    }

    @Test
    void anythingElse_isInternal() {
        assertEquals(ExitCode.INTERNAL, ErrorCodes.of(new NullPointerException()));
        assertEquals(ExitCode.INTERNAL, ErrorCodes.of(new RuntimeException(new ArithmeticException())));
    }

    @Test
    void oneLine_keepsTheFirstLineOnly() {
        assertEquals("first", ErrorCodes.oneLine(new RuntimeException("first\n<xml>second</xml>")));
        assertEquals("NullPointerException", ErrorCodes.oneLine(new NullPointerException()));
    }
}
