package com.sessionjar.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MaxValuesExceededException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns a bad command line into one line on stderr, {@code error: <what is wrong>; run with --help
 * for usage}, and exit code 2. picocli's default prints the whole usage after the error, which
 * buries the one line that matters; {@code --help} is there for whoever wants the rest.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    static final String HINT = "; run with --help for usage";

    /** A usage error of {@code commandLine}: {@code message} says what is wrong and what to do instead. */
    static ParameterException usage(CommandLine commandLine, String message) {
        return new ParameterException(commandLine, message);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("error: " + describe(e) + HINT);
        if (Arrays.asList(args).contains("--debug")) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.INVALID_INPUT;
    }

    private static String describe(ParameterException e) {
        if (e instanceof MaxValuesExceededException) {
            // picocli says "expected only one match but got (--create | ...)={--create} and ...".
            return "an action is given twice: give exactly one of --create, --update ID, --use ID, --delete ID, "
                    + "--status ID, --logs ID and --list";
        }
        // picocli starts some messages, those about argument groups, with its own "Error: ".
        String message = ErrorCodes.oneLine(e).replaceFirst("^Error: ", "");
        // A number option's value that is not a number: "'abc' is not a long" speaks Java.
        message = message.replaceFirst("'(.*)' is not an? (long|int)$", "'$1' is not a whole number");
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                message += " (did you mean " + String.join(" or ", suggestions) + "?)";
            }
        }
        return message;
    }
}
