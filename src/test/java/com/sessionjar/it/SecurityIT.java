package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.models.QueueStorageException;
import com.sessionjar.cluster.local.AzuriteAccount;
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
import java.util.Base64;
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
 * listening socket on loopback; programs run by a service do not get the connection string; and the
 * local queues refuse Azurite's development key, whose key is public.
 */
class SecurityIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /**
     * The one file allowed to hold a SecureValue: the session record, which --use needs to restart workers
     * (and the one allowed to hold the account key is {@link AzuriteAccount#FILE}).
     */
    private static final String SESSION_RECORD = "session.json";

    @RegisterExtension
    // The supervisor looks once an hour: it would otherwise restart, with the home's key, the development-key
    // Azurite the upgrade test starts, before the test has used it as an earlier session.jar would have.
    final LocalSessionsExtension sessions = new LocalSessionsExtension()
            .withEnvironment("SESSIONJAR_SUPERVISOR_POLL_MS", "3600000");
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
        for (Map.Entry<String, String> output : outputs.entrySet()) {
            checkNoSecret("the output of " + output.getKey(), output.getValue(), null, problems);
        }

        assertEquals(List.of(), problems);
        assertEquals(List.of(), SessionJar.workersOf(echo));
        assertEquals(List.of(), SessionJar.workersOf(cgi));
        assertEquals(List.of(), SessionJar.processesWith("--queuePort " + jar.azuritePort()), "Azurite is stopped");
        System.out.println("SecurityIT: scanned " + files + " files and " + outputs.size() + " runs' output, " + commandLines
                + " command lines, " + sockets + " listening sockets: no secret, all user-only, loopback only");
    }

    @Test
    void localQueues_refuseTheDevelopmentKey_keepTheirOwnKeyUserOnly_andOutOfEveryProcesssArguments() throws Exception {
        Path echoConfig = Files.writeString(temp.resolve("echo.json"), "{\"Service\": \"echo\"}");
        String echo = created(run("create echo", "--create", "--config", echoConfig.toString(), "--local", "--send", "hello"));
        String requestQueue = jar.record(echo).get("requestQueue").asText();

        // The key: made by session.jar, 64 random bytes, in a user-only file of the user's.
        Path keyFile = jar.home().resolve(AzuriteAccount.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile, LinkOption.NOFOLLOW_LINKS)));
        assertEquals(System.getProperty("user.name"), Files.getOwner(keyFile, LinkOption.NOFOLLOW_LINKS).getName());
        String key = accountKey();
        assertEquals(64, Base64.getDecoder().decode(key).length, "a 64-byte key");

        // The development key gets 403 from the session's Azurite; the home's key gets in.
        String dev = AzuriteProcess.devConnectionString(jar.azuritePort());
        QueueStorageException refused = assertThrows(QueueStorageException.class,
                () -> new QueueClientBuilder().connectionString(dev).queueName(requestQueue).buildClient().getProperties());
        assertEquals(403, refused.getStatusCode(), refused::getMessage);
        QueueStorageException refusedSend = assertThrows(QueueStorageException.class,
                () -> new QueueClientBuilder().connectionString(dev).queueName(requestQueue).buildClient().sendMessage("x"));
        assertEquals(403, refusedSend.getStatusCode(), refusedSend::getMessage);
        assertTrue(jar.account().queue(requestQueue).exists(), "the home's key reaches the session's queue");

        // Azurite has the key in its environment (readable by this user only), in no process's arguments.
        List<Long> azurite = SessionJar.processesWith("--queuePort " + jar.azuritePort());
        assertEquals(1, azurite.size(), "one Azurite: " + azurite);
        String environment = Files.readString(Path.of("/proc", azurite.get(0).toString(), "environ"));
        assertTrue(environment.contains("AZURITE_ACCOUNTS=" + AzuriteAccount.NAME + ":" + key + "\0"), "Azurite's environment");
        assertEquals(1, SessionJar.workersOf(echo).size());
        List<String> problems = new ArrayList<>();
        int commandLines = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                commandLines += checkCommandLine(Long.parseLong(process.getFileName().toString()), problems);
            }
        }
        assertEquals(List.of(), problems);

        // The key is the home's for good: the same after a --use and after the last session is deleted.
        run("use echo", "--use", echo, "--send", "again");
        run("delete echo", "--delete", echo);
        assertEquals(key, accountKey());
        for (Map.Entry<String, String> output : outputs.entrySet()) {
            checkNoSecret("the output of " + output.getKey(), output.getValue(), null, problems);
        }
        assertEquals(List.of(), problems);
        System.out.println("SecurityIT: the development key got " + refused.getStatusCode() + " " + refused.getErrorCode()
                + "; the key is in none of " + commandLines + " command lines");
    }

    @Test
    void anAzuriteSessionJarDidNotStart_refusingTheHomesKey_isLeftAlone_andSaysWhatToDo() throws Exception {
        Path echoConfig = Files.writeString(temp.resolve("echo.json"), "{\"Service\": \"echo\"}");
        try (AzuriteProcess foreign = AzuriteProcess.start(temp.resolve("foreign"))) {
            SessionJar other = new SessionJar(temp.resolve("other-home"), foreign.port());
            Result refused = other.run(RUN_TIMEOUT, "--create", "--config", echoConfig.toString(), "--local");
            assertEquals(5, refused.exitCode(), refused::toString);
            assertEquals(1, refused.stderr().strip().lines().count(), refused::toString);
            assertTrue(refused.stderr().contains("is served by an Azurite that session.jar did not start and that refuses"
                    + " this home's key (in " + other.home().resolve(AzuriteAccount.FILE) + ")")
                    && refused.stderr().contains("SESSIONJAR_AZURITE_PORT"), refused::toString);
            assertEquals(List.of(), other.sessionIds(), "nothing was created");
            assertTrue(ProcessHandle.of(foreign.pid()).map(ProcessHandle::isAlive).orElse(false), "the Azurite is left alone");
        }
    }

    @Test
    void anAzuriteAnEarlierSessionJarStartedWithTheDevelopmentKey_isRestartedWithTheHomesKey_keepingQueuesAndMessages()
            throws Exception {
        Path echoConfig = Files.writeString(temp.resolve("echo.json"), "{\"Service\": \"echo\"}");
        String echo = created(run("create echo", "--create", "--config", echoConfig.toString(), "--local", "--send", "hello"));
        long oldWorker = SessionJar.workersOf(echo).get(0);

        // What an earlier session.jar left: its Azurite on the same port and data, with the development key.
        long started = SessionJar.processesWith("--queuePort " + jar.azuritePort()).get(0);
        stopGently(started);
        Path data = jar.home().resolve("azurite").resolve("data");
        try (AzuriteProcess earlier = AzuriteProcess.start(data, jar.azuritePort())) {
            ProcessHandle process = ProcessHandle.of(earlier.pid()).orElseThrow();
            Files.writeString(jar.home().resolve("azurite").resolve("azurite.json"), "{\"pid\": " + earlier.pid()
                    + ", \"startedAt\": \"" + process.info().startInstant().orElseThrow() + "\", \"marker\": \"azurite-queue\"}");
            String requestQueue = jar.record(echo).get("requestQueue").asText();
            QueueClientBuilder dev = new QueueClientBuilder().connectionString(earlier.connectionString());
            assertTrue(dev.queueName(requestQueue).buildClient().getProperties() != null, "the session's queue, with the dev key");
            dev.queueName("keptacrosstheupgrade").buildClient().create();
            dev.queueName("keptacrosstheupgrade").buildClient().sendMessage("kept");

            Result used = run("use echo after the upgrade", "--use", echo, "--send", "again");
            assertTrue(used.stderr().contains("Restarting Azurite (pid " + earlier.pid() + ") with this home's own key")
                    && used.stderr().contains("sent 1, answered 1 "), used::toString);
            assertFalse(process.isAlive(), "the earlier Azurite was stopped");
            assertFalse(ProcessHandle.of(oldWorker).map(ProcessHandle::isAlive).orElse(false), "the old worker was stopped");
            assertEquals(1, SessionJar.workersOf(echo).size(), "a new worker runs");
            QueueStorageException refused = assertThrows(QueueStorageException.class,
                    () -> dev.queueName(requestQueue).buildClient().getProperties());
            assertEquals(403, refused.getStatusCode(), refused::getMessage);
            assertEquals("kept", new QueueClientBuilder().connectionString(jar.connectionString())
                    .queueName("keptacrosstheupgrade").buildClient().peekMessage().getBody().toString());
        }
        run("delete echo", "--delete", echo);
    }

    /** Stops Azurite {@code pid} with SIGINT, on which it saves its data and exits (it hangs on SIGTERM). */
    private static void stopGently(long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor());
        LocalSessionIT.waitUntil(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
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

    /** The home's account key, as session.jar made it. */
    private String accountKey() throws IOException {
        return Files.readString(jar.home().resolve(AzuriteAccount.FILE)).trim();
    }

    /** Each secret, by what it is. */
    private Map<String, String> secrets() throws IOException {
        return Map.of("the SecureValue", secureValue, "the account key", accountKey(), "the connection string",
                jar.connectionString());
    }

    /** Adds a problem for each secret in {@code text} but the one {@code allowed} (null: none). */
    private void checkNoSecret(String where, String text, String allowed, List<String> problems) throws IOException {
        for (Map.Entry<String, String> secret : secrets().entrySet()) {
            if (text.contains(secret.getValue()) && !secret.getValue().equals(allowed)) {
                problems.add(where + " contains " + secret.getKey());
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

    private int checkCommandLine(long pid, List<String> problems) throws IOException {
        String commandLine = ProcFs.commandLine(pid);
        checkNoSecret("the command line of pid " + pid + " (" + commandLine + ")", commandLine, null, problems);
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
                    String name = path.getFileName().toString();
                    checkNoSecret("file " + root.relativize(path), text, name.equals(SESSION_RECORD) ? secureValue
                            : name.equals(AzuriteAccount.FILE) ? accountKey() : null, problems);
                    files++;
                }
            }
        }
        return files;
    }
}
