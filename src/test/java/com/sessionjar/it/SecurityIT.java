package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.protocol.CgiReply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The security promises of local sessions, checked on the real jar, Azurite and workers: no secret
 * (the account key, the connection string, a config's SecureValue) in any output or log, in any
 * file under the home folder, or in any process's arguments; every file there user-only; every
 * listening socket on loopback; and programs run by a service do not get the connection string.
 */
class SecurityIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /** The one file allowed to hold a SecureValue: the session record, which --use needs to restart workers. */
    private static final String SESSION_RECORD = "session.json";

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final Path temp = sessions.temp();
    private final SessionJar jar = sessions.jar();
    private final String secureValue = "securityit-" + UUID.randomUUID();
    /** Every run's output, by a name for the failure message. */
    private final Map<String, String> outputs = new LinkedHashMap<>();

    @Test
    void localSessions_showNoSecret_keepFilesUserOnly_andListenOnLoopbackOnly() throws Exception {
        Path echoConfig = Files.writeString(temp.resolve("echo.json"), "{\"Service\": \"echo\", \"EnvironmentVariables\": ["
                + "{\"Name\": \"SECURITYIT_SECRET\", \"SecureValue\": \"" + secureValue + "\"}]}");
        // env without the secret line, then proof that the secret reached the program: exit 1 if it did not.
        String script = "env | grep -v ^SECURITYIT_SECRET=; test -n \\\"$SECURITYIT_SECRET\\\" && echo SECURITYIT_SECRET is set";
        Path cgiConfig = Files.writeString(temp.resolve("cgi.json"), "{\"Service\": \"cgi\", \"EnvironmentVariables\": ["
                + "{\"Name\": \"CGI_FileName\", \"Value\": \"/bin/sh\"}, "
                + "{\"Name\": \"CGI_Arguments\", \"Value\": \"-c '" + script + "'\"}, "
                + "{\"Name\": \"SECURITYIT_VISIBLE\", \"Value\": \"visible\"}, "
                + "{\"Name\": \"SECURITYIT_SECRET\", \"SecureValue\": \"" + secureValue + "\"}]}");

        String echo = created(run("create echo", "--create", "--config", echoConfig.toString(), "--local", "--send", "hello",
                "--count", "20"));
        run("use echo --debug", "--use", echo, "--send", "hi", "--count", "5", "--debug");
        run("update echo --debug", "--update", echo, "--config", echoConfig.toString(), "--debug");
        String cgi = created(run("create cgi", "--create", "--config", cgiConfig.toString(), "--local", "--send", "x"));
        Result debug = run("use cgi --debug", "--use", cgi, "--send", "y", "--count", "2", "--debug");

        // (e) the program got the user's variables, the secure one too, but not the connection string
        CgiReply reply = firstReply(debug);
        assertEquals(0, reply.exitCode(), reply::toString);
        assertTrue(reply.stdout().lines().anyMatch("SECURITYIT_VISIBLE=visible"::equals), reply::toString);
        assertTrue(reply.stdout().contains("SECURITYIT_SECRET is set"), reply::toString);
        assertFalse(reply.stdout().contains("Queues__ConnectionString"), reply::toString);

        // (b), (d): Azurite, the workers and whatever they run now
        List<Long> azurite = SessionJar.processesWith("--queuePort " + jar.azuritePort());
        assertEquals(1, azurite.size(), "one Azurite: " + azurite);
        List<Long> workers = new ArrayList<>(SessionJar.workersOf(echo));
        workers.addAll(SessionJar.workersOf(cgi));
        assertEquals(2, workers.size(), "a worker per session: " + workers);
        List<String> problems = new ArrayList<>();
        int commandLines = 0;
        int sockets = 0;
        for (long pid : withDescendants(azurite)) {
            commandLines += checkCommandLine(pid, problems);
            sockets += checkListening(pid, problems);
        }
        assertTrue(sockets > 0, "Azurite listens on at least one socket that was found, so the check can fail");
        for (long pid : withDescendants(workers)) {
            commandLines += checkCommandLine(pid, problems);
            sockets += checkListening(pid, problems);
        }

        // (a), (c): every file under the home folder, and every output
        int files = checkFiles(jar.home(), problems);
        run("delete echo", "--delete", echo);
        run("delete cgi", "--delete", cgi);
        outputs.forEach((name, text) -> checkNoSecret("the output of " + name, text, false, problems));

        assertEquals(List.of(), problems);
        assertEquals(List.of(), SessionJar.workersOf(echo));
        assertEquals(List.of(), SessionJar.workersOf(cgi));
        assertEquals(List.of(), SessionJar.processesWith("--queuePort " + jar.azuritePort()), "Azurite is stopped");
        System.out.println("SecurityIT: scanned " + files + " files and " + outputs.size() + " runs' output, " + commandLines
                + " command lines, " + sockets + " listening sockets: no secret, all user-only, loopback only");
    }

    private Result run(String name, String... args) throws Exception {
        Result result = jar.run(RUN_TIMEOUT, args);
        outputs.put(name, result.stdout() + result.stderr());
        assertEquals(0, result.exitCode(), () -> name + ": " + result);
        return result;
    }

    private static String created(Result result) {
        return result.stdout().trim();
    }

    /** The first reply that --debug logged. */
    private static CgiReply firstReply(Result result) {
        String marker = "Received reply: ";
        return result.stderr().lines().filter(line -> line.contains(marker)).findFirst()
                .map(line -> CgiReply.parse(line.substring(line.indexOf(marker) + marker.length())))
                .orElseThrow(() -> new AssertionError("no reply logged: " + result));
    }

    private List<String> secrets() {
        return List.of(AzuriteProcess.devKey(), AzuriteProcess.connectionString(jar.azuritePort()), secureValue);
    }

    private void checkNoSecret(String where, String text, boolean mayHoldSecureValue, List<String> problems) {
        for (String secret : secrets()) {
            if (text.contains(secret) && !(mayHoldSecureValue && secret.equals(secureValue))) {
                problems.add(where + " contains " + (secret.equals(secureValue) ? "the SecureValue"
                        : secret.startsWith("Default") ? "the connection string" : "the account key"));
            }
        }
    }

    private static List<Long> withDescendants(List<Long> pids) {
        List<Long> all = new ArrayList<>();
        for (long pid : pids) {
            all.add(pid);
            ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(child -> all.add(child.pid())));
        }
        return all;
    }

    private int checkCommandLine(long pid, List<String> problems) {
        String commandLine = ProcFs.commandLine(pid);
        checkNoSecret("the command line of pid " + pid + " (" + commandLine + ")", commandLine, false, problems);
        return commandLine.isEmpty() ? 0 : 1;
    }

    private static int checkListening(long pid, List<String> problems) throws IOException {
        List<InetSocketAddress> listening = ProcFs.listeningSockets(pid);
        for (InetSocketAddress address : listening) {
            if (!address.getAddress().isLoopbackAddress()) {
                problems.add("pid " + pid + " (" + ProcFs.commandLine(pid) + ") listens on " + address);
            }
        }
        return listening.size();
    }

    /** Checks every file and folder under {@code root}, itself included; returns how many files it read. */
    private int checkFiles(Path root, List<String> problems) throws IOException {
        int files = 0;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                Set<PosixFilePermission> permissions;
                try {
                    permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                } catch (java.nio.file.NoSuchFileException e) {
                    continue; // a temporary file, gone meanwhile
                }
                String mode = PosixFilePermissions.toString(permissions);
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    if (!mode.equals("rwx------")) {
                        problems.add("folder " + root.relativize(path) + " is " + mode + ", not rwx------");
                    }
                    continue;
                }
                if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                    problems.add("file " + root.relativize(path) + " is " + mode + ": group or others have rights");
                }
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    // Latin-1 maps every byte to a char, so binary files are searched too.
                    String text = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
                    checkNoSecret("file " + root.relativize(path), text,
                            path.getFileName().toString().equals(SESSION_RECORD), problems);
                    files++;
                }
            }
        }
        return files;
    }
}
