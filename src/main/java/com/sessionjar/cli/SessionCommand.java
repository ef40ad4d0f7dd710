package com.sessionjar.cli;

import static com.sessionjar.cli.UsageErrorHandler.usage;

import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterConfigReader;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.CreateOptions;
import com.sessionjar.cluster.Plan;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.session.Placement;
import com.sessionjar.session.SendResult;
import com.sessionjar.session.Session;
import com.sessionjar.session.Sessions;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code session} command: the original sample's command line. Parses, calls the SDK,
 * prints: results (the new session id) to stdout, logs and progress to stderr.
 */
@Command(name = "session", mixinStandardHelpOptions = true, versionProvider = VersionText.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Creates, updates, uses, shows and deletes sessions: a request queue, a response queue and a "
                + "cluster of workers.%n",
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
            "  java -jar session.jar --status $id; java -jar session.jar --logs $id --tail 20",
            "  java -jar session.jar --delete $id",
            "  java -jar session.jar --create --config AzureConfig.json --dry-run   # the Azure plan, nothing made"})
public final class SessionCommand implements Callable<Integer> {
    /** Not static: slf4j-simple fixes a logger's level when it is made, and main sets --debug's level first. */
    private final Logger log = LoggerFactory.getLogger(SessionCommand.class);

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Action (exactly one):%n")
    private Action action;

    /** The action flags, exactly one given; the first four name what a session is done to. */
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

        @Option(names = "--status", paramLabel = "ID", description = "Show the session ID as it is now: each node and "
                + "its worker, each queue's depth, the workers' counters. Starts and changes nothing.")
        String status;

        @Option(names = "--logs", paramLabel = "ID", description = "Print the last lines of each worker's log of the "
                + "session ID (see --node, --tail).")
        String logs;

        @Option(names = "--list", description = "List the sessions on this machine and, if a subscription is known "
                + "(see --subscription), in Azure.")
        boolean list;

        /** What a session action does to a session, or which sessions it looks at. */
        enum Kind { CREATE, UPDATE, USE, DELETE, STATUS, LOGS, LIST }

        /** The session action given; not for {@code --completion}, which touches no session. */
        Kind kind() {
            return create ? Kind.CREATE : update != null ? Kind.UPDATE : use != null ? Kind.USE
                    : delete != null ? Kind.DELETE : status != null ? Kind.STATUS : logs != null ? Kind.LOGS : Kind.LIST;
        }

        /** Whether the action only looks: --status, --logs or --list. */
        boolean looks() {
            return status != null || logs != null || list;
        }

        /** The flag of a looking action, for messages. */
        String lookingFlag() {
            return status != null ? "--status" : logs != null ? "--logs" : "--list";
        }
    }

    /** What stdout carries for a command's result. */
    enum Format { text, json }

    @Option(names = "--config", paramLabel = "FILE", description = "The session config (JSON), for --create and --update;"
            + " '-' reads it from stdin.")
    private Path config;

    @Option(names = "--local", description = "With --create: run the session on this machine (Azurite and local "
            + "worker processes) instead of Azure.")
    private boolean local;

    @Option(names = "--dry-run", description = "With --create, --update or --delete: print on stdout, as JSON, what "
            + "would be made, changed or deleted (resources, request bodies, the nodes' bootstrap script), secrets "
            + "redacted; call and change nothing.")
    private boolean dryRun;

    @Option(names = "--keep-on-failure", description = "With --create of an Azure session: if the create fails, keep "
            + "its resource group (the nodes and what their bootstrap printed) for inspection instead of deleting it; "
            + "--delete ID deletes it later.")
    private boolean keepOnFailure;

    @Mixin
    private SendFlags send;

    @Mixin
    private InspectFlags inspect;

    @Option(names = {"--output", "-o"}, paramLabel = "FORMAT", description = "text (default) or json: create, update"
            + " and use print the session (id, provider, service, queues, nodes) as one JSON object, with the send's "
            + "summary under \"send\"; delete prints {\"id\", \"deleted\"}; status, logs and list print what they show "
            + "as one JSON object.")
    private Format output = Format.text;

    /** Read where it acts: by main (the log level) and by ExecutionErrorHandler (the stack trace). */
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
        int code = commandLine(Sessions::fromEnvironment).execute(args);
        QueueAccount.releaseTransport();
        System.exit(code);
    }

    /** The command line, with the error handling of session.jar, over the sessions {@code sessions} supplies. */
    public static CommandLine commandLine(Supplier<Sessions> sessions) {
        return commandLine(sessions, System.in);
    }

    /** The command line over the sessions {@code sessions} supplies, with {@code stdin} as standard input. */
    public static CommandLine commandLine(Supplier<Sessions> sessions, InputStream stdin) {
        CommandLine commandLine = new CommandLine(new SessionCommand(sessions, stdin));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        AsciiNumbers.register(commandLine);
        commandLine.setExecutionExceptionHandler(new ExecutionErrorHandler());
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        return commandLine;
    }

    @Override
    public Integer call() throws InterruptedException {
        checkRules();
        if (action.completion) {
            return completion();
        }
        if (send.runsInTunedJvm()) {
            return SendJvm.run(spec.commandLine().getParseResult().originalArgs());
        }
        Sessions all = sessions.get();
        return switch (action.kind()) {
            case CREATE -> create(all);
            case UPDATE -> update(all);
            case USE -> sendAndPrint(all.get(ClusterId.parse(action.use)));
            case DELETE -> delete(all);
            case STATUS -> inspect.status(all, action.status, output == Format.json, out());
            case LOGS -> inspect.logs(all, action.logs, output == Format.json, out(), err());
            case LIST -> inspect.list(all, output == Format.json, out(), err());
        };
    }

    private int completion() {
        out().print(AutoComplete.bash("session", spec.commandLine()));
        out().flush();
        return ExitCode.OK;
    }

    private int create(Sessions all) throws InterruptedException {
        ClusterConfig clusterConfig = readConfig();
        Placement placement = local ? Placement.LOCAL : Placement.AZURE;
        if (dryRun) {
            return printPlan(all.planCreate(clusterConfig, placement));
        }
        Session session = all.create(clusterConfig, placement, new CreateOptions(keepOnFailure));
        log.info("Created session {}", session.id());
        if (output == Format.text) {
            out().println(session.id());
            out().flush();
        }
        return sendAndPrint(session);
    }

    private int update(Sessions all) throws InterruptedException {
        ClusterId id = ClusterId.parse(action.update);
        ClusterConfig clusterConfig = readConfig();
        if (dryRun) {
            return printPlan(all.planUpdate(id, clusterConfig));
        }
        Session session = all.update(id, clusterConfig);
        log.info("Updated session {}", session.id());
        return sendAndPrint(session);
    }

    /** The config {@code --config} names: a file, or stdin for {@code -}. */
    private ClusterConfig readConfig() {
        return config.toString().equals("-") ? ClusterConfigReader.read(stdin, "stdin (--config -)")
                : ClusterConfigReader.read(config);
    }

    private int delete(Sessions all) {
        ClusterId id = ClusterId.parse(action.delete);
        if (dryRun) {
            return printPlan(all.planDelete(id));
        }
        all.delete(id);
        log.info("Deleted session {}", id);
        if (output == Format.json) {
            printJson(Json.deleted(id));
        }
        return ExitCode.OK;
    }

    /** Sends to {@code session} if asked to, prints the session with {@code --output json}, and says how it went. */
    private int sendAndPrint(Session session) throws InterruptedException {
        // A SIGINT or SIGTERM during the send ends it with what it has, printed (see StopOnSignal).
        // So does its time limit, should a frozen queue service hold the run past it.
        try (StopOnSignal stop = send.given() ? StopOnSignal.install(send.timeLimit()) : null) {
            SendResult result = send.given() ? send.sendTo(session, stdin, out()) : null;
            if (output == Format.json) {
                printJson(Json.session(session, result));
            }
            return result == null ? ExitCode.OK : send.exitCodeOf(result, err(), stop.signal());
        }
    }

    private int printPlan(Plan plan) {
        printJson(Json.plan(plan));
        return ExitCode.OK;
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

    /**
     * The original's rules for combining options, in its order; a broken rule is a usage error. They
     * are checked here rather than declared to picocli so that each says, in the original's words,
     * what to do instead.
     */
    private void checkRules() {
        CommandLine commandLine = spec.commandLine();
        if (action.completion) {
            if (config != null || local || dryRun || keepOnFailure || send.anyGiven() || inspect.anyGiven()
                    || output != Format.text) {
                throw usage(commandLine, "--completion takes no other option");
            }
            return;
        }
        boolean needsConfig = action.create || action.update != null;
        if (needsConfig && config == null) {
            throw usage(commandLine, (action.create ? "--create" : "--update") + " needs --config FILE");
        }
        if (!needsConfig && config != null) {
            throw usage(commandLine, "--config only applies to --create and --update");
        }
        if (needsConfig && config.toString().equals("-") && send.readsStdin()) {
            throw usage(commandLine, "--config - and --send - cannot both read stdin: give the config as a file");
        }
        if (local && !action.create) {
            throw usage(commandLine, "--local only applies to --create: a session id already says where its session"
                    + " runs");
        }
        if (keepOnFailure && (!action.create || local)) {
            throw usage(commandLine, "--keep-on-failure only applies to --create of an Azure session: a failed --update "
                    + "keeps its session, and a local session that fails is removed");
        }
        if (dryRun && action.use != null) {
            throw usage(commandLine, "--dry-run applies to --create, --update and --delete: --use changes nothing");
        }
        if (dryRun && send.given()) {
            throw usage(commandLine, "--dry-run cannot be combined with --send: a dry run sends nothing");
        }
        if (send.given() && action.delete != null) {
            throw usage(commandLine, "--send cannot be combined with --delete");
        }
        if (dryRun && action.looks()) {
            throw usage(commandLine, "--dry-run applies to --create, --update and --delete: " + action.lookingFlag()
                    + " changes nothing");
        }
        if (send.given() && action.looks()) {
            throw usage(commandLine, "--send cannot be combined with " + action.lookingFlag() + ": it only looks");
        }
        inspect.check(commandLine, action.kind());
        send.check(commandLine);
    }
}
