package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.it.SessionJar.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Local sessions end to end: the real jar, a real Azurite, real worker processes. */
class LocalSessionIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final Path temp = sessions.temp();
    private final SessionJar jar = sessions.jar();

    @Test
    void createSendUpdateDelete_leavesNothingBehind() throws Exception {
        Path echo = config("echo.json", "{\"SubScriptionId\": \"\", \"Service\": \"echo\"}");
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", echo.toString(), "--local", "--send", "hello",
                "--count", "400");
        assertEquals(0, created.exitCode(), created::toString);
        String id = created.stdout().trim();
        assertTrue(id.matches("local:[0-9a-f-]{36}"), created::toString);
        assertEquals(id + System.lineSeparator(), created.stdout(), "stdout holds the id and nothing else");
        assertTrue(created.stderr().contains("Created session " + id), created::toString);
        assertTrue(created.stderr().contains("Sent and received 400 messages in "), created::toString);
        assertEquals(1, SessionJar.workersOf(id).size());

        Result used = jar.run(RUN_TIMEOUT, "--use", id, "--send", "hi", "--count", "10");
        assertEquals(0, used.exitCode(), used::toString);
        assertTrue(used.stderr().contains("Sent and received 10 messages in "), used::toString);
        assertEquals("", used.stdout());

        // Every storage transaction is counted, the client's and the workers' (from their stats files).
        Result costed = jar.run(RUN_TIMEOUT, "--use", id, "--send", "cost", "--count", "400", "--output", "json");
        assertEquals(0, costed.exitCode(), costed::toString);
        JsonNode send = new ObjectMapper().readTree(costed.stdout()).get("send");
        long client = send.at("/transactions/client").asLong();
        long workers = send.at("/transactions/workers").asLong();
        // At the least a send and a delete per request by each side; a short run's worker figure may lag by 0.25 s.
        assertTrue(client >= 2 * 400 && client < 6 * 400, send::toString);
        assertTrue(workers >= 400 && workers < 6 * 400, send::toString);
        assertEquals((client + workers) / 400.0, send.at("/transactions/perRoundTrip").asDouble(), 0.001);
        assertTrue(send.at("/latencyMs/p50").asDouble() > 0
                && send.at("/latencyMs/p99").asDouble() >= send.at("/latencyMs/p50").asDouble(), send::toString);
        assertTrue(costed.stderr().contains("Storage transactions: "), costed::toString);
        Path stats = jar.sessionDirectory(id).resolve("worker-1.stats.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stats)));

        Path three = config("three.json", "{\"Service\": \"echo\", \"NodeCount\": 3}");
        Result updated = jar.run(RUN_TIMEOUT, "--update", id, "--config", three.toString(), "--send", "again", "--count",
                "300");
        assertEquals(0, updated.exitCode(), updated::toString);
        assertEquals(3, SessionJar.workersOf(id).size(), "three workers after NodeCount 1 -> 3");
        JsonNode record = jar.record(id);
        assertEquals(3, record.get("workers").size());
        assertEquals(3, record.get("config").get("NodeCount").asInt());

        // A second session shares Azurite: deleting the first must leave the second's queues and Azurite alone.
        Result other = jar.run(RUN_TIMEOUT, "--create", "--config", echo.toString(), "--local");
        assertEquals(0, other.exitCode(), other::toString);
        String otherId = other.stdout().trim();
        long azuritePid = azuritePid();
        assertTrue(queueExists(id, "requests") && queueExists(id, "responses"));

        Result deleted = jar.run(RUN_TIMEOUT, "--delete", id);
        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertTrue(deleted.stderr().contains("Deleted session " + id), deleted::toString);
        assertEquals(List.of(), SessionJar.workersOf(id), "no worker of the deleted session runs");
        assertFalse(Files.exists(jar.sessionDirectory(id)), "the deleted session's state is gone");
        assertFalse(queueExists(id, "requests") || queueExists(id, "responses"), "its queues are gone");
        assertTrue(queueExists(otherId, "requests") && queueExists(otherId, "responses"), "the other's remain");

        Result lastDeleted = jar.run(RUN_TIMEOUT, "--delete", otherId);
        assertEquals(0, lastDeleted.exitCode(), lastDeleted::toString);
        assertEquals(List.of(), SessionJar.workersOf(otherId));
        assertFalse(ProcessHandle.of(azuritePid).map(ProcessHandle::isAlive).orElse(false)
                && !SessionJar.isZombie(azuritePid), "Azurite stops with the last session");
        assertEquals(List.of(), SessionJar.processesWith(jar.home().toString()), "no process started by the tool remains");
    }

    @Test
    void stateFiles_areUserOnly_andHoldNoSecretInWorkerArguments() throws Exception {
        Path config = config("secret.json", "{\"EnvironmentVariables\": [{\"Name\": \"TOKEN\", \"SecureValue\": \"s3cr3t-"
                + "value\"}]}");
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        String id = created.stdout().trim();
        Path directory = jar.sessionDirectory(id);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(jar.home())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
        try (var files = Files.walk(directory)) { // the wake folder and its files too
            for (Path file : files.toList()) {
                assertEquals(Files.isDirectory(file) ? "rwx------" : "rw-------",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file::toString);
            }
        }
        for (long pid : SessionJar.workersOf(id)) {
            String arguments = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
            assertFalse(arguments.contains("s3cr3t-value"), "secure value in worker arguments");
            assertFalse(arguments.contains("AccountKey"), "connection string in worker arguments");
        }
        assertFalse(created.stderr().contains("s3cr3t-value"));
        try (var logs = Files.list(directory)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                assertFalse(Files.readString(log).contains("s3cr3t-value"), log::toString);
                assertFalse(Files.readString(log).contains("AccountKey="), log::toString);
            }
        }
    }

    @Test
    void useAndDelete_unknownSession_failWithExitCode3() throws Exception {
        String unknown = "local:" + UUID.randomUUID();
        Result used = jar.run(RUN_TIMEOUT, "--use", unknown, "--send", "x");
        assertEquals(3, used.exitCode(), used::toString);
        assertTrue(used.stderr().startsWith("error: No session " + unknown), used::toString);
        Result deleted = jar.run(RUN_TIMEOUT, "--delete", unknown);
        assertEquals(3, deleted.exitCode(), deleted::toString);
        assertFalse(deleted.stderr().contains("\tat "), "no stack trace without --debug");
    }

    @Test
    void delete_withCorruptRecord_stillStopsWorkersAndRemovesEverything() throws Exception {
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config("echo.json", "{}").toString(), "--local");
        String id = created.stdout().trim();
        assertEquals(1, SessionJar.workersOf(id).size());
        Files.writeString(jar.sessionDirectory(id).resolve("session.json"), "{ cut short");

        Result used = jar.run(RUN_TIMEOUT, "--use", id);
        assertEquals(5, used.exitCode(), used::toString);
        assertTrue(used.stderr().contains("Cannot read") && used.stderr().contains("session.json"), used::toString);

        Result deleted = jar.run(RUN_TIMEOUT, "--delete", id);
        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertEquals(List.of(), SessionJar.workersOf(id));
        assertFalse(Files.exists(jar.sessionDirectory(id)));
        assertEquals(List.of(), SessionJar.processesWith(jar.home().toString()), "Azurite stopped with the last session");
    }

    private long azuritePid() throws Exception {
        JsonNode azurite = new ObjectMapper()
                .readTree(jar.home().resolve("azurite").resolve("azurite.json").toFile());
        return azurite.get("pid").asLong();
    }

    private boolean queueExists(String id, String name) {
        return jar.queueExists("clw-" + guid(id) + "-" + name);
    }

    private Path config(String name, String json) throws Exception {
        return Files.writeString(temp.resolve(name), json);
    }

    private static String guid(String id) {
        return id.substring(id.indexOf(':') + 1);
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            Thread.sleep(50);
        }
    }
}
