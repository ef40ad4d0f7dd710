package com.sessionjar.cli;

import static com.sessionjar.cli.UsageErrorHandler.usage;

import com.sessionjar.protocol.ServiceKind;
import com.sessionjar.session.Answer;
import com.sessionjar.session.QueueOutageException;
import com.sessionjar.session.SendOptions;
import com.sessionjar.session.SendResult;
import com.sessionjar.session.Session;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of a send, {@code --send} and what tunes it (a mixin of {@link SessionCommand}):
 * their rules, checked before any session is touched, and the send itself.
 */
final class SendFlags {
    /** Not static: slf4j-simple fixes a logger's level when it is made, and main sets --debug's level first. */
    private final Logger log = LoggerFactory.getLogger(SendFlags.class);

    @Option(names = "--send", paramLabel = "MESSAGE", description = "Send MESSAGE --count times and check "
            + "every reply: echo returns MESSAGE; grpc calls Greeter.SayHello(name=MESSAGE) and expects 'Hello "
            + "MESSAGE'; cgi gives MESSAGE to the program's stdin and expects exit code 0. '-' sends one message per "
            + "line of stdin, streaming, until it ends.")
    private String message;

    @Option(names = "--count", paramLabel = "N", description = "How many messages to send (default 1).")
    private Long count;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "With --send: give up after SECONDS, "
            + "report how many replies are missing and exit 1, or 5 naming the queue service if it answered nothing "
            + "in the run's last 3 s (default: wait until every reply is in).")
    private Long timeout;

    @Option(names = "--window", paramLabel = "N", description = "With --send: keep at most N requests in "
            + "flight (default: 4 per worker slot of the session, from 64 to 1024). Deep queues are slow; "
            + "see docs/how-it-works.md.")
    private Integer window;

    @Option(names = "--plain", description = "With --send: send bare messages, as the original client does, "
            + "so the original's workers understand them (duplicate replies then cannot be told apart).")
    private boolean plain;

    @Option(names = "--pack", paramLabel = "K", description = "With --send: pack up to K requests (1 to 32) "
            + "into one queue message, and their replies into one reply message; far fewer queue calls for small "
            + "messages. Default 1: one request a message, as the original sends.")
    private Integer pack;

    @Option(names = "--replies", description = "With --send: print each answer on stdout as it comes, one "
            + "JSON object per line: {\"request\": MESSAGE, \"reply\": REPLY} plus \"error\" when it is not a good "
            + "answer.")
    private boolean replies;

    /** Whether {@code --send} is given. */
    boolean given() {
        return message != null;
    }

    /** Whether any of these options is given. */
    boolean anyGiven() {
        return message != null || count != null || timeout != null || window != null || plain || pack != null
                || replies;
    }

    /**
     * The original's rules for combining these options, in the order it checks them: a broken rule
     * is a usage error. Last, a message that cannot be sent is refused before a session is created
     * or found, so that it costs nothing.
     */
    void check(CommandLine commandLine) {
        if (count != null && message == null) {
            throw usage(commandLine, "--count needs --send MESSAGE");
        }
        if (count != null && count < 1) {
            throw usage(commandLine, "--count (" + count + ") must be at least 1");
        }
        if (count != null && count > Session.MAX_COUNT) {
            throw usage(commandLine, "--count (" + count + ") must be at most " + Session.MAX_COUNT);
        }
        if ((timeout != null || plain || window != null || pack != null || replies) && message == null) {
            throw usage(commandLine, (timeout != null ? "--timeout" : plain ? "--plain" : window != null ? "--window"
                    : pack != null ? "--pack" : "--replies") + " needs --send MESSAGE");
        }
        if (readsStdin() && count != null) {
            throw usage(commandLine, "--count does not apply to --send -: one message is sent per line of stdin");
        }
        if (readsStdin() && plain) {
            throw usage(commandLine, "--plain cannot be combined with --send -: plain replies cannot be matched to "
                    + "their lines");
        }
        if (window != null && window < 1) {
            throw usage(commandLine, "--window (" + window + ") must be at least 1");
        }
        if (pack != null && (pack < 1 || pack > SendOptions.MAX_PACK)) {
            throw usage(commandLine, "--pack (" + pack + ") must be from 1 to " + SendOptions.MAX_PACK);
        }
        if (pack != null && plain) {
            throw usage(commandLine, "--pack cannot be combined with --plain: the original's workers do not read "
                    + "packed messages");
        }
        if (timeout != null && timeout < 1) {
            throw usage(commandLine, "--timeout (" + timeout + ") must be at least 1 second");
        }
        if (message != null && !readsStdin()) {
            Session.checkSendable(message, count(), plain);
        }
    }

    /** Whether the send is long enough to move to a tuned JVM (a stream's length is not known: taken as long). */
    boolean runsInTunedJvm() {
        return message != null && SendJvm.shouldRun(readsStdin() ? SendJvm.MIN_COUNT : count());
    }

    /**
     * Sends to {@code session}, {@code --send -}'s lines read from {@code stdin}, printing each answer
     * on {@code out} with {@code --replies}; logs the summary and returns it. A run that ends for
     * an outage of the queue service logs its summary too, then throws.
     */
    SendResult sendTo(Session session, InputStream stdin, PrintWriter out) throws InterruptedException {
        SendOptions options = SendOptions.DEFAULT.withPlain(plain).withPack(pack == null ? 1 : pack)
                .withWindow(window == null ? 0 : window)
                .withTimeout(timeLimit());
        boolean jsonReplies = session.config().serviceKind() != ServiceKind.ECHO;
        Consumer<Answer> onAnswer = answer -> {
            log.debug("Received reply: {}", answer.reply());
            if (replies) {
                out.println(Json.line(answer, jsonReplies));
                out.flush();
            }
        };
        SendResult result;
        try {
            if (readsStdin()) {
                BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
                result = session.sendAndReceive(lines.lines().iterator(), options, onAnswer);
            } else {
                result = session.sendAndReceive(message, count(), options, onAnswer);
            }
        } catch (QueueOutageException e) {
            logSummary(e.result());
            throw e;
        }
        logSummary(result);
        return result;
    }

    private void logSummary(SendResult result) {
        log.info(result.summary());
        log.info(result.accounting());
        if (result.costs() != null) {
            log.info(result.costs());
        }
    }

    /**
     * The exit code of a send that came to {@code result}, stopped by {@code signal} (e.g. SIGINT)
     * or by none (null); what failed, if anything, said on {@code err}.
     */
    int exitCodeOf(SendResult result, PrintWriter err, String signal) {
        if (signal != null) {
            // The JVM exits 128 + the signal's number once this is printed: 130 for SIGINT, 143 for SIGTERM.
            err.println("error: stopped by " + signal + " after " + Math.round(result.elapsed().toMillis() / 1e3)
                    + " s: " + result.missing() + " of " + result.requested() + " replies missing (" + result.sent()
                    + " requests sent)");
            return ExitCode.FAILED;
        }
        if (result.timedOut()) {
            err.println("error: timed out after " + timeout + " s: " + result.missing() + " of "
                    + result.requested() + " replies missing (" + result.sent() + " requests sent); rerun with a longer"
                    + " --timeout or check the session's workers");
            return ExitCode.FAILED;
        }
        if (result.errors() > 0) {
            err.println("error: " + result.errors() + " of " + result.received()
                    + " replies were not good answers; the first: " + result.firstProblem());
            return ExitCode.FAILED;
        }
        return ExitCode.OK;
    }

    /** The send's time limit, {@code --timeout}; zero if none. */
    Duration timeLimit() {
        return timeout == null ? Duration.ZERO : Duration.ofSeconds(timeout);
    }

    private long count() {
        return count == null ? 1 : count;
    }

    /** Whether the messages come from stdin ({@code --send -}). */
    boolean readsStdin() {
        return "-".equals(message);
    }
}
