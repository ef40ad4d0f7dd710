package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionjar.it.FaultIT.Accounting;
import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReceivedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End-to-end resends and a run riding through an outage of its queue service: real jar, real
 * Azurite killed with SIGKILL (so it may lose its latest writes), real worker processes. Each test
 * prints the figures of its run: resent, duplicates, lost (missing) and the time it took.
 */
class ResendIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern RESENT = Pattern.compile("; resent (\\d+)");
    /** A library's class name, as in io.netty.channel.AbstractChannel$AnnotatedConnectException. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(io\\.netty|com\\.azure|reactor\\.|java\\.)[\\w.$]*");

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final Path temp = sessions.temp();
    private final SessionJar jar = sessions.jar();

    @Test
    void azuriteKilledMidRun_andRestarted_everyRequestIsAnswered() throws Exception {
        // A short lease, so the resend rule's floor (30 s) is what a lost request waits.
        String id = create("{\"Service\": \"echo\", \"NodeCount\": 2, \"QueueOptions\": {\"MessageLease\": 5}}");
        jar.awaitAzuriteSaved(id); // what the kill loses is the run's messages, not the session's queues
        List<Long> workers = SessionJar.workersOf(id);
        long start = System.nanoTime();
        Process run = jar.start("--use", id, "--send", "crash", "--count", "3000");
        midRun(id, 3000);
        killAzurite();
        long killed = System.nanoTime();
        long back = awaitAzurite() - killed;
        Result result = SessionJar.result(run);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        Accounting figures = Accounting.of(result);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(3000, figures.answered());
        assertEquals(0, figures.missing());
        assertEquals(0, figures.errors());
        assertEquals(workers, SessionJar.workersOf(id), "the workers rode out the outage");
        System.out.println("ResendIT Azurite SIGKILL, restarted by the supervisor after " + back / 1_000_000 + " ms, 3,000"
                + " requests: " + figures.line() + ", resent " + resent(result) + ", " + seconds + " s; the reply queue lost and made again: "
                + result.stderr().contains("is gone (the queue service lost it?)") + "; an outage seen past the SDK's retries: "
                + result.stderr().contains("Cannot reach the local queue service"));
    }

    @Test
    void requestDeletedBehindTheClientsBack_isResentAndAnswered() throws Exception {
        String id = create("{\"Service\": \"echo\", \"QueueOptions\": {\"MessageLease\": 5},"
                + " \"EnvironmentVariables\": [{\"Name\": \"ECHO_Delay\", \"Value\": \"50\"}]}");
        long start = System.nanoTime();
        Process run = jar.start("--use", id, "--send", "deleted", "--count", "200");
        MessageQueue requests = queue(id, "requestQueue");
        String deleted = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (deleted == null && System.nanoTime() < deadline) {
            for (ReceivedMessage request : requests.receive(1, Duration.ofSeconds(60))) {
                requests.delete(request);
                deleted = request.text().substring(0, request.text().indexOf('\n'));
            }
        }
        assertTrue(deleted != null, "the test took no request from the queue");
        Result result = SessionJar.result(run);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        Accounting figures = Accounting.of(result);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(new Accounting(200, 200, 200, 0, 0, 0, 0, 0, 0), figures);
        assertEquals(1, resent(result), "only the deleted request is overdue");
        assertTrue(seconds >= 30, "a request is resent after the rule's floor of 30 s at the soonest: " + seconds + " s");
        System.out.println("ResendIT request deleted from the queue (" + deleted + "): " + figures.line() + ", resent "
                + resent(result) + ", " + seconds + " s");
    }

    @Test
    void azuriteKilledAndNotRestarted_runEndsAtItsBound_withOneLineAndItsSummary() throws Exception {
        // The supervisor, which would start Azurite again within seconds, looks once an hour here.
        jar.withEnvironment("SESSIONJAR_SUPERVISOR_POLL_MS", "3600000");
        String id = create("{\"Service\": \"echo\"}");
        jar.awaitAzuriteSaved(id);
        List<Long> workers = SessionJar.workersOf(id);
        long start = System.nanoTime();
        Process run = jar.start("--use", id, "--send", "gone", "--count", "3000", "--timeout", "30");
        midRun(id, 2000);
        killAzurite();
        long killed = System.nanoTime();
        Result result = SessionJar.result(run);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        Accounting figures = Accounting.of(result);
        assertEquals(5, result.exitCode(), result::toString);
        // --timeout 30 bounds the wait (counted once the run has started, after the JVMs' start).
        assertTrue(seconds < 50, "the run ended at its bound, not a call's retries later: " + seconds + " s");
        List<String> errors = result.stderr().lines().filter(line -> line.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), result::stderr);
        assertTrue(errors.get(0).matches("error: the local queue service \\(Azurite\\) at 127\\.0\\.0\\.1:" + jar.azuritePort()
                + " cannot be reached: no answer for \\d+ s \\(last: connection refused\\); is Azurite running\\? its supervisor restarts it within seconds; --use "
                + id + " starts both again"), errors.get(0));
        Matcher library = CLASS_NAME.matcher(result.stderr());
        assertFalse(library.find(), () -> "a library class on stderr: " + library.group() + " in " + result.stderr());
        assertTrue(figures.missing() > 0 && figures.answered() + figures.missing() == 3000, figures.line());
        assertTrue(result.stderr().contains("Sent and received " + figures.answered() + " messages in "), result::stderr);
        System.out.println("ResendIT Azurite SIGKILL, not restarted (--timeout 30): exit 5 after " + seconds + " s, "
                + figures.line() + ", resent " + resent(result) + "; " + errors.get(0));

        // The workers ride out a minute without a queue service, and serve once it is back.
        Thread.sleep(Math.max(0, Duration.ofSeconds(60).minusNanos(System.nanoTime() - killed).toMillis()));
        assertEquals(workers, SessionJar.workersOf(id), "no worker died or was restarted");
        long down = Duration.ofNanos(System.nanoTime() - killed).toSeconds();
        // --use starts Azurite again, on its port and data, as the supervisor would.
        Result after = jar.run(RUN_TIMEOUT, "--use", id, "--send", "back", "--count", "100");
        assertEquals(0, after.exitCode(), after::toString);
        assertEquals(100, Accounting.of(after).answered());
        assertEquals(workers, SessionJar.workersOf(id), "the same workers answered");
        System.out.println("ResendIT the same workers answer 100 requests after Azurite was down "
                + down + " s: " + Accounting.of(after).line());
    }

    /** Waits until the supervisor has started the killed Azurite again; returns when (System.nanoTime). */
    private long awaitAzurite() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!AzuriteProcess.isListening(jar.azuritePort())) {
            assertTrue(System.nanoTime() < deadline, "the supervisor did not start Azurite again within 30 s");
            Thread.sleep(50);
        }
        return System.nanoTime();
    }

    /** SIGKILLs the session's Azurite, which may lose its latest writes (the tests wait for it to save their queues). */
    private void killAzurite() {
        List<Long> pids = SessionJar.processesWith("--queuePort " + jar.azuritePort());
        assertEquals(1, pids.size(), pids::toString);
        ProcessHandle azurite = ProcessHandle.of(pids.get(0)).orElseThrow();
        azurite.destroyForcibly(); // SIGKILL
        azurite.onExit().join();
    }

    private static long resent(Result run) {
        Matcher m = RESENT.matcher(run.stderr());
        assertTrue(m.find(), () -> "no resent figure in " + run);
        return Long.parseLong(m.group(1));
    }

    private String create(String json) throws Exception {
        Path config = Files.writeString(Files.createTempFile(temp, "config", ".json"), json);
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        return created.stdout().trim();
    }

    private MessageQueue queue(String id, String field) throws Exception {
        JsonNode record = jar.record(id);
        return jar.account().queue(record.get(field).asText());
    }

    /** Waits until the client run has started sending, then {@code millis} more. */
    private void midRun(String id, long millis) throws Exception {
        MessageQueue requests = queue(id, "requestQueue");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (requests.approximateDepth() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(millis);
    }
}
