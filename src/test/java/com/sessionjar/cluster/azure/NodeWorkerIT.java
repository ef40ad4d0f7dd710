package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.EnvironmentVariable;
import com.sessionjar.it.AzuriteProcess;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.queue.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a node runs, run here: the systemd unit's ExecStart, with the worker environment file the
 * node script writes (read as systemd reads an EnvironmentFile), starts a real worker process from
 * session.jar, which answers requests from a real Azurite standing in for the session's storage account.
 */
@EnabledOnOs(OS.LINUX)
class NodeWorkerIT {
    /** A value with everything an EnvironmentFile must escape. */
    private static final String TRICKY = "p@ss \"quoted\" $HOME `cmd` back\\slash";
    private static final Pattern LINE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir
    Path folder;

    @Test
    void theNodesWorkerEnvironment_startsAWorkerThatAnswers() throws Exception {
        try (AzuriteProcess azurite = AzuriteProcess.start(folder.resolve("azurite"))) {
            ClusterConfig config = new ClusterConfig(AzureSessionFake.SUBSCRIPTION, null, "echo",
                    List.of(new EnvironmentVariable("TOKEN", null, TRICKY)), List.of(), 1, null, null, null);
            String script = NodeBootstrap.script(AzurePlan.bootstrapInput(AzureSessionFake.ID, AzureSessionFake.NAMES,
                    config, azurite.connectionString(), AzureSessionFake.ACCOUNT_KEY, AzureAccess.defaults(),
                    "ab".repeat(32)));
            Map<String, String> environment = systemdEnvironment(workerEnvironmentFile(script));
            assertEquals(TRICKY, environment.get("TOKEN"));
            // The node's worker keeps its stats in its home, where --status reads them; here, in the test's folder.
            assertEquals(AzureNodes.STATS_FILE, environment.get(StatsFile.VARIABLE));
            environment.put(StatsFile.VARIABLE, folder.resolve("worker.stats.json").toString());

            QueueAccount account = QueueAccount.fromConnectionString(azurite.connectionString());
            MessageQueue requests = account.queue("requests");
            MessageQueue responses = account.queue("responses");
            requests.createIfNotExists();
            responses.createIfNotExists();
            ProcessBuilder builder = new ProcessBuilder(execStart(script))
                    .redirectErrorStream(true).redirectOutput(folder.resolve("worker.log").toFile());
            builder.environment().clear();
            builder.environment().put("PATH", System.getenv("PATH"));
            builder.environment().putAll(environment);
            Process worker = builder.start();
            try {
                requests.send("hello from a node's environment");
                ReceivedMessage reply = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (reply == null && System.nanoTime() < deadline && worker.isAlive()) {
                    List<ReceivedMessage> received = responses.receive(1, Duration.ofSeconds(30));
                    reply = received.isEmpty() ? null : received.get(0);
                    if (reply == null) {
                        Thread.sleep(200);
                    }
                }
                assertNotNull(reply, () -> "no reply; worker log:\n" + read(folder.resolve("worker.log")));
                assertEquals("hello from a node's environment", reply.text());
                assertTrue(Files.exists(folder.resolve("worker.stats.json")), "the worker keeps its stats");
                String environ = Files.readString(Path.of("/proc/" + worker.pid() + "/environ"), StandardCharsets.UTF_8);
                assertTrue(environ.contains("\0TOKEN=" + TRICKY + "\0") || environ.startsWith("TOKEN=" + TRICKY + "\0"),
                        "the worker sees the SecureValue as given");
            } finally {
                worker.destroy();
                if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                }
            }
        }
    }

    /** The content the script writes to the worker's environment file (Base64 in the script). */
    private static String workerEnvironmentFile(String script) {
        return written(script, NodeBootstrap.ENVIRONMENT_FILE);
    }

    /** The unit's ExecStart, with this machine's java and the jar under test for the node's. */
    private static List<String> execStart(String script) {
        String unit = written(script, NodeBootstrap.UNIT_FILE);
        String line = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        return List.of(line.substring("ExecStart=".length()).split(" ")).stream()
                .map(word -> word.equals("/usr/bin/java") ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
                        : word.equals(NodeBootstrap.LOCAL_JAR) ? System.getProperty("sessionjar.jar", "target/session.jar")
                        : word)
                .toList();
    }

    private static String written(String script, String file) {
        Matcher matcher = Pattern.compile("(?m)^write_file " + Pattern.quote(file) + " \\d+ '([A-Za-z0-9+/=]+)'$")
                .matcher(script);
        assertTrue(matcher.find(), "the script writes " + file);
        return new String(Base64.getDecoder().decode(matcher.group(1)), StandardCharsets.UTF_8);
    }

    /**
     * The variables of an EnvironmentFile as systemd reads the form the script writes: comments and
     * blank lines skipped, {@code NAME="value"} with a backslash taking the next character as it is.
     */
    private static Map<String, String> systemdEnvironment(String file) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : file.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            assertTrue(matcher.matches(), "an EnvironmentFile line: " + line);
            variables.put(matcher.group(1), matcher.group(2).replaceAll("\\\\(.)", "$1"));
        }
        return variables;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }
}
