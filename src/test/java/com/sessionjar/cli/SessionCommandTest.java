package com.sessionjar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.ClusterProvider;
import com.sessionjar.cluster.CreateOptions;
import com.sessionjar.cluster.azure.AzureClusterProvider;
import com.sessionjar.cluster.local.LocalClusterProvider;
import com.sessionjar.cluster.local.LocalSettings;
import com.sessionjar.session.Sessions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Proxy;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class SessionCommandTest {
    /** For command lines that break a rule: those must be refused before any session is touched. */
    private static final Supplier<Sessions> NO_SESSIONS = () -> {
        throw new AssertionError("rules must be checked before sessions are used");
    };

    @TempDir
    Path home;

    private record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(Supplier<Sessions> sessions, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = SessionCommand.commandLine(sessions);
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Sessions kept in the test's own folder, with an Azurite port nothing listens on; nothing is started. */
    private Sessions localSessions() {
        return new Sessions(new LocalClusterProvider(new LocalSettings(home, 1, null, home)), AzureClusterProvider.fromEnvironment());
    }

    /** Asserts {@code run} failed with {@code code} and exactly one line "error: ...", without a stack trace. */
    private void assertOneLineError(Run run, int code, String... fragments) {
        assertEquals(code, run.code(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        String line = run.errLines().get(0);
        assertTrue(line.startsWith("error: "), line);
        for (String fragment : fragments) {
            assertTrue(line.contains(fragment), () -> "expected '" + fragment + "' in: " + line);
        }
        assertFalse(run.err().lines().anyMatch(l -> l.startsWith("\tat ")), run.err());
        assertFalse(Files.exists(home.resolve("azurite")), "Azurite must not have been touched");
        assertFalse(Files.exists(home.resolve("sessions")), "no session may have been recorded");
    }

    static Stream<Arguments> ruleViolations() {
        return Stream.of(
                Arguments.of("", "Missing required argument (specify one of these): (--create | --update=ID"),
                Arguments.of("--create --use X", "--create, --use=ID are mutually exclusive"),
                Arguments.of("--use X --delete Y", "--use=ID, --delete=ID are mutually exclusive"),
                Arguments.of("--create", "--create needs --config FILE"),
                Arguments.of("--create --local", "--create needs --config FILE"),
                Arguments.of("--update ID", "--update needs --config FILE"),
                Arguments.of("--use ID --config F", "--config only applies to --create and --update"),
                Arguments.of("--delete ID --config F", "--config only applies to --create and --update"),
                Arguments.of("--delete ID --send x", "--send cannot be combined with --delete"),
                Arguments.of("--use ID --send x --count 0", "--count (0) must be at least 1"),
                Arguments.of("--use ID --send x --count -1", "--count (-1) must be at least 1"),
                Arguments.of("--use ID --count 2", "--count needs --send MESSAGE"),
                Arguments.of("--use ID --local", "--local only applies to --create"),
                Arguments.of("--update ID --config F --local", "--local only applies to --create"),
                Arguments.of("--use ID --dry-run", "--dry-run applies to --create, --update and --delete"),
                Arguments.of("--create --config F --dry-run --send x", "--dry-run cannot be combined with --send"),
                Arguments.of("--completion --dry-run", "--completion takes no other option"),
                Arguments.of("--use ID --keep-on-failure", "--keep-on-failure only applies to --create of an Azure session"),
                Arguments.of("--update ID --config F --keep-on-failure", "--keep-on-failure only applies to --create"),
                Arguments.of("--create --local --config F --keep-on-failure", "--keep-on-failure only applies to --create"),
                Arguments.of("--bogus", "Unknown option: '--bogus'"),
                Arguments.of("--use ID --send x --count abc", "Invalid value for option '--count': 'abc' is not a whole number"),
                Arguments.of("--create --local --config - --send -", "--config - and --send - cannot both read stdin"),
                Arguments.of("--use ID --send x --count \u0663", "'\u0663' is not a whole number written with the digits 0-9"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("ruleViolations")
    void execute_ruleBroken_exitsTwoWithOneLineAndHint(String args, String message) {
        Run run = run(NO_SESSIONS, args.isEmpty() ? new String[0] : args.split(" "));

        assertOneLineError(run, ExitCode.INVALID_INPUT, message, "; run with --help for usage");
        assertFalse(run.err().contains("Usage: session"), run::toString);
    }

    @Test
    void dryRun_localCreate_printsThePlanAndStartsNothing() throws Exception {
        Path config = Files.writeString(home.resolve("config.json"), "{\"NodeCount\": 3, \"EnvironmentVariables\": "
                + "[{\"Name\": \"TOKEN\", \"SecureValue\": \"s3cret-value\"}, {\"Name\": \"MODE\", \"Value\": \"fast\"}]}");
        Run run = run(this::localSessions, "--create", "--local", "--config", config.toString(), "--dry-run");

        assertEquals(ExitCode.OK, run.code(), run::toString);
        JsonNode plan = new ObjectMapper().readTree(run.out());
        assertEquals("create", plan.get("action").asText());
        assertEquals("local", plan.get("provider").asText());
        assertEquals(3, plan.get("workers").asInt());
        assertEquals("fast", plan.at("/workerEnvironment/MODE").asText());
        assertEquals("<redacted>", plan.at("/workerEnvironment/TOKEN").asText());
        assertEquals("<redacted>", plan.at("/workerEnvironment/Queues__ConnectionString").asText());
        assertFalse(run.out().contains("s3cret-value") || run.err().contains("s3cret-value"), run::toString);
        assertFalse(Files.exists(home.resolve("azurite")), "a dry run starts no Azurite");
        assertFalse(Files.exists(home.resolve("sessions")), "a dry run records no session");
    }

    @Test
    void dryRun_localCreate_withConfigFromStdin_withByteOrderMark_printsThePlan() throws Exception {
        byte[] config = ("\uFEFF{\"NodeCount\": 2, \"Service\": \"echo\"}").getBytes(StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = SessionCommand.commandLine(this::localSessions, new ByteArrayInputStream(config));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));

        int code = cmd.execute("--create", "--local", "--config", "-", "--dry-run");

        assertEquals(ExitCode.OK, code, err::toString);
        assertEquals(2, new ObjectMapper().readTree(out.toString()).get("workers").asInt(), out::toString);
        assertFalse(Files.exists(home.resolve("sessions")), "a dry run records no session");
    }

    @Test
    void create_withBadConfigFromStdin_exitsTwoNamingStdin() {
        StringWriter err = new StringWriter();
        CommandLine cmd = SessionCommand.commandLine(this::localSessions,
                new ByteArrayInputStream("{\"NodeCount\": 0}".getBytes(StandardCharsets.UTF_8)));
        cmd.setOut(new PrintWriter(new StringWriter()));
        cmd.setErr(new PrintWriter(err));

        int code = cmd.execute("--create", "--local", "--config", "-");

        assertEquals(ExitCode.INVALID_INPUT, code, err::toString);
        assertEquals("error: stdin (--config -): NodeCount (0) must be at least 1", err.toString().strip());
        assertFalse(Files.exists(home.resolve("sessions")), "nothing recorded");
    }

    @Test
    void dryRun_delete_namesWhatWouldGo_andDeletesNothing() throws Exception {
        String id = "local:c49d8c24-3062-44b8-9a80-8e8164d4d340";
        Run run = run(this::localSessions, "--delete", id, "--dry-run");

        assertEquals(ExitCode.OK, run.code(), run::toString);
        JsonNode plan = new ObjectMapper().readTree(run.out());
        assertEquals("delete", plan.get("action").asText());
        assertEquals(id, plan.get("id").asText());
    }

    @Test
    void list_withoutAzureCredentials_listsTheLocalSessions_andSaysWhyNotAzuresInOneLine() {
        // The tests' Azure credential is the Azure CLI's only (AZURE_TOKEN_CREDENTIALS), and there is no az.
        Run run = run(this::localSessions, "--list");

        assertEquals(ExitCode.OK, run.code(), run::toString);
        assertEquals("", run.out(), "no session here");
        List<String> azure = run.errLines().stream().filter(line -> line.contains("Azure sessions are not listed")).toList();
        assertEquals(1, azure.size(), run::toString);
        assertTrue(azure.get(0).contains("no Azure credentials worked"), azure.get(0));

        Run json = run(this::localSessions, "--list", "--output", "json");
        assertEquals("{\"sessions\":[],\"azureNotListed\":\"no Azure credentials worked (tried what "
                + "AZURE_TOKEN_CREDENTIALS=AzureCliCredential allows): run 'az login' (or set AZURE_CLIENT_ID, AZURE_TENANT_ID "
                + "and AZURE_CLIENT_SECRET for a service principal) and try again\"}", json.out().strip());
    }

    @Test
    void execute_help_printsOptionsAndExitCodes() {
        Run run = run(NO_SESSIONS, "--help");

        assertEquals(ExitCode.OK, run.code(), run::toString);
        assertTrue(run.out().contains("--create"), run.out());
        assertTrue(run.out().contains("--local"), run.out());
        assertTrue(run.out().contains("Exit codes"), run.out());
        assertTrue(run.out().contains("no such session"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void completion_printsABashScript_thatCompletesOptionsAndTheirValues() throws Exception {
        Run run = run(NO_SESSIONS, "--completion");
        assertEquals(ExitCode.OK, run.code(), run::toString);
        assertEquals("", run.err());
        Path script = Files.writeString(home.resolve("session_completion"), run.out());

        assertEquals(List.of("--create"), complete(script, "session --cre"));
        assertEquals(List.of("json", "text"), complete(script, "session --use x --output ").stream().sorted().toList());
        assertTrue(complete(script, "session --").containsAll(List.of("--send", "--replies", "--completion", "--output")));
    }

    /** What bash completes {@code line} (cursor at its end) to, with {@code script} sourced. */
    private static List<String> complete(Path script, String line) throws Exception {
        String words = String.join(" ", line.endsWith(" ") ? List.of(line.strip().split(" ")) : List.of(line.split(" ")))
                + (line.endsWith(" ") ? " ''" : "");
        String bash = "source '" + script + "' && COMP_WORDS=(" + words + ") && COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))"
                + " && COMP_LINE='" + line + "' && COMP_POINT=${#COMP_LINE} && _picocli_session 2>/dev/null;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process process = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), out);
        return out.lines().filter(word -> !word.isEmpty()).toList();
    }

    @Test
    void completion_withOtherOptions_isAUsageError() {
        assertOneLineError(run(NO_SESSIONS, "--completion", "--send", "x"), ExitCode.INVALID_INPUT,
                "--completion takes no other option");
    }

    @Test
    void execute_version_printsSessionJarVersion() {
        Run run = run(NO_SESSIONS, "--version");

        assertEquals(ExitCode.OK, run.code(), run::toString);
        assertTrue(run.out().startsWith("session.jar "), run.out());
        assertFalse(run.out().contains("${"), "build.properties must be filtered: " + run.out());
        assertEquals("", run.err());
    }

    @Test
    void execute_useMalformedId_exitsTwoWithOneLine() {
        Run run = run(this::localSessions, "--use", "not-an-id");

        assertOneLineError(run, ExitCode.INVALID_INPUT, "error: Invalid session id 'not-an-id'",
                "local:<cluster-guid>");
    }

    @Test
    void execute_deleteMalformedId_exitsTwoWithOneLine() {
        Run run = run(this::localSessions, "--delete", "local:123");

        assertOneLineError(run, ExitCode.INVALID_INPUT, "error: Invalid session id 'local:123'");
    }

    @Test
    void execute_createWithMissingConfig_exitsTwoSayingDoesNotExist() {
        Path missing = home.resolve("missing.json");

        Run run = run(this::localSessions, "--create", "--config", missing.toString(), "--local");

        assertOneLineError(run, ExitCode.INVALID_INPUT, missing.toString(), "does not exist");
    }

    @Test
    void execute_createWithBadConfig_exitsTwoNamingKey() throws Exception {
        Path config = Files.writeString(home.resolve("bad.json"), "{\"NodeCount\": 0}");

        Run run = run(this::localSessions, "--create", "--config", config.toString(), "--local");

        assertOneLineError(run, ExitCode.INVALID_INPUT, "NodeCount (0) must be at least 1");
    }

    @Test
    void execute_createAndSendUnsendableMessage_exitsTwoBeforeCreatingAnything() throws Exception {
        Path config = Files.writeString(home.resolve("echo.json"), "{}");

        Run run = run(this::localSessions, "--create", "--config", config.toString(), "--local", "--send", "a\u0001b");

        assertOneLineError(run, ExitCode.INVALID_INPUT, "error: Message has character U+0001 at index 1");
    }

    @Test
    void execute_createAzureWithoutSubscription_exitsTwoPointingToLocal() throws Exception {
        Path config = Files.writeString(home.resolve("echo.json"), "{\"SubScriptionId\": \"\", \"Service\": \"echo\"}");

        Run run = run(this::localSessions, "--create", "--config", config.toString());

        assertOneLineError(run, ExitCode.INVALID_INPUT, "SubScriptionId is empty", "--local");
    }

    @Test
    void execute_useUnknownLocalSession_exitsThreeSayingNoSession() {
        String id = "local:" + UUID.randomUUID();

        Run run = run(this::localSessions, "--use", id);

        assertOneLineError(run, ExitCode.NOT_FOUND, "error: No session " + id);
    }

    @Test
    void execute_deleteUnknownLocalSession_exitsThreeSayingNoSession() {
        String id = "local:" + UUID.randomUUID();

        Run run = run(this::localSessions, "--delete", id);

        assertOneLineError(run, ExitCode.NOT_FOUND, "error: No session " + id);
    }

    @Test
    void execute_programmingError_exitsFour_sayingItIsABug_inOneLine() {
        Run run = run(() -> {
            throw new IllegalStateException("the packer holds no item");
        }, "--use", "local:" + UUID.randomUUID());

        assertEquals(ExitCode.INTERNAL, run.code(), run::toString);
        assertEquals("", run.out());
        assertEquals(List.of("error: internal error (a bug in session.jar), please report it with the output of --debug: "
                + "the packer holds no item"), run.errLines());
    }

    @Test
    void execute_nullPointer_exitsFour_withTheStackTraceUnderDebug() {
        Run run = run(() -> {
            throw new NullPointerException("sessions");
        }, "--use", "local:" + UUID.randomUUID(), "--debug");

        assertEquals(ExitCode.INTERNAL, run.code(), run::toString);
        assertTrue(run.err().startsWith("error: internal error (a bug in session.jar)"), run.err());
        assertTrue(run.err().contains("\tat com.sessionjar.cli."), run.err());
    }

    @Test
    void create_keepOnFailure_reachesTheProvider_andAFailedCreateExitsFiveInOneLine() throws Exception {
        Path config = Files.writeString(home.resolve("azure.json"), "{\"SubScriptionId\": \"" + UUID.randomUUID() + "\"}");
        List<CreateOptions> asked = new ArrayList<>();
        // An Azure provider whose create records its options and fails as a create with a failed node does.
        ClusterProvider failing = (ClusterProvider) Proxy.newProxyInstance(ClusterProvider.class.getClassLoader(),
                new Class<?>[] {ClusterProvider.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("owns")) {
                        return !((ClusterId) arguments[0]).isLocal();
                    }
                    if (method.getName().equals("create") && arguments.length == 2) {
                        asked.add((CreateOptions) arguments[1]);
                        throw new InfrastructureException("1 of 2 node(s) of scale set clw-x-nodes failed (node 1; what "
                                + "each said is above)");
                    }
                    throw new AssertionError("not asked: " + method);
                });
        Supplier<Sessions> sessions = () -> new Sessions(new LocalClusterProvider(new LocalSettings(home, 1, null, home)),
                failing);

        Run kept = run(sessions, "--create", "--config", config.toString(), "--keep-on-failure");
        Run deleted = run(sessions, "--create", "--config", config.toString());

        assertEquals(List.of(new CreateOptions(true), CreateOptions.DEFAULT), asked);
        assertEquals(ExitCode.UNAVAILABLE, kept.code(), kept::toString);
        assertEquals("", kept.out(), "no id on stdout for a create that failed");
        assertEquals(List.of("error: 1 of 2 node(s) of scale set clw-x-nodes failed (node 1; what each said is above)"),
                kept.errLines());
        assertEquals(ExitCode.UNAVAILABLE, deleted.code(), deleted::toString);
    }

    @Test
    void execute_infrastructureFailure_exitsFive_withoutCallingItABug() {
        Run run = run(() -> {
            throw new InfrastructureException("Port 10001 on 127.0.0.1 is taken");
        }, "--use", "local:" + UUID.randomUUID());

        assertEquals(ExitCode.UNAVAILABLE, run.code(), run::toString);
        assertEquals(List.of("error: Port 10001 on 127.0.0.1 is taken"), run.errLines());
    }
}
