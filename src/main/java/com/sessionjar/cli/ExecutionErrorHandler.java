package com.sessionjar.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a command into one line on stderr, {@code error: <what failed>}, and its
 * exit code ({@link ErrorCodes}); a bug says it is one. The stack trace follows with {@code --debug}.
 */
final class ExecutionErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        int code = ErrorCodes.of(e);
        String message = ErrorCodes.oneLine(e);
        PrintWriter err = commandLine.getErr();
        err.println("error: " + (code == ExitCode.INTERNAL
                ? "internal error (a bug in session.jar), please report it with the output of --debug: " + message
                : message));
        if (parseResult.hasMatchedOption("--debug")) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
