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
    void missingSessionOrBrokenEnvironment_isUnexpectedState() {
        assertEquals(ExitCode.UNEXPECTED_STATE, ErrorCodes.of(new ClusterNotFoundException(ClusterId.newLocal(), "here")));
        assertEquals(ExitCode.UNEXPECTED_STATE, ErrorCodes.of(new IllegalStateException("port taken")));
    }

    @Test
    void queueAndNetworkFailures_areFailed_howeverWrapped() {
        assertEquals(ExitCode.FAILED, ErrorCodes.of(new HttpResponseException("503", null, null)));
        assertEquals(ExitCode.FAILED, ErrorCodes.of(Exceptions.propagate(new ConnectException("Connection refused"))));
        assertEquals(ExitCode.FAILED, ErrorCodes.of(new UncheckedIOException(new java.io.IOException("disk full"))));
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
