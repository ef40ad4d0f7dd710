package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.queue.models.QueueStorageException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReceivedMessage;
import com.sessionjar.protocol.ReplyQueues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fault-injection suite: real jar, real Azurite, real worker processes, one fault each. Every
 * test reads the run's accounting line and prints the figures that matter.
 */
class FaultIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern ACCOUNTING = Pattern.compile("Requests (\\d+): sent (\\d+), answered (\\d+) \\((\\d+) in "
            + "error, (\\d+) poisoned, (\\d+) damaged\\), missing (\\d+); duplicate replies (\\d+), unmatched replies (\\d+)");

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final Path temp = sessions.temp();
    private final SessionJar jar = sessions.jar();

    /** The figures of a run's accounting line. */
    record Accounting(long requests, long sent, long answered, long errors, long poisoned, long damaged, long missing,
                      long duplicates, long unmatched) {
        static Accounting of(Result run) {
            Matcher m = ACCOUNTING.matcher(run.stderr());
            assertTrue(m.find(), () -> "no accounting line in " + run);
            long[] n = new long[9];
            for (int i = 0; i < n.length; i++) {
                n[i] = Long.parseLong(m.group(i + 1));
            }
            return new Accounting(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8]);
        }

        String line() {
            return "sent " + sent + ", answered " + answered + ", errors " + errors + ", poisoned " + poisoned
                    + ", damaged " + damaged + ", duplicates " + duplicates + ", unmatched " + unmatched + ", lost " + missing;
        }
    }

    @Test
    void requestsThatKeepFailing_arePoisoned_andTheRunEndsWithTheirErrors() throws Exception {
        // A gRPC server that is not there: every call is UNAVAILABLE, so every request fails MaxDequeueCount times.
        String id = create("""
                {"Service": "grpc", "EnvironmentVariables": [{"Name": "GRPC_ServerURL", "Value": "http://127.0.0.1:%d"}]}
                """.formatted(AzuriteProcess.freePort()));
        Result run = jar.run(RUN_TIMEOUT, "--use", id, "--send", "Rob", "--count", "20");
        Accounting figures = Accounting.of(run);
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("error: 20 of 20 replies were not good answers; the first: request "), run::toString);
        assertTrue(run.stderr().contains("was moved to the poison queue: {\"InReplyTo\":"), run::toString);
        assertEquals(new Accounting(20, 20, 20, 20, 20, 0, 0, 0, 0), figures);
        assertEquals(20, queue(id, "requestQueue", "-poison").approximateDepth(), "every request is kept for inspection");
        assertEquals(0, queue(id, "requestQueue", "").approximateDepth());
        String log = Files.readString(jar.sessionDirectory(id).resolve("worker-1.log"));
        assertTrue(log.contains("(attempt 4 of 5)") && log.contains("it failed 5 times"), log);
        System.out.println("FaultIT poison: " + figures.line() + ", in the poison queue 20");
    }

    @Test
    void workerKilledMidRun_losesNothing() throws Exception {
        String id = create("{\"Service\": \"echo\", \"NodeCount\": 2, \"QueueOptions\": {\"MessageLease\": 5},"
                + " \"EnvironmentVariables\": [{\"Name\": \"ECHO_Delay\", \"Value\": \"50\"}]}");
        // From stdin: a stream always runs in the tuned JVM, whatever its length.
        Path lines = Files.write(temp.resolve("survive.txt"), java.util.stream.IntStream.range(0, 600)
                .mapToObj(i -> "survive " + i).toList());
        Process run = jar.start(lines, "--use", id, "--send", "-");
        long killed = midRun(id, 2000).get(0);
        assertEquals(1, SessionJar.processesWith("-Dsessionjar.tuned=true").stream()
                .filter(pid -> SessionJar.commandLineOf(pid).contains(id)).count(), "a long send runs in the tuned JVM");
        ProcessHandle.of(killed).orElseThrow().destroyForcibly(); // SIGKILL: no chance to return its requests
        Result result = SessionJar.result(run);
        Accounting figures = Accounting.of(result);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(600, figures.answered());
        assertEquals(0, figures.missing());
        assertEquals(0, figures.errors());
        assertEquals(0, queue(id, "requestQueue", "").approximateDepth());
        System.out.println("FaultIT worker SIGKILL: " + figures.line());
    }

    @Test
    void duplicateReplies_areCountedApart_andNeverAsASecondAnswer() throws Exception {
        String id = create("{\"Service\": \"echo\", \"EnvironmentVariables\": [{\"Name\": \"ECHO_Delay\", \"Value\": \"50\"}]}");
        Process run = jar.start("--use", id, "--send", "twice", "--count", "300");
        MessageQueue responses = runQueue(id);
        // At-least-once delivery, on purpose: take replies before the client does and put each back twice.
        int doubled = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            while (doubled < 20 && System.nanoTime() < deadline) {
                for (ReceivedMessage reply : responses.receive(Math.min(32, 20 - doubled), Duration.ofSeconds(60))) {
                    responses.send(reply.text());
                    responses.send(reply.text());
                    responses.delete(reply);
                    doubled++;
                }
            }
        } catch (QueueStorageException e) {
            // The run got every answer (some from the copies) and deleted its queue: the doubling ends there.
            assertTrue(MessageQueue.isQueueGone(e), e::getMessage);
        }
        Result result = SessionJar.result(run);
        Accounting figures = Accounting.of(result);
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(doubled >= 5, "doubled " + doubled);
        assertEquals(300, figures.answered());
        assertEquals(0, figures.errors());
        // Each doubled reply is one answer and one duplicate, unless the run ended before the copy came back.
        assertTrue(figures.duplicates() > 0 && figures.duplicates() <= doubled, figures.line());
        assertFalse(responses.exists(), "the run deleted its reply queue, with any copy not taken");
        System.out.println("FaultIT duplicates: " + figures.line() + ", doubled by the test " + doubled);
    }

    @Test
    void callsLastingThreeLeases_areNotRedelivered() throws Exception {
        String id = create("{\"Service\": \"echo\", \"QueueOptions\": {\"MessageLease\": 2},"
                + " \"EnvironmentVariables\": [{\"Name\": \"ECHO_Delay\", \"Value\": \"6000\"}]}");
        Result result = jar.run(RUN_TIMEOUT, "--use", id, "--send", "slow", "--count", "10");
        Accounting figures = Accounting.of(result);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(new Accounting(10, 10, 10, 0, 0, 0, 0, 0, 0), figures);
        String log = Files.readString(jar.sessionDirectory(id).resolve("worker-1.log"));
        assertTrue(!log.contains("Renewing the lease") && !log.contains("visible again"), log);
        System.out.println("FaultIT long requests (6 s calls, 2 s lease): " + figures.line() + ", renewals failed 0");
    }

    @Test
    void queueServiceStoppedForTenSeconds_runFinishes_nothingLost_noProcessDies() throws Exception {
        String id = create("{\"Service\": \"echo\", \"NodeCount\": 2}");
        List<Long> workers = SessionJar.workersOf(id);
        Process run = jar.start("--use", id, "--send", "outage", "--count", "600");
        midRun(id, 3000);
        long azurite = azuritePid();
        ProcessHandle.of(azurite).orElseThrow().destroy(); // SIGTERM
        ProcessHandle.of(azurite).ifPresent(p -> p.onExit().join());
        Thread.sleep(10_000);
        Result restarted = jar.run(RUN_TIMEOUT, "--use", id); // starts the session's Azurite again, on its data
        assertEquals(0, restarted.exitCode(), restarted::toString);
        Result result = SessionJar.result(run);
        Accounting figures = Accounting.of(result);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(600, figures.answered());
        assertEquals(0, figures.missing());
        assertEquals(workers, SessionJar.workersOf(id), "the workers rode out the outage");
        assertEquals(0, queue(id, "requestQueue", "").approximateDepth());
        System.out.println("FaultIT Azurite SIGTERM + 10 s + restart: " + figures.line());
    }

    @Test
    void timeout_endsTheRun_reportingWhatIsMissing() throws Exception {
        String id = create("{\"Service\": \"echo\", \"EnvironmentVariables\": [{\"Name\": \"ECHO_Delay\", \"Value\": \"60000\"}]}");
        long start = System.nanoTime();
        Result result = jar.run(RUN_TIMEOUT, "--use", id, "--send", "late", "--count", "5", "--timeout", "3");
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        Accounting figures = Accounting.of(result);
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("error: timed out after 3 s: 5 of 5 replies missing (5 requests sent)"),
                result::toString);
        assertEquals(new Accounting(5, 5, 0, 0, 0, 0, 5, 0, 0), figures);
        assertTrue(seconds < 30, "ended at its time limit, not after the 60 s calls: " + seconds + " s");
        System.out.println("FaultIT client timeout: " + figures.line() + ", process ended after " + seconds + " s");
    }

    private String create(String json) throws Exception {
        Path config = Files.writeString(Files.createTempFile(temp, "config", ".json"), json);
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        return created.stdout().trim();
    }

    /** A queue of session {@code id}: its record's {@code field} ("requestQueue", "responseQueue") plus {@code suffix}. */
    private MessageQueue queue(String id, String field, String suffix) throws Exception {
        JsonNode record = jar.record(id);
        return jar.account().queue(record.get(field).asText() + suffix);
    }

    /** The reply queue of the one client run on session {@code id}, once the run has made it. */
    private MessageQueue runQueue(String id) throws Exception {
        return runQueue(queue(id, "responseQueue", ""));
    }

    /** The reply queue of the one client run on the session whose response queue is {@code responses}, once made. */
    static MessageQueue runQueue(MessageQueue responses) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> names = List.copyOf(responses.siblingsStartingWith(ReplyQueues.prefix(responses.name())).keySet());
            if (!names.isEmpty()) {
                assertEquals(1, names.size(), names::toString);
                return responses.sibling(names.get(0));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run made no reply queue within 60 s");
    }

    private long azuritePid() {
        List<Long> pids = SessionJar.processesWith("--queuePort " + jar.azuritePort());
        assertEquals(1, pids.size(), pids::toString);
        return pids.get(0);
    }

    /** Waits until the client run has started sending, then {@code millis} more; returns the session's workers. */
    private List<Long> midRun(String id, long millis) throws Exception {
        MessageQueue requests = queue(id, "requestQueue", "");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (requests.approximateDepth() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(millis);
        return SessionJar.workersOf(id);
    }
}
