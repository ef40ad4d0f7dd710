package com.sessionjar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;
import com.sessionjar.AzureRefusedException;
import com.sessionjar.BadInputException;
import com.sessionjar.InfrastructureException;
import com.sessionjar.NotFoundException;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.ClusterNotFoundException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import reactor.core.Exceptions;

class ErrorCodesTest {
    @Test
    void badInput_isInvalidInput() {
        assertEquals(ExitCode.INVALID_INPUT, ErrorCodes.of(new BadInputException("bad")));
        assertEquals(ExitCode.INVALID_INPUT, ErrorCodes.of(new CommandLine.ParameterException(
                new CommandLine(CommandLine.Model.CommandSpec.create()), "--count needs --send MESSAGE")));
    }

    @Test
    void missingSession_isNotFound() {
        assertEquals(ExitCode.NOT_FOUND, ErrorCodes.of(new ClusterNotFoundException(ClusterId.newLocal(), "here")));
        assertEquals(ExitCode.NOT_FOUND, ErrorCodes.of(new NotFoundException("no such thing")));
    }

    @Test
    void brokenEnvironment_isUnavailable() {
        assertEquals(ExitCode.UNAVAILABLE, ErrorCodes.of(new InfrastructureException("port taken")));
    }

    @Test
    void azureRefusing_isUnavailable() {
        assertEquals(ExitCode.UNAVAILABLE, ErrorCodes.of(new AzureRefusedException("Azure refused creating x: HTTP 409",
                new ManagementException("409", null))));
    }

    @Test
    void queueAndNetworkFailures_areUnavailable_howeverWrapped() {
        assertEquals(ExitCode.UNAVAILABLE, ErrorCodes.of(new HttpResponseException("503", null, null)));
        assertEquals(ExitCode.UNAVAILABLE, ErrorCodes.of(Exceptions.propagate(new ConnectException("Connection refused"))));
        assertEquals(ExitCode.UNAVAILABLE, ErrorCodes.of(new UncheckedIOException(new java.io.IOException("disk full"))));
    }

    @Test
    void aTimeoutWaitingForTheQueueService_isUnavailable_howeverWrapped() {
        assertEquals(ExitCode.UNAVAILABLE, ErrorCodes.of(new IllegalStateException("Timeout on blocking read",
                new TimeoutException())));
        assertEquals(ExitCode.UNAVAILABLE, ErrorCodes.of(Exceptions.propagate(new TimeoutException("response timed out"))));
    }

    @Test
    void aTypedFailure_isFound_underAWrapper() {
        assertEquals(ExitCode.INVALID_INPUT, ErrorCodes.of(new RuntimeException(new BadInputException("bad"))));
        assertEquals(ExitCode.UNAVAILABLE, ErrorCodes.of(new RuntimeException(new InfrastructureException("down"))));
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
    void aPlainIllegalStateOrArgument_isABug_notAnInfrastructureFailure() {
        assertEquals(ExitCode.INTERNAL, ErrorCodes.of(new IllegalStateException("the packer holds no item")));
        assertEquals(ExitCode.INTERNAL, ErrorCodes.of(new IllegalStateException("SHA-256 is missing from this Java runtime",
                new NoSuchAlgorithmException("SHA-256"))));
        assertEquals(ExitCode.INTERNAL, ErrorCodes.of(new IllegalArgumentException("maxItems (0) must be at least 1")));
    }

    @Test
    void oneLine_keepsTheFirstLineOnly() {
        assertEquals("first", ErrorCodes.oneLine(new RuntimeException("first\n<xml>second</xml>")));
        assertEquals("NullPointerException", ErrorCodes.oneLine(new NullPointerException()));
    }
}
