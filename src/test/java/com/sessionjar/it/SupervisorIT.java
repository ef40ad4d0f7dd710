package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.it.SessionJar.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local supervisor, with real processes (the jar, the supervisor, Azurite, workers) at its
 * default interval of a second: a worker SIGKILLed with no command running is replaced within
 * 10 s; one that crashes at start-up is reported and retried less and less often; Azurite
 * SIGKILLed comes back on its port and data; a SIGKILLed supervisor is started again by the next command.
 */
class SupervisorIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern FAILED_START = Pattern.compile(
            "^(\\S+) \\[(?:WARN|ERROR)\\] Worker 1 of session \\S+ (?:did not start|keeps crashing at start-up)", Pattern.MULTILINE);

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final SessionJar jar = sessions.jar();

    @Test
    void workerKilled_withNoCommandRunning_isReplacedWithinTenSeconds() throws Exception {
        String id = create();
        long killed = workerPid(id);
        long start = System.nanoTime();
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();
        // The record names the new worker once it polls.
        waitFor(Duration.ofSeconds(10), () -> workerPid(id) != killed && SessionJar.workersOf(id).contains(workerPid(id)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertFalse(SessionJar.workersOf(id).contains(killed));
        assertTrue(log().contains("Restarted worker 1 of session " + id), log());
        Result used = jar.run(RUN_TIMEOUT, "--use", id, "--send", "again", "--count", "20");
        assertEquals(0, used.exitCode(), used::toString);
        assertTrue(used.stderr().contains("Sent and received 20 messages"), used::toString);
        assertFalse(used.stderr().contains("Restarted"), "--use found nothing to restart: " + used);
        System.out.println("SupervisorIT worker SIGKILL -> new worker polling after " + millis + " ms");
    }

    @Test
    void workerCrashingAtStartUp_isReported_andBackedOff() throws Exception {
        String id = create();
        // Without its request queue a worker exits at start-up ("was the session deleted?").
        assertTrue(jar.account().queue(jar.record(id).get("requestQueue").asText()).deleteIfExists());
        ProcessHandle.of(workerPid(id)).ifPresent(ProcessHandle::destroyForcibly);
        waitFor(Duration.ofSeconds(60), () -> failedStarts().size() >= 4);
        List<Instant> failures = failedStarts();
        String log = log();
        assertTrue(log.contains("[ERROR] Worker 1 of session " + id + " keeps crashing at start-up (3 times in a row)"), log);
        assertTrue(log.contains("does not exist"), "the report says why: " + log);
        // Each try waits twice as long as the one before: 1 s, 2 s, 4 s (and a start that fails takes some time of its own).
        for (int i = 1; i < 4; i++) {
            long gap = Duration.between(failures.get(i - 1), failures.get(i)).toMillis();
            assertTrue(gap >= (1000L << (i - 1)) - 100, "try " + (i + 1) + " came " + gap + " ms after the one before: " + log);
        }
        Result status = jar.run(RUN_TIMEOUT, "--status", id);
        assertTrue(status.stdout().contains("node 1: not running: keeps crashing at start-up ("), status::toString);
        Result logs = jar.run(RUN_TIMEOUT, "--logs", id);
        assertTrue(logs.stdout().contains("==> node supervisor <==") && logs.stdout().contains("keeps crashing"), logs::toString);
        System.out.println("SupervisorIT crash at start-up: failed starts at +0, +"
                + Duration.between(failures.get(0), failures.get(1)).toMillis() + ", +"
                + Duration.between(failures.get(0), failures.get(2)).toMillis() + ", +"
                + Duration.between(failures.get(0), failures.get(3)).toMillis() + " ms");
    }

    @Test
    void azuriteKilled_withNoCommandRunning_isRestartedOnItsPortAndData() throws Exception {
        String id = create();
        Result before = jar.run(RUN_TIMEOUT, "--use", id, "--send", "before", "--count", "50");
        assertEquals(0, before.exitCode(), before::toString);
        jar.awaitAzuriteSaved(id);
        long azurite = azuritePids().get(0);
        long start = System.nanoTime();
        ProcessHandle.of(azurite).orElseThrow().destroyForcibly();
        waitFor(Duration.ofSeconds(20), () -> !azuritePids().isEmpty() && !azuritePids().contains(azurite)
                && log().contains("Azurite serves again"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        // Same data: the session's queues, made before the kill, are there.
        assertTrue(jar.account().queue(jar.record(id).get("requestQueue").asText()).exists());
        Result after = jar.run(RUN_TIMEOUT, "--use", id, "--send", "after", "--count", "50");
        assertEquals(0, after.exitCode(), after::toString);
        assertTrue(after.stderr().contains("Sent and received 50 messages"), after::toString);
        System.out.println("SupervisorIT Azurite SIGKILL -> serving again after " + millis + " ms");
    }

    @Test
    void supervisorKilled_isStartedAgainByTheNextCommand() throws Exception {
        String id = create();
        List<Long> supervisors = jar.supervisors();
        assertEquals(1, supervisors.size(), "create started one supervisor: " + supervisors);
        ProcessHandle supervisor = ProcessHandle.of(supervisors.get(0)).orElseThrow();
        supervisor.destroyForcibly();
        supervisor.onExit().join();
        assertEquals(List.of(), jar.supervisors());
        Result used = jar.run(RUN_TIMEOUT, "--use", id, "--send", "x", "--count", "5");
        assertEquals(0, used.exitCode(), used::toString);
        List<Long> now = jar.supervisors();
        assertEquals(1, now.size(), now::toString);
        assertNotEquals(supervisors.get(0), now.get(0));
        Result again = jar.run(RUN_TIMEOUT, "--use", id, "--send", "x", "--count", "5");
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(now, jar.supervisors(), "a running supervisor is kept, not doubled");
    }

    private String create() throws Exception {
        Path config = Files.writeString(sessions.temp().resolve("echo.json"), "{\"Service\": \"echo\"}");
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        return created.stdout().trim();
    }

    private long workerPid(String id) {
        try {
            return jar.record(id).get("workers").get(0).get("pid").asLong();
        } catch (java.io.IOException e) {
            return -1; // replaced while read: ask again
        }
    }

    private List<Long> azuritePids() {
        return SessionJar.processesWith("--queuePort " + jar.azuritePort());
    }

    private String log() {
        try {
            Path log = jar.home().resolve("supervisor").resolve("supervisor.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<Instant> failedStarts() {
        Matcher m = FAILED_START.matcher(log());
        return m.results().map(r -> Instant.parse(r.group(1))).toList();
    }

    static void waitFor(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }
}
