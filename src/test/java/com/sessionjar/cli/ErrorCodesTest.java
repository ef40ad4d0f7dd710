package com.sessionjar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;
import com.sessionjar.AzureRefusedException;
import com.sessionjar.BadInputException;
import com.sessionjar.InfrastructureException;
import com.sessionjar.NotFoundException;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.ClusterNotFoundException;
import com.sessionjar.session.Sessions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import reactor.core.Exceptions;

class ErrorCodesTest {
    private static final String ID = "local:c49d8c24-3062-44b8-9a80-8e8164d4d340";

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

    private record Run(int code, String out, String err) {
    }

    /** Runs {@code --use ID} over sessions that {@code sessions} supplies, as main does. */
    private static Run use(Supplier<Sessions> sessions, String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = SessionCommand.commandLine(sessions);
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        String[] args = new String[2 + more.length];
        args[0] = "--use";
        args[1] = ID;
        System.arraycopy(more, 0, args, 2, more.length);
        int code = command.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aProgrammingError_inACommand_exitsFour_sayingItIsABug_inOneLine() {
        Run run = use(() -> {
            throw new IllegalStateException("the packer holds no item");
        });

        assertEquals(ExitCode.INTERNAL, run.code(), run::toString);
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: internal error (a bug in session.jar), please report it with the output of --debug: "
                + "the packer holds no item"), run.err());
    }

    @Test
    void aNullPointer_inACommand_exitsFour_withTheStackTraceUnderDebug() {
        Run run = use(() -> {
            throw new NullPointerException("sessions");
        }, "--debug");

        assertEquals(ExitCode.INTERNAL, run.code(), run::toString);
        assertTrue(run.err().startsWith("error: internal error"), run.err());
        assertTrue(run.err().contains("\tat com.sessionjar.cli."), run.err());
    }

    @Test
    void anInfrastructureFailure_inACommand_exitsFive_withoutCallingItABug() {
        Run run = use(() -> {
            throw new InfrastructureException("Port 10001 on 127.0.0.1 is taken");
        });

        assertEquals(ExitCode.UNAVAILABLE, run.code(), run::toString);
        assertEquals("error: Port 10001 on 127.0.0.1 is taken", run.err().strip());
        assertFalse(run.err().contains("internal error"), run.err());
    }
}
