package com.sessionjar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.cluster.azure.AzureClusterProvider;
import com.sessionjar.cluster.local.LocalClusterProvider;
import com.sessionjar.cluster.local.LocalSettings;
import com.sessionjar.protocol.ShellWords;
import com.sessionjar.session.Sessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Keeps the "Bad input" table of docs/errors.md honest: runs every row's input through the command,
 * in process, and checks that it prints the row's one line and exits with the row's code. How a row
 * is written is explained above the table.
 */
class BadInputTest {
    private static final Path ERRORS = Path.of("docs", "errors.md");
    private static final String HEADING = "# Bad input";
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    /** What follows the command in an input cell: {@code with config.json `{...}`}, {@code with M 65,537 × `a`}. */
    private static final Pattern WITH = Pattern.compile(" with (\\S+) (.+)");
    private static final Pattern REPEATED = Pattern.compile("([\\d,]+) × `([^`]+)`");
    private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9A-Fa-f]{4})");
    /** A session the row's command needs: {@code with local:<guid> a session of 2 nodes}. */
    private static final Pattern SESSION = Pattern.compile("a session of (\\d+) nodes");

    /** Where the row's files are, and the current directory its paths are shown relative to. */
    @TempDir
    Path dir;

    /** The sessions the row recorded for its command (only their records: nothing runs). */
    private final List<String> recorded = new ArrayList<>();

    private record Run(int code, String out, String err) {
    }

    /** The rows of the table: input, message, exit code. */
    static Stream<Arguments> rows() throws IOException {
        List<String> lines = Files.readAllLines(ERRORS);
        int heading = lines.indexOf(HEADING);
        assertTrue(heading >= 0, () -> ERRORS + " has no '" + HEADING + "' heading");
        int header = heading;
        while (header < lines.size() && !lines.get(header).startsWith("| input |")) {
            header++;
        }
        assertTrue(header < lines.size(), () -> ERRORS + " has no table with an '| input |' header");
        List<Arguments> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String line = lines.get(i).trim();
            String[] cells = line.substring(1, line.length() - 1).split("(?<!\\\\)\\|");
            assertEquals(3, cells.length, () -> "a row has input, message and exit: " + line);
            Matcher message = CODE.matcher(cells[1]);
            assertTrue(message.find(), () -> "the message is a code span: " + line);
            rows.add(Arguments.of(unescapePipes(cells[0].trim()), unescapePipes(message.group(1)),
                    Integer.parseInt(cells[2].trim())));
        }
        assertFalse(rows.isEmpty(), () -> ERRORS + ": the '" + HEADING + "' table has no rows");
        return rows.stream();
    }

    @Test
    void errorsDoc_listsBadInputOfEveryKind() throws IOException {
        List<String> inputs = rows().map(row -> (String) row.get()[0]).toList();
        System.out.println("BadInputTest: " + inputs.size() + " rows in " + ERRORS);

        assertTrue(inputs.size() >= 30, "only " + inputs.size() + " rows");
        for (String kind : List.of("--count", "--use \"\"", "--use local:", "config.json `", "--send M")) {
            assertTrue(inputs.stream().anyMatch(input -> input.contains(kind)), "no row with " + kind);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void badInput_printsTheTablesOneLine_andExitsWithItsCode(String input, String message, int exit) throws IOException {
        Run run = run(arguments(input));

        assertEquals(exit, run.code(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), () -> "one line on stderr, not: " + run.err());
        assertTrue(lines.get(0).startsWith("error: "), lines.get(0));
        String line = lines.get(0).substring("error: ".length()).replace(dir + dir.getFileSystem().getSeparator(), "");
        assertTrue(pattern(message).matcher(line).matches(), () -> "expected: " + message + "\n  but was: " + line);
        assertFalse(Files.exists(dir.resolve("home").resolve("azurite")), "Azurite must not have been touched");
        assertEquals(recorded, sessionsRecorded(), "no session may have been recorded but the row's own");
    }

    private List<String> sessionsRecorded() throws IOException {
        Path sessions = dir.resolve("home").resolve("sessions");
        if (!Files.isDirectory(sessions)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(sessions)) {
            return entries.map(entry -> "local:" + entry.getFileName()).sorted().toList();
        }
    }

    @Test
    void badConfig_withDebug_addsTheStackTrace() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), "{\"NodeCount\": 0}");

        Run run = run(List.of("--create", "--local", "--config", config.toString(), "--debug"));

        assertEquals(ExitCode.INVALID_INPUT, run.code(), run::toString);
        assertTrue(run.err().startsWith("error: " + config + ": NodeCount (0) must be at least 1"), run.err());
        assertTrue(run.err().contains("\tat com.sessionjar.cluster.ClusterConfigReader."), run.err());
    }

    @Test
    void badCommandLine_withDebug_addsTheStackTrace() {
        Run run = run(List.of("--use", "ID", "--count", "abc", "--debug"));

        assertEquals(ExitCode.INVALID_INPUT, run.code(), run::toString);
        assertTrue(run.err().startsWith("error: Invalid value for option '--count'"), run.err());
        assertTrue(run.err().contains("\tat picocli."), run.err());
    }

    private Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = SessionCommand.commandLine(this::localSessions);
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int code = command.execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /** Sessions kept in the test's own folder, with an Azurite port nothing listens on; nothing is started. */
    private Sessions localSessions() {
        Path home = dir.resolve("home");
        return new Sessions(new LocalClusterProvider(new LocalSettings(home, 1, null, home)), AzureClusterProvider.fromEnvironment());
    }

    /**
     * The arguments an input cell stands for, its files made: {@code (no options)}, or a code span
     * with the command line, then maybe {@code with NAME WHAT}. NAME is a {@code .json} file, WHAT
     * a code span with its text, {@code empty} or {@code a folder}; or NAME is a message, WHAT a
     * code span ({@code \}{@code uXXXX} for a character) or {@code N × `c`}; or NAME is a local
     * session id and WHAT {@code a session of N nodes}, recorded (workers that do not run, queues in
     * no Azurite) for commands that read only its record. Every {@code .json} argument is a file in
     * {@link #dir}; one not described is missing.
     */
    private List<String> arguments(String input) throws IOException {
        Matcher command = CODE.matcher(input);
        if (!command.find()) {
            assertEquals("(no options)", input);
            return List.of();
        }
        List<String> args = new ArrayList<>(ShellWords.split(command.group(1)));
        String rest = input.substring(command.end());
        if (!rest.isEmpty()) {
            Matcher with = WITH.matcher(rest);
            assertTrue(with.matches(), () -> "expected ' with NAME WHAT' after the command: " + input);
            String value = value(with.group(1), with.group(2));
            args.replaceAll(arg -> arg.equals(with.group(1)) ? value : arg);
        }
        args.replaceAll(arg -> arg.endsWith(".json") ? dir.resolve(arg).toString() : arg);
        return args;
    }

    private String value(String name, String what) throws IOException {
        if (name.startsWith("local:")) {
            Matcher nodes = SESSION.matcher(what);
            assertTrue(nodes.matches(), () -> "a session is 'a session of N nodes': " + what);
            record(name, Integer.parseInt(nodes.group(1)));
            return name;
        }
        Matcher code = CODE.matcher(what);
        Matcher repeated = REPEATED.matcher(what);
        if (name.endsWith(".json")) {
            Path file = dir.resolve(name);
            if (what.equals("a folder")) {
                Files.createDirectory(file);
            } else if (what.equals("empty")) {
                Files.writeString(file, "");
            } else {
                assertTrue(code.matches(), () -> "a file is `...`, empty or a folder: " + what);
                Files.writeString(file, code.group(1));
            }
            return name;
        }
        if (repeated.matches()) {
            return repeated.group(2).repeat(Integer.parseInt(repeated.group(1).replace(",", "")));
        }
        assertTrue(code.matches(), () -> "a message is `...` or N × `c`: " + what);
        return ESCAPE.matcher(code.group(1)).replaceAll(m -> Matcher.quoteReplacement(
                String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }

    /**
     * Records the local session {@code id} with {@code nodes} workers as session.jar would, queues in
     * the Azurite port of {@link #localSessions()}; its workers' pids are of no running process.
     */
    private void record(String id, int nodes) throws IOException {
        String guid = id.substring("local:".length());
        StringBuilder workers = new StringBuilder();
        for (int n = 1; n <= nodes; n++) {
            workers.append(n > 1 ? "," : "").append("{\"pid\": ").append(Integer.MAX_VALUE - n)
                    .append(", \"startedAt\": \"2025-01-02T03:04:05Z\", \"marker\": \"-Dsessionjar.session=").append(guid)
                    .append("\"}");
        }
        Path folder = Files.createDirectories(dir.resolve("home").resolve("sessions").resolve(guid));
        Files.writeString(folder.resolve("session.json"), "{\"id\": \"" + id + "\", \"config\": {\"Service\": \"echo\", "
                + "\"NodeCount\": " + nodes + "}, \"azuritePort\": 1, \"requestQueue\": \"clw-" + guid + "-requests\", "
                + "\"responseQueue\": \"clw-" + guid + "-responses\", \"workers\": [" + workers + "]}");
        recorded.add(id);
    }

    /** The table's message as a pattern for the whole line: {@code …} stands for any text. */
    private static Pattern pattern(String message) {
        return Pattern.compile(Stream.of(message.split("…", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }

    private static String unescapePipes(String cell) {
        return cell.replace("\\|", "|");
    }
}
