package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    /** The config the session was made with. */
    private Path config;

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
        assertEquals(5, result.exitCode(), result::toString);
        // 10 s counted from the run's start; then 0.5 s until the run is stopped, 0.25 s for a call to end, 0.5 s for
        // its reply queue's delete, and the two JVMs' exit (measured: about 11 s; before, 13 s, the SDK's shutdown
        // hook waiting 5 s for a delete it ran). Before fail-bound: for good (a reply queue delete never returned).
        assertTrue(sinceSending < 13, "the run ended within a second or two of its --timeout: " + sinceSending + " s");
        assertTrue(seconds < 30, "the command ended within a few seconds of its --timeout: " + seconds + " s");
        List<String> errors = result.stderr().lines().filter(line -> line.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), result::stderr);
        // The service answered none of the run's calls in its last seconds: it, not the workers, is named.
        assertTrue(errors.get(0).matches("error: the local queue service \\(Azurite\\) at 127\\.0\\.0\\.1:" + jar.azuritePort()
                + " cannot be reached: no answer for \\d+ s; is Azurite running\\?.*"), errors.get(0));
        assertTrue(figures.missing() > 0 && figures.answered() + figures.missing() == 3000, figures.line());
        System.out.printf("FrozenAzuriteIT Azurite SIGSTOP mid-run (--timeout 10): exit 5 after %.1f s from launch, %.1f s after its first request was seen, %s; %s; %s%n",
                seconds, sinceSending, figures.line(), errors.get(0), result.stderr().lines().filter(l -> l.contains("Sent ")).toList());

        // Resumed, the session serves again.
        Result after = jar.run(RUN_TIMEOUT, "--use", id, "--send", "back", "--count", "100", "--timeout", "60");
        assertEquals(0, after.exitCode(), after::toString);
        assertEquals(100, Accounting.of(after).answered());
    }

    @Test
    void azuriteKilledMidRun_andNotRestarted_timeoutBoundsTheCommand_inOneLineWithoutClassNames() throws Exception {
        String id = create();
        long azurite = azuritePid();
        Process run = jar.start("--use", id, "--send", "killed", "--count", "500", "--timeout", "10");
        awaitSending(id);
        long sending = System.nanoTime(); // the run's clock started before this
        Thread.sleep(500);
        signal("KILL", azurite);
        Result result = SessionJar.result(run);
        double sinceSending = (System.nanoTime() - sending) / 1e9;

        assertEquals(5, result.exitCode(), result::toString);
        // 10 s from the run's start, 0.5 s until the watchdog, 0.25 s for a call to end, 0.5 s for the reply queue's
        // delete (measured: 11 s). Before: the SDK's retries of a refused connection, about 25 s, then a class name.
        assertTrue(sinceSending < 13, "ended within a second or two of its --timeout: " + sinceSending + " s");
        List<String> errors = result.stderr().lines().filter(line -> line.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), result::stderr);
        assertTrue(errors.get(0).startsWith("error: the local queue service (Azurite) at 127.0.0.1:" + jar.azuritePort()
                + " cannot be reached: no answer for "), errors.get(0));
        assertFalse(result.stderr().contains("com.azure") || result.stderr().contains("io.netty")
                || result.stderr().contains("Exception"), result::stderr);
        System.out.printf("FrozenAzuriteIT Azurite SIGKILL mid-run (--timeout 10): exit 5 %.1f s after its first request"
                + " was seen; %s%n", sinceSending, errors.get(0));

        // The next --use starts Azurite again, on its data; a SIGKILLed Azurite may have lost its last seconds of
        // writes, the session's queues among them (made just before): then it says so, and --update makes them again.
        Result after = jar.run(RUN_TIMEOUT, "--use", id, "--send", "back", "--count", "10", "--timeout", "60");
        if (after.exitCode() != 0) {
            assertTrue(after.exitCode() == 5 && after.stderr().contains("is gone (the session was deleted, or its queue"
                    + " service lost its data): --update " + id + " makes it again"), after::toString);
            Result update = jar.run(RUN_TIMEOUT, "--update", id, "--config", config.toString());
            assertEquals(0, update.exitCode(), update::toString);
            after = jar.run(RUN_TIMEOUT, "--use", id, "--send", "back", "--count", "10", "--timeout", "60");
        }
        assertEquals(0, after.exitCode(), after::toString);
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
        config = Files.writeString(Files.createTempFile(temp, "config", ".json"), "{\"Service\": \"echo\"}");
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
