package com.sessionjar.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.cluster.local.AzuriteAccount;
import com.sessionjar.queue.QueueAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the built {@code target/session.jar} as a user would, as a separate process, against a
 * home folder and Azurite port of the test's own, so tests never touch the user's sessions.
 */
public final class SessionJar {
    /**
     * The cache folder ({@code XDG_CACHE_HOME}) of every command of a test run, beside the jar: the
     * class-data-sharing archive of the jar is made once for the run, not once per test's home, and
     * the user's own cache is not touched.
     */
    private static final Path SHARED_CACHE = Path.of(System.getProperty("sessionjar.jar", "target/session.jar"))
            .toAbsolutePath().getParent().resolve("it-cache");
    private final Path home;
    private final int azuritePort;
    private final Map<String, String> extraEnvironment = new java.util.concurrent.ConcurrentHashMap<>();

    /** A runner whose sessions live under {@code home}, with Azurite on a free port. */
    public SessionJar(Path home) throws IOException {
        this(home, AzuriteProcess.freePort());
    }

    /** A runner whose sessions live under {@code home}, with Azurite on {@code azuritePort} (one already serving there is used). */
    public SessionJar(Path home, int azuritePort) {
        this.home = home;
        this.azuritePort = azuritePort;
    }

    /** The result of one run. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    public Path home() {
        return home;
    }

    public int azuritePort() {
        return azuritePort;
    }

    /** Runs session.jar with {@code args} and waits for it, at most {@code timeout}. */
    public Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        Process process = start(args);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("session.jar " + String.join(" ", args) + " did not finish within " + timeout);
        }
        return result(process);
    }

    /** Starts session.jar with {@code args}, output captured to files in the home folder. */
    public Process start(String... args) throws IOException {
        return start(null, args);
    }

    /** Starts session.jar with {@code args} reading {@code stdin} (null: none), output captured to files. */
    public Process start(Path stdin, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        Files.createDirectories(home.getParent());
        Path out = Files.createTempFile(home.getParent(), "out", ".txt");
        Path err = Files.createTempFile(home.getParent(), "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        putEnvironment(builder.environment());
        Process process = builder.start();
        OUTPUTS.put(process.pid(), new Path[] {out, err});
        return process;
    }

    /** Puts the variables that point session.jar at this runner's home and Azurite into {@code environment}. */
    public void putEnvironment(Map<String, String> environment) {
        environment.put("SESSIONJAR_HOME", home.toString());
        environment.put("SESSIONJAR_AZURITE_PORT", Integer.toString(azuritePort));
        environment.put("SESSIONJAR_AZURITE", AzuriteProcess.executable());
        environment.put("XDG_CACHE_HOME", SHARED_CACHE.toString());
        environment.putAll(extraEnvironment);
    }

    /** Runs session.jar with variable {@code name} set to {@code value} too (e.g. the supervisor's interval); returns this runner. */
    public SessionJar withEnvironment(String name, String value) {
        extraEnvironment.put(name, value);
        return this;
    }

    /** The supervisor's marker: it names the home folder, so that the supervisors of other tests are told apart. */
    public String supervisorMarker() {
        return "-Dsessionjar.supervisor=" + home.toAbsolutePath().normalize();
    }

    /** Pids of the live supervisor processes of this runner's home folder. */
    public List<Long> supervisors() {
        return processesWith(supervisorMarker());
    }

    /** The home's own account in the Azurite on this runner's port, its key read (or made) as session.jar does. */
    public String connectionString() {
        return AzuriteAccount.of(home).connectionString(azuritePort);
    }

    /** The home's own account in the Azurite on this runner's port. */
    public QueueAccount account() {
        return QueueAccount.fromConnectionString(connectionString());
    }

    /** Whether the queue {@code name} exists in the home's account (Azurite 3.37 refuses to list queues). */
    public boolean queueExists(String name) {
        return account().queue(name).exists();
    }

    private static final Map<Long, Path[]> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The exit code and output of a finished process started by {@link #start}. */
    public static Result result(Process process) throws IOException, InterruptedException {
        process.waitFor();
        Path[] files = OUTPUTS.remove(process.pid());
        return new Result(process.exitValue(), Files.readString(files[0]), Files.readString(files[1]));
    }

    /** The session record of {@code id} ({@code local:<guid>}), as JSON. */
    public JsonNode record(String id) throws IOException {
        return new ObjectMapper().readTree(sessionDirectory(id).resolve("session.json").toFile());
    }

    /** The ids of the sessions recorded under the home folder. */
    public List<String> sessionIds() throws IOException {
        Path sessions = home.resolve("sessions");
        if (!Files.isDirectory(sessions)) {
            return List.of();
        }
        try (var entries = Files.list(sessions)) {
            return entries.map(entry -> "local:" + entry.getFileName()).sorted().toList();
        }
    }

    /**
     * Waits until the home's Azurite has written session {@code id}'s two queues to its metadata file. It
     * writes that file when it starts and then every 5 s: an Azurite SIGKILLed sooner after the queues were
     * made comes back without them (and the session's next run says its queues are gone). A test that kills
     * Azurite to see an outage, not a loss, waits for this first.
     */
    public void awaitAzuriteSaved(String id) throws IOException, InterruptedException {
        JsonNode record = record(id);
        List<String> queues = List.of(record.get("requestQueue").asText(), record.get("responseQueue").asText());
        Path file = home.resolve("azurite").resolve("data").resolve("__azurite_db_queue__.json");
        SupervisorIT.waitFor(Duration.ofSeconds(30), () -> {
            String saved = readIfThere(file);
            return queues.stream().allMatch(queue -> saved.contains("\"" + queue + "\""));
        });
    }

    private static String readIfThere(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Path sessionDirectory(String id) {
        return home.resolve("sessions").resolve(id.substring(id.indexOf(':') + 1));
    }

    /** Pids of the live (not zombie) processes whose command line contains {@code marker}. */
    public static List<Long> processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .filter(p -> !isZombie(p.pid()))
                .map(ProcessHandle::pid)
                .collect(Collectors.toList());
    }

    /** The command line of process {@code pid}, or "" if it is gone. */
    public static String commandLineOf(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
    }

    /** Pids of the live worker processes of session {@code id}. */
    public static List<Long> workersOf(String id) {
        return processesWith("-Dsessionjar.session=" + id.substring(id.indexOf(':') + 1));
    }

    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true; // gone
        }
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("sessionjar.jar", "target/session.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " does not exist: run the integration tests with mvn verify");
        }
        return jar;
    }

    /** The folder of the class-data-sharing archives these commands use (see launch/ClassArchive). */
    public Path classArchives() {
        return Path.of(extraEnvironment.getOrDefault("XDG_CACHE_HOME", SHARED_CACHE.toString()), "session-jar", "cds");
    }

    /** Runs session.jar with a cache folder of its own, so that it makes its own class-data-sharing archive; returns this runner. */
    public SessionJar withOwnCache() {
        return withEnvironment("XDG_CACHE_HOME", home.resolveSibling(home.getFileName() + "-cache").toString());
    }

    /**
     * Waits until the background build that a first {@code --use} started has put its archive in
     * place, at most {@code timeout}, and returns it.
     */
    public Path awaitClassArchive(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(classArchives())) {
                try (var files = Files.list(classArchives())) {
                    List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
                    if (archives.size() == 1 && processesWith(classArchives().toString()).isEmpty()) {
                        return archives.get(0);
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no class-data-sharing archive in " + classArchives() + " after " + timeout);
    }

    /** Deletes every session left under the home folder and stops what they run: a safety net for failed tests. */
    public void cleanUp() throws IOException, InterruptedException {
        Path sessions = home.resolve("sessions");
        if (Files.isDirectory(sessions)) {
            try (var entries = Files.list(sessions)) {
                for (Path entry : entries.toList()) {
                    run(Duration.ofMinutes(2), "--delete", "local:" + entry.getFileName());
                }
            }
        }
        // Deleting the last session stops the supervisor (and one whose sessions went otherwise stops itself within a poll).
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!supervisors().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<Long> left = supervisors();
        // A supervisor left would restart Azurite: it goes first.
        for (long pid : left) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().join();
            });
        }
        processesWith("--queuePort " + azuritePort).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        // A class-data-sharing archive still being built in this runner's own cache (launch/ClassArchive):
        // nothing to keep. One in the shared cache is the other tests' too, and ends by itself in seconds.
        if (extraEnvironment.containsKey("XDG_CACHE_HOME")) {
            processesWith(classArchives().toString()).forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().join();
            }));
        }
        if (!left.isEmpty()) {
            throw new AssertionError("the supervisor of " + home + " was still running after its sessions were deleted: pid " + left);
        }
    }

    static Duration seconds(long n) {
        return Duration.ofSeconds(n);
    }
}
