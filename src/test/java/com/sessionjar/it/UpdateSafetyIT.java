package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionjar.it.SessionJar.Result;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 20, item 2: a config the worker would refuse is refused before anything changes, and an
 * update whose new workers fail to start leaves the session as it was. The real jar, a real
 * Azurite, real worker processes.
 */
class UpdateSafetyIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final Path temp = sessions.temp();
    private final SessionJar jar = sessions.jar();

    @Test
    void badWorkerSetting_isRefusedWithExit2_atCreateUpdateAndDryRun_beforeAnyChange() throws Exception {
        String id = createEcho();
        List<Long> workers = SessionJar.workersOf(id);
        String record = Files.readString(jar.sessionDirectory(id).resolve("session.json"));
        Path bad = config("bad.json", variable("Worker__Concurrency", "0"));

        Result updated = jar.run(RUN_TIMEOUT, "--update", id, "--config", bad.toString());

        assertEquals(2, updated.exitCode(), updated::toString);
        assertOneErrorLine(updated, "Worker__Concurrency (0) must be a whole number from 1 to 10,000");
        assertEquals(workers, SessionJar.workersOf(id), "the old workers still run");
        assertEquals(record, Files.readString(jar.sessionDirectory(id).resolve("session.json")), "record unchanged");
        Result used = jar.run(RUN_TIMEOUT, "--use", id, "--send", "still-here", "--count", "5");
        assertEquals(0, used.exitCode(), used::toString);
        assertTrue(used.stderr().contains("Sent and received 5 messages in "), used::toString);

        for (String[] setting : new String[][] {{"Worker__Concurrency", "0"}, {"ECHO_Delay", "-5"},
                {"Queues__QueryInterval", "0"}}) {
            Path config = config(setting[0] + ".json", variable(setting[0], setting[1]));
            Result dryUpdate = jar.run(RUN_TIMEOUT, "--update", id, "--config", config.toString(), "--dry-run");
            assertEquals(2, dryUpdate.exitCode(), dryUpdate::toString);
            assertOneErrorLine(dryUpdate, setting[0] + " (" + setting[1] + ") must be a whole number");
            Result dryCreate = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local", "--dry-run");
            assertEquals(2, dryCreate.exitCode(), dryCreate::toString);
            Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local");
            assertEquals(2, created.exitCode(), created::toString);
            assertOneErrorLine(created, setting[0] + " (" + setting[1] + ") must be a whole number");
        }
        assertEquals(List.of(id), jar.sessionIds(), "no session was made of a refused config");
    }

    @Test
    void update_whoseNewWorkersFailToStart_keepsTheOldWorkersAndConfig_andSaysSo() throws Exception {
        String id = createEcho();
        List<Long> workers = SessionJar.workersOf(id);
        String record = Files.readString(jar.sessionDirectory(id).resolve("session.json"));
        // Sound settings, so validation passes; the gRPC server they start exits at once, found only at start-up.
        Path failing = config("grpc.json", "{\"Service\": \"grpc\", \"EnvironmentVariables\": ["
                + "{\"Name\": \"GRPC_ServerURL\", \"Value\": \"http://127.0.0.1:" + freePort() + "\"},"
                + "{\"Name\": \"GRPC_ServerFileName\", \"Value\": \"/bin/sh\"},"
                + "{\"Name\": \"GRPC_ServerArguments\", \"Value\": \"-c 'exit 3'\"},"
                + "{\"Name\": \"GRPC_ServerUpTimeout\", \"Value\": \"2\"}]}");

        Result updated = jar.run(RUN_TIMEOUT, "--update", id, "--config", failing.toString());

        assertEquals(5, updated.exitCode(), updated::toString);
        assertOneErrorLine(updated, "Worker 1 exited at start-up");
        assertTrue(updated.stderr().contains("nothing was changed: session " + id
                + " keeps its previous config and its 1 running worker(s)"), updated::toString);
        assertEquals(workers, SessionJar.workersOf(id), "the old worker still runs");
        assertEquals(record, Files.readString(jar.sessionDirectory(id).resolve("session.json")), "record unchanged");
        Result used = jar.run(RUN_TIMEOUT, "--use", id, "--send", "echoed", "--count", "5");
        assertEquals(0, used.exitCode(), used::toString);
        assertTrue(used.stderr().contains("Sent and received 5 messages in "), used::toString);
        assertEquals(workers, SessionJar.workersOf(id), "--use found nothing to restart");

        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", failing.toString(), "--local");
        assertEquals(5, created.exitCode(), created::toString);
        assertOneErrorLine(created, "Worker 1 exited at start-up");
        assertTrue(created.stderr().contains("nothing was kept of the session"), created::toString);
        assertFalse(created.stderr().contains("(see "), "no path to a log removed with the session: " + created);
        assertEquals(List.of(id), jar.sessionIds());
    }

    @Test
    void update_thatReplacesWorkers_startsTheNewOnesAndStopsTheOld() throws Exception {
        String id = createEcho();
        long old = SessionJar.workersOf(id).get(0);
        Path delayed = config("delayed.json", "{\"NodeCount\": 2, " + variable("ECHO_Delay", "1").substring(1));

        Result updated = jar.run(RUN_TIMEOUT, "--update", id, "--config", delayed.toString(), "--send", "new",
                "--count", "20");

        assertEquals(0, updated.exitCode(), updated::toString);
        List<Long> now = SessionJar.workersOf(id);
        assertEquals(2, now.size(), now::toString);
        assertFalse(now.contains(old), "the old worker was stopped");
        JsonNode config = jar.record(id).get("config");
        assertEquals("ECHO_Delay", config.at("/EnvironmentVariables/0/Name").asText());
        assertEquals(2, jar.record(id).get("workers").size());
        assertNotEquals(List.of(old), now);
    }

    private String createEcho() throws Exception {
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config("echo.json", "{}").toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        String id = created.stdout().trim();
        assertEquals(1, SessionJar.workersOf(id).size());
        return id;
    }

    private static void assertOneErrorLine(Result result, String fragment) {
        List<String> errors = result.stderr().lines().filter(line -> line.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), result::toString);
        assertTrue(errors.get(0).contains(fragment), result::toString);
        assertFalse(result.stderr().contains("\tat "), "no stack trace without --debug");
    }

    private static String variable(String name, String value) {
        return "{\"EnvironmentVariables\": [{\"Name\": \"" + name + "\", \"Value\": \"" + value + "\"}]}";
    }

    private Path config(String name, String json) throws Exception {
        return Files.writeString(temp.resolve(name), json);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
