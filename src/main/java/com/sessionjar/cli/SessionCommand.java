package com.sessionjar.cli;

import com.sessionjar.protocol.ServiceKind;
import com.sessionjar.BuildInfo;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterConfigReader;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.Plan;
import com.sessionjar.session.Placement;
import com.sessionjar.session.SendOptions;
import com.sessionjar.session.SendResult;
import com.sessionjar.session.Session;
import com.sessionjar.session.Sessions;
import com.sessionjar.session.Answer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code session} command: the original sample's command line. Parses, calls the SDK,
 * prints: results (the new session id) to stdout, logs and progress to stderr.
 */
@Command(name = "session", mixinStandardHelpOptions = true, versionProvider = SessionCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Creates, updates, uses and deletes sessions: a request queue, a response queue and a cluster "
                + "of workers.%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done: every reply in and good",
            "1:some replies were not good answers, or still missing at --timeout",
            "2:bad command line, config file, session id or message",
            "3:no such session",
            "4:internal error (run again with --debug and report it)",
            "5:infrastructure failure: the queue service or Azure cannot be reached or started"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  id=$(java -jar session.jar --create --config EchoSessionConfig.json --local)",
            "  java -jar session.jar --use $id --send hello --count 1000",
            "  printf 'a\\nb\\n' | java -jar session.jar --use $id --send - --replies",
            "  java -jar session.jar --delete $id",
            "  java -jar session.jar --create --config AzureConfig.json --dry-run   # the Azure plan, nothing made"})
public final class SessionCommand implements Callable<Integer> {
    /** Not static: slf4j-simple fixes a logger's level when it is made, and main sets --debug's level first. */
    private final Logger log = LoggerFactory.getLogger(SessionCommand.class);

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Action (exactly one):%n")
    private Action action;

    static final class Action {
        @Option(names = "--create", description = "Create a session from --config and print its id on stdout.")
        boolean create;

        @Option(names = "--update", paramLabel = "ID", description = "Apply --config to the session ID.")
        String update;

        @Option(names = "--use", paramLabel = "ID", description = "Use the existing session ID (with --send).")
        String use;

        @Option(names = "--delete", paramLabel = "ID", description = "Delete the session ID and everything it holds.")
        String delete;

        @Option(names = "--completion", description = "Print a bash/zsh completion script for the command 'session' "
                + "(an alias of java -jar session.jar): source <(java -jar session.jar --completion)")
        boolean completion;
    }

    /** What stdout carries for a command's result. */
    enum Format { text, json }

    @Option(names = "--config", paramLabel = "FILE", description = "The session config (JSON), for --create and --update.")
    private Path config;

    @Option(names = "--local", description = "With --create: run the session on this machine (Azurite and local "
            + "worker processes) instead of Azure.")
    private boolean local;

    @Option(names = "--dry-run", description = "With --create, --update or --delete: print on stdout, as JSON, what "
            + "would be made, changed or deleted (resources, request bodies, the nodes' bootstrap script), secrets "
            + "redacted; call and change nothing.")
    private boolean dryRun;

    @Option(names = "--send", paramLabel = "MESSAGE", description = "Send MESSAGE --count times and check every reply: "
            + "echo returns MESSAGE; grpc calls Greeter.SayHello(name=MESSAGE) and expects 'Hello MESSAGE'; cgi gives "
            + "MESSAGE to the program's stdin and expects exit code 0. '-' sends one message per line of stdin, "
            + "streaming, until it ends.")
    private String send;

    @Option(names = "--count", paramLabel = "N", description = "How many messages to send (default 1).")
    private Long count;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "With --send: give up after SECONDS, report "
            + "how many replies are missing and exit 1 (default: wait until every reply is in).")
    private Long timeout;

    @Option(names = "--window", paramLabel = "N", description = "With --send: keep at most N requests in flight "
            + "(default: 4 per worker slot of the session, from 64 to 1024). Deep queues are slow; see README.")
    private Integer window;

    @Option(names = "--plain", description = "With --send: send bare messages, as the original client does, so the "
            + "original's workers understand them (duplicate replies then cannot be told apart).")
    private boolean plain;

    @Option(names = "--pack", paramLabel = "K", description = "With --send: pack up to K requests (1 to 32) into one "
            + "queue message, and their replies into one reply message; far fewer queue calls for small messages. "
            + "Default 1: one request a message, as the original sends.")
    private Integer pack;

    @Option(names = {"--output", "-o"}, paramLabel = "FORMAT", description = "text (default) or json: create, update"
            + " and use print the session (id, provider, service, queues, nodes) as one JSON object, with the send's "
            + "summary under \"send\"; delete prints {\"id\", \"deleted\"}.")
    private Format output = Format.text;

    @Option(names = "--replies", description = "With --send: print each answer on stdout as it comes, one JSON object "
            + "per line: {\"request\": MESSAGE, \"reply\": REPLY} plus \"error\" when it is not a good answer.")
    private boolean replies;

    @Option(names = "--debug", description = "Log every reply and show stack traces of errors.")
    private boolean debug;

    private final Supplier<Sessions> sessions;
    private final InputStream stdin;

    /**
     * A command working on the sessions {@code sessions} supplies (called once, when needed),
     * reading {@code --send -}'s messages from {@code stdin}.
     */
    public SessionCommand(Supplier<Sessions> sessions, InputStream stdin) {
        this.sessions = sessions;
        this.stdin = stdin;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        if (Arrays.asList(args).contains("--debug")) {
            // Read by the logger when it is first used, so this must come first.
            System.setProperty("org.slf4j.simpleLogger.log.com.sessionjar", "debug");
            System.setProperty("org.slf4j.simpleLogger.log.com.azure", "warn");
        }
        SendJvm.exitWithParent();
        System.exit(commandLine(Sessions::fromEnvironment).execute(args));
    }

    /** The command line, with the error handling of session.jar, over the sessions {@code sessions} supplies. */
    public static CommandLine commandLine(Supplier<Sessions> sessions) {
        return commandLine(sessions, System.in);
    }

    /** The command line over the sessions {@code sessions} supplies, with {@code stdin} as standard input. */
    public static CommandLine commandLine(Supplier<Sessions> sessions, InputStream stdin) {
        CommandLine commandLine = new CommandLine(new SessionCommand(sessions, stdin));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        return commandLine;
    }

    @Override
    public Integer call() throws InterruptedException {
        checkRules();
        if (action.completion) {
            out().print(AutoComplete.bash("session", spec.commandLine()));
            out().flush();
            return ExitCode.OK;
        }
        // A stream's length is not known: take it as long (its child JVM reads the same stdin).
        if (send != null && SendJvm.shouldRun(fromStdin() ? SendJvm.MIN_COUNT : count == null ? 1 : count)) {
            return SendJvm.run(spec.commandLine().getParseResult().originalArgs());
        }
        Sessions all = sessions.get();
        if (dryRun) {
            printJson(Json.plan(plan(all)));
            return ExitCode.OK;
        }
        Session session;
        if (action.create) {
            ClusterConfig clusterConfig = ClusterConfigReader.read(config);
            session = all.create(clusterConfig, local ? Placement.LOCAL : Placement.AZURE);
            log.info("Created session {}", session.id());
            if (output == Format.text) {
                out().println(session.id());
                out().flush();
            }
        } else if (action.update != null) {
            ClusterId id = ClusterId.parse(action.update);
            ClusterConfig clusterConfig = ClusterConfigReader.read(config);
            session = all.update(id, clusterConfig);
            log.info("Updated session {}", session.id());
        } else if (action.use != null) {
            session = all.get(ClusterId.parse(action.use));
        } else {
            ClusterId id = ClusterId.parse(action.delete);
            all.delete(id);
            log.info("Deleted session {}", id);
            if (output == Format.json) {
                printJson(Json.deleted(id));
            }
            return ExitCode.OK;
        }
        SendResult result = send == null ? null : sendAndReceive(session);
        if (output == Format.json) {
            printJson(Json.session(session, result));
        }
        return result == null ? ExitCode.OK : exitCodeOf(result);
    }

    private Plan plan(Sessions all) {
        if (action.create) {
            return all.planCreate(ClusterConfigReader.read(config), local ? Placement.LOCAL : Placement.AZURE);
        }
        if (action.update != null) {
            return all.planUpdate(ClusterId.parse(action.update), ClusterConfigReader.read(config));
        }
        return all.planDelete(ClusterId.parse(action.delete));
    }

    private SendResult sendAndReceive(Session session) throws InterruptedException {
        SendOptions options = SendOptions.DEFAULT.withPlain(plain).withPack(pack == null ? 1 : pack)
                .withWindow(window == null ? 0 : window)
                .withTimeout(timeout == null ? Duration.ZERO : Duration.ofSeconds(timeout));
        boolean jsonReplies = session.config().serviceKind() != ServiceKind.ECHO;
        Consumer<Answer> onAnswer = answer -> {
            log.debug("Received reply: {}", answer.reply());
            if (replies) {
                out().println(Json.line(answer, jsonReplies));
                out().flush();
            }
        };
        SendResult result;
        if (fromStdin()) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            result = session.sendAndReceive(lines.lines().iterator(), options, onAnswer);
        } else {
            result = session.sendAndReceive(send, count == null ? 1 : count, options, onAnswer);
        }
        log.info(result.summary());
        log.info(result.accounting());
        if (result.costs() != null) {
            log.info(result.costs());
        }
        return result;
    }

    private int exitCodeOf(SendResult result) {
        if (result.timedOut()) {
            err().println("error: timed out after " + timeout + " s: " + result.missing() + " of "
                    + result.requested() + " replies missing (" + result.sent() + " requests sent); rerun with a longer"
                    + " --timeout or check the session's workers");
            return ExitCode.FAILED;
        }
        if (result.errors() > 0) {
            err().println("error: " + result.errors() + " of " + result.received()
                    + " replies were not good answers; the first: " + result.firstProblem());
            return ExitCode.FAILED;
        }
        return ExitCode.OK;
    }

    private boolean fromStdin() {
        return "-".equals(send);
    }

    private void printJson(String json) {
        out().println(json);
        out().flush();
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The original's rules for combining options; a broken rule is a usage error. */
    private void checkRules() {
        if (action.completion) {
            if (config != null || local || dryRun || send != null || count != null || timeout != null || window != null || plain
                    || pack != null || replies || output != Format.text) {
                throw usage("--completion takes no other option");
            }
            return;
        }
        boolean needsConfig = action.create || action.update != null;
        if (needsConfig && config == null) {
            throw usage((action.create ? "--create" : "--update") + " needs --config FILE");
        }
        if (!needsConfig && config != null) {
            throw usage("--config only applies to --create and --update");
        }
        if (local && !action.create) {
            throw usage("--local only applies to --create: a session id already says where its session runs");
        }
        if (dryRun && action.use != null) {
            throw usage("--dry-run applies to --create, --update and --delete: --use changes nothing");
        }
        if (dryRun && send != null) {
            throw usage("--dry-run cannot be combined with --send: a dry run sends nothing");
        }
        if (send != null && action.delete != null) {
            throw usage("--send cannot be combined with --delete");
        }
        if (count != null && send == null) {
            throw usage("--count needs --send MESSAGE");
        }
        if (count != null && count < 1) {
            throw usage("--count (" + count + ") must be at least 1");
        }
        if (count != null && count > Session.MAX_COUNT) {
            throw usage("--count (" + count + ") must be at most " + Session.MAX_COUNT);
        }
        if ((timeout != null || plain || window != null || pack != null || replies) && send == null) {
            throw usage((timeout != null ? "--timeout" : plain ? "--plain" : window != null ? "--window"
                    : pack != null ? "--pack" : "--replies") + " needs --send MESSAGE");
        }
        if (fromStdin() && count != null) {
            throw usage("--count does not apply to --send -: one message is sent per line of stdin");
        }
        if (fromStdin() && plain) {
            throw usage("--plain cannot be combined with --send -: plain replies cannot be matched to their lines");
        }
        if (window != null && window < 1) {
            throw usage("--window (" + window + ") must be at least 1");
        }
        if (pack != null && (pack < 1 || pack > SendOptions.MAX_PACK)) {
            throw usage("--pack (" + pack + ") must be from 1 to " + SendOptions.MAX_PACK);
        }
        if (pack != null && plain) {
            throw usage("--pack cannot be combined with --plain: the original's workers do not read packed messages");
        }
        if (timeout != null && timeout < 1) {
            throw usage("--timeout (" + timeout + ") must be at least 1 second");
        }
        if (send != null && !fromStdin()) {
            // Before a session is created or found: a message that cannot be sent should cost nothing.
            Session.checkSendable(send, count == null ? 1 : count, plain);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Turns an exception from a command into one line on stderr and an exit code. */
    private static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            SessionCommand command = commandLine.getCommand();
            int code = ErrorCodes.of(e);
            String message = ErrorCodes.oneLine(e);
            commandLine.getErr().println("error: " + (code == ExitCode.INTERNAL
                    ? "internal error (a bug in session.jar), please report it with the output of --debug: " + message : message));
            if (command.debug) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return code;
        }
    }

    /** Prints the version of session.jar and of the Azurite it runs. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"session.jar " + BuildInfo.version() + " (Azurite " + BuildInfo.azuriteVersion()
                    + " for local sessions)"};
        }
    }
}
