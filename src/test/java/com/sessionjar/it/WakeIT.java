package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.protocol.ReplyQueues;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.protocol.WakeFile;
import com.sessionjar.queue.MessageQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17: a single send to a local session is cheap and prompt. The client wakes an idle worker
 * (the session's wake file), so a request is taken at once, not after the worker's back-off (here
 * up to a 10 s query interval); the worker wakes the run when it replies, so the run does not poll
 * for its reply; and a small run counts no other runs and deletes its reply queue with its reply in
 * it. The real jar, a real Azurite and a real worker process.
 */
class WakeIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROUND_TRIP = Pattern.compile("round trips took (\\d+) ms \\(p50\\)");
    /** The bound on the client's storage transactions for one send. */
    private static final int MOST_CLIENT_TRANSACTIONS = 6;

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();

    @Test
    void aSendToAWorkerBackedOffFor7sOrMore_isAnsweredWithin2s_andCosts6ClientTransactionsAtMost() throws Exception {
        String id = sessions.create("slow-poller.json", "{\"EnvironmentVariables\": ["
                + "{\"Name\": \"Queues__QueryInterval\", \"Value\": \"10000\"}]}");
        Path stats = sessions.jar().sessionDirectory(id).resolve(StatsFile.fileName(1));

        // Idle until the worker waits 7 s or more between polls, then send just after one of its polls: without a
        // wake the request would wait for the next poll, 5.6 s or more away (its waits have a fifth of jitter), less
        // the client's start (2.2 s answered with the wake variable taken out, polls 5.3 s apart, on a loaded machine).
        long gap = justAfterAPoll(stats, Duration.ofSeconds(7));
        Result sent = sessions.jar().run(RUN_TIMEOUT, "--use", id, "--send", "wake", "--output", "json");
        assertEquals(0, sent.exitCode(), sent::toString);
        Matcher roundTrip = ROUND_TRIP.matcher(sent.stderr());
        assertTrue(roundTrip.find(), sent::toString);
        long millis = Long.parseLong(roundTrip.group(1));
        long client = JSON.readTree(sent.stdout()).at("/send/transactions/client").asLong();
        System.out.println("WakeIT: the worker polled " + gap + " ms apart; a send just after a poll was answered in "
                + millis + " ms, with " + client + " client storage transactions");
        assertTrue(millis < 2000, () -> "answered at once, not at the worker's next poll: " + sent);
        assertTrue(client > 0 && client <= MOST_CLIENT_TRANSACTIONS, () -> "client transactions " + client + ": " + sent);

        for (int i = 0; i < 3; i++) {
            Result again = sessions.jar().run(RUN_TIMEOUT, "--use", id, "--send", "again " + i, "--output", "json");
            assertEquals(0, again.exitCode(), again::toString);
            long transactions = JSON.readTree(again.stdout()).at("/send/transactions/client").asLong();
            assertTrue(transactions > 0 && transactions <= MOST_CLIENT_TRANSACTIONS,
                    () -> "client transactions " + transactions + ": " + again);
        }
        assertNothingLeft(id);
    }

    @Test
    void singleSendsAtOnce_eachGetTheirOwnReply_andLeaveNothing() throws Exception {
        String id = sessions.create("echo.json", "{\"NodeCount\": 2}");
        for (int round = 0; round < 2; round++) {
            List<Process> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                clients.add(sessions.jar().start("--use", id, "--send", "client " + c + " round " + round, "--count", "3",
                        "--replies"));
            }
            for (int c = 0; c < clients.size(); c++) {
                Result result = SessionJar.result(clients.get(c));
                assertEquals(0, result.exitCode(), result::toString);
                String own = "client " + c + " round " + round;
                List<String> replies = result.stdout().lines().toList();
                assertEquals(3, replies.size(), result::toString);
                for (String line : replies) {
                    JsonNode reply = JSON.readTree(line);
                    assertEquals(own, reply.get("request").asText(), line);
                    assertEquals(own, reply.get("reply").asText(), line);
                }
                assertTrue(result.stderr().contains("duplicate replies 0, unmatched replies 0"), result::stderr);
            }
        }
        assertNothingLeft(id);
    }

    /**
     * Waits until session worker's polls, seen through its stats file (rewritten within 250 ms of
     * each), come {@code apart} or more apart, and returns just after one, with the gap before it in ms.
     */
    private static long justAfterAPoll(Path stats, Duration apart) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        long receives = receives(stats);
        long polledAt = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(20);
            long now = receives(stats);
            if (now != receives) {
                long gap = (System.nanoTime() - polledAt) / 1_000_000;
                receives = now;
                polledAt = System.nanoTime();
                if (gap >= apart.toMillis()) {
                    return gap;
                }
            }
        }
        throw new AssertionError("the idle worker never polled " + apart.toSeconds() + " s apart");
    }

    private static long receives(Path stats) throws Exception {
        return StatsFile.read(stats).map(s -> s.transactions().receive()).orElse(0L);
    }

    /** No reply queue and no run's wake file is left: only the workers' wake file. */
    private void assertNothingLeft(String id) throws Exception {
        JsonNode record = sessions.jar().record(id);
        MessageQueue responses = sessions.jar().account().queue(record.get("responseQueue").asText());
        assertEquals(Set.of(), responses.siblingsStartingWith(ReplyQueues.prefix(responses.name())).keySet(), "reply queues");
        try (Stream<Path> files = Files.list(WakeFile.in(sessions.jar().sessionDirectory(id)).getParent())) {
            assertEquals(Set.of(WakeFile.NAME), files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
        }
    }
}
