package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.it.FaultIT.Accounting;
import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.queue.MessageQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A frozen queue service (the session's own Azurite stopped with SIGSTOP): --timeout still bounds
 * the command, which ends with its summary and the timed-out line, and a command that finds it
 * frozen names it as ours in one line. Real jar, real Azurite, real workers; whatever the test
 * stops, it resumes (SIGCONT) before it ends.
 */
class FrozenAzuriteIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final Path temp = sessions.temp();
    // The supervisor, which would restart an Azurite that does not answer, looks once an hour here.
    private final SessionJar jar = sessions.jar().withEnvironment("SESSIONJAR_SUPERVISOR_POLL_MS", "3600000");

    @Test
    void azuriteFrozenMidRun_timeoutStillBoundsTheCommand_withItsSummary() throws Exception {
        String id = create();
        long azurite = azuritePid();
        long start = System.nanoTime();
        Process run = jar.start("--use", id, "--send", "frozen", "--count", "3000", "--timeout", "10");
        Result result;
        long sending;
        try {
            awaitSending(id);
            sending = System.nanoTime(); // the run's clock started before this
            Thread.sleep(500);
            signal("STOP", azurite);
            result = SessionJar.result(run);
        } finally {
            signal("CONT", azurite);
        }
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        double sinceSending = (end - sending) / 1e9;
        Accounting figures = Accounting.of(result);
        assertEquals(1, result.exitCode(), result::toString);
        // 10 s counted from the run's start; then at most 1 s until the run is stopped and 2 s for its reply queue's
        // delete, and the two JVMs' exit (measured: about 15 s). Before: for good (a reply queue delete never returned).
        assertTrue(sinceSending < 18, "the run ended within a few seconds of its --timeout: " + sinceSending + " s");
        assertTrue(seconds < 30, "the command ended within a few seconds of its --timeout: " + seconds + " s");
        List<String> errors = result.stderr().lines().filter(line -> line.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), result::stderr);
        assertTrue(errors.get(0).matches("error: timed out after 10 s: \\d+ of 3000 replies missing \\(\\d+ requests sent\\);"
                + " rerun with a longer --timeout or check the session's workers"), errors.get(0));
        assertTrue(figures.missing() > 0 && figures.answered() + figures.missing() == 3000, figures.line());
        System.out.printf("FrozenAzuriteIT Azurite SIGSTOP mid-run (--timeout 10): exit 1 after %.1f s from launch, %.1f s after its first request was seen, %s; %s; %s%n",
                seconds, sinceSending, figures.line(), errors.get(0), result.stderr().lines().filter(l -> l.contains("Sent ")).toList());

        // Resumed, the session serves again.
        Result after = jar.run(RUN_TIMEOUT, "--use", id, "--send", "back", "--count", "100", "--timeout", "60");
        assertEquals(0, after.exitCode(), after::toString);
        assertEquals(100, Accounting.of(after).answered());
    }

    @Test
    void azuriteFrozen_useNamesItAsOurs_inOneLine() throws Exception {
        String id = create();
        long azurite = azuritePid();
        long start = System.nanoTime();
        Result result;
        try {
            signal("STOP", azurite);
            result = jar.run(RUN_TIMEOUT, "--use", id, "--send", "frozen", "--timeout", "10");
        } finally {
            signal("CONT", azurite);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(5, result.exitCode(), result::toString);
        assertEquals(List.of("error: The local queue service (Azurite, pid " + azurite + ") is stopped (SIGSTOP?): kill -CONT "
                + azurite + " resumes it"), result.stderr().lines().filter(line -> !line.isBlank()).toList(), result::toString);
        assertTrue(seconds < 10, "named at once, not after a minute's wait: " + seconds + " s");
        System.out.printf("FrozenAzuriteIT --use with Azurite SIGSTOPped: exit 5 after %.1f s%n", seconds);

        Result after = jar.run(RUN_TIMEOUT, "--use", id, "--send", "back", "--count", "10", "--timeout", "60");
        assertEquals(0, after.exitCode(), after::toString);
    }

    private long azuritePid() {
        List<Long> pids = SessionJar.processesWith("--queuePort " + jar.azuritePort());
        assertEquals(1, pids.size(), pids::toString);
        return pids.get(0);
    }

    /** Sends signal {@code name} (STOP, CONT) to process {@code pid}. */
    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name + " " + pid);
    }

    private String create() throws Exception {
        Path config = Files.writeString(Files.createTempFile(temp, "config", ".json"), "{\"Service\": \"echo\"}");
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        return created.stdout().trim();
    }

    /** Waits until the client run has put requests in the session's request queue. */
    private void awaitSending(String id) throws Exception {
        MessageQueue requests = jar.account().queue(jar.record(id).get("requestQueue").asText());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (requests.approximateDepth() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
