package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.it.SessionJar.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What is left after a create is interrupted, and what --delete removes when state files are
 * missing, garbled or half-written, with real processes (the jar, Azurite, workers): a SIGINT at
 * two points of a create leaves either a working session whose id was printed or nothing (no
 * worker with the session's marker, no queue, no record); a delete without a readable record stops
 * the workers found by their marker and deletes queues with custom names; a garbled azurite.json
 * does not keep the last delete from stopping Azurite.
 */
class CleanupIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final String CUSTOM = "{\"Service\": \"echo\", \"QueueOptions\": {\"RequestQueueName\": \"asks\","
            + " \"ResponseQueueName\": \"answers\"}}";

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final SessionJar jar = sessions.jar();

    @Test
    void sigterm_rightAfterTheRecordIsWritten_leavesNothingOrAWorkingSession() throws Exception {
        // Azurite runs already (another session), so the record is written early in the create.
        String other = create("{\"Service\": \"echo\"}");
        interruptCreate(() -> recordedSessions().size() > 1, other, "TERM");
    }

    @Test
    void sigint_whileTheWorkerStarts_leavesNothingOrAWorkingSession() throws Exception {
        interruptCreate(() -> recordedSessions().stream().anyMatch(g -> !SessionJar.workersOf("local:" + g).isEmpty()), null, "INT");
    }

    @Test
    void delete_withAGarbledRecord_stopsTheWorkers_andDeletesCustomNamedQueues() throws Exception {
        String keep = create("{\"Service\": \"echo\"}"); // Azurite stays: it is not the last session
        String id = create(CUSTOM);
        List<Long> workers = SessionJar.workersOf(id);
        assertEquals(1, workers.size());
        Files.writeString(jar.sessionDirectory(id).resolve("session.json"), "{\"id\": ");
        Result deleted = jar.run(RUN_TIMEOUT, "--delete", id);
        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertGone(id, workers);
        assertTrue(jar.queueExists(jar.record(keep).get("requestQueue").asText()), "the other session keeps its queues");
    }

    @Test
    void delete_withARemovedRecordAndAHalfWrittenOne_stopsTheWorkers_andDeletesTheQueues() throws Exception {
        String keep = create("{\"Service\": \"echo\"}");
        String id = create(CUSTOM);
        List<Long> workers = SessionJar.workersOf(id);
        Path record = jar.sessionDirectory(id).resolve("session.json");
        Files.delete(record);
        Files.writeString(record.resolveSibling("session.json.tmp"), "{\"id\": \"lo");
        Result deleted = jar.run(RUN_TIMEOUT, "--delete", id);
        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertGone(id, workers);
        Result again = jar.run(RUN_TIMEOUT, "--delete", id);
        assertEquals(3, again.exitCode(), "nothing is left of it: " + again);
        assertEquals(0, jar.run(RUN_TIMEOUT, "--delete", keep).exitCode());
    }

    @Test
    void lastDelete_withAGarbledAzuriteJson_stopsAzurite() throws Exception {
        String id = create("{\"Service\": \"echo\"}");
        List<Long> azurite = SessionJar.processesWith("--queuePort " + jar.azuritePort());
        assertFalse(azurite.isEmpty());
        Files.writeString(jar.home().resolve("azurite").resolve("azurite.json"), "{\"pid\": 1, ");
        Result deleted = jar.run(RUN_TIMEOUT, "--delete", id);
        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertTrue(deleted.stderr().contains("azurite.json"), "the garbled file is named: " + deleted);
        waitFor(Duration.ofSeconds(20), () -> SessionJar.processesWith("--queuePort " + jar.azuritePort()).isEmpty());
        assertFalse(Files.exists(jar.home().resolve("azurite").resolve("azurite.json")), "the garbled file is gone too");
    }

    /**
     * Starts a create, sends SIG{@code signal} once {@code point} holds, and checks that all or nothing of the session
     * is left. A JVM started with SIGINT ignored (a background job of a script, as in some CI runs) keeps ignoring it:
     * SIGTERM is sent instead, so that the test always interrupts.
     */
    private void interruptCreate(BooleanSupplier point, String other, String signal) throws Exception {
        Path config = Files.writeString(sessions.temp().resolve("interrupted.json"), "{\"Service\": \"echo\"}");
        Process create = jar.start("--create", "--config", config.toString(), "--local");
        waitFor(Duration.ofSeconds(60), () -> point.getAsBoolean() || !create.isAlive());
        String guid = recordedSessions().stream().filter(g -> other == null || !other.endsWith(g)).findFirst().orElseThrow();
        String sent = signal.equals("INT") && ignoresSigint(create.pid()) ? "TERM" : signal;
        new ProcessBuilder("kill", "-" + sent, Long.toString(create.pid())).start().waitFor();
        Result result = SessionJar.result(create);
        String id = "local:" + guid;
        if (result.stdout().contains(guid)) {
            System.out.println("CleanupIT: the create completed (exit " + result.exitCode() + ")");
            Result used = jar.run(RUN_TIMEOUT, "--use", id, "--send", "still", "--count", "5");
            assertEquals(0, used.exitCode(), used::toString);
            assertEquals(0, jar.run(RUN_TIMEOUT, "--delete", id).exitCode());
        } else {
            System.out.println("CleanupIT: the create was rolled back (exit " + result.exitCode() + "): " + result.stderr());
            assertEquals(sent.equals("INT") ? 130 : 143, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("Interrupted: removing what was made of session " + id), result::toString);
        }
        assertGone(id, List.of());
        if (other != null) {
            assertEquals(0, jar.run(RUN_TIMEOUT, "--delete", other).exitCode());
        }
    }

    private void assertGone(String id, List<Long> workers) {
        String guid = id.substring(id.indexOf(':') + 1);
        assertTrue(SessionJar.workersOf(id).isEmpty(), "no process with the session's marker: " + SessionJar.workersOf(id));
        workers.forEach(pid -> assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive() || SessionJar.isZombie(pid)).orElse(true),
                "worker " + pid + " stopped"));
        assertFalse(Files.exists(jar.sessionDirectory(id)), "no folder of the session");
        if (!SessionJar.processesWith("--queuePort " + jar.azuritePort()).isEmpty()) {
            List<String> left = jar.account().queue("x").siblingsStartingWith("clw-" + guid).keySet().stream().toList();
            assertTrue(left.isEmpty(), "no queue of the session: " + left);
        }
    }

    /** Whether process {@code pid} ignores SIGINT (bit 2 of SigIgn in /proc/PID/status). */
    private static boolean ignoresSigint(long pid) throws java.io.IOException {
        String ignored = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).trim();
        return (Long.parseLong(ignored, 16) & 2) != 0;
    }

    private List<String> recordedSessions() {
        try (var entries = Files.list(jar.home().resolve("sessions"))) {
            return entries.filter(e -> Files.exists(e.resolve("session.json"))).map(e -> e.getFileName().toString()).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private String create(String json) throws Exception {
        Path config = Files.writeString(sessions.temp().resolve("config-" + System.nanoTime() + ".json"), json);
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        return created.stdout().trim();
    }

    private static void waitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + timeout.toSeconds() + " s");
            Thread.sleep(20);
        }
    }
}
