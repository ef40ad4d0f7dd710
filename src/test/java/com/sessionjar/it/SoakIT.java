package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionjar.it.FaultIT.Accounting;
import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.queue.ReceivedMessage;
import com.sessionjar.protocol.ReplyQueues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every fault at once, bounded in time: 20,000 requests through 3 workers while one worker is
 * SIGKILLed and restarted, Azurite is stopped and restarted, and a request nobody can read is
 * slipped in. Every request must be accounted for.
 */
class SoakIT {
    private static final int COUNT = 20_000;
    /**
     * The run's own limit: past it the client gives up and the test fails on the missing replies.
     * Alone on a 2-core machine the run takes 169 to 194 s with the faults (Azurite's single thread
     * caps a local session at about 130 round trips/s); the guard leaves room for a slower machine.
     * The time is printed.
     */
    private static final int RUN_LIMIT_SECONDS = 300;

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final Path temp = sessions.temp();
    private final SessionJar jar = sessions.jar();

    @Test
    void twentyThousandRequests_throughAKilledWorker_anAzuriteRestart_andAPoisonRequest() throws Exception {
        Path config = Files.writeString(temp.resolve("soak.json"),
                "{\"Service\": \"echo\", \"NodeCount\": 3, \"QueueOptions\": {\"MessageLease\": 5}}");
        Result created = jar.run(Duration.ofMinutes(2), "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        String id = created.stdout().trim();
        JsonNode record = jar.record(id);
        QueueAccount account = jar.account();
        MessageQueue requests = account.queue(record.get("requestQueue").asText());
        MessageQueue responses = account.queue(record.get("responseQueue").asText());
        MessageQueue poison = account.queue(record.get("requestQueue").asText() + "-poison");

        long start = System.nanoTime();
        Process run = jar.start("--use", id, "--send", "soak", "--count", Integer.toString(COUNT), "--timeout",
                Integer.toString(RUN_LIMIT_SECONDS));
        LocalSessionIT.waitUntil(() -> requests.approximateDepth() > 0);
        // An envelope without id= (a reply sent as a request): poisoned at once; its error reply, plain, goes to the response queue.
        requests.send("#sj1 re=0000abcd.0\nno id: unreadable");

        Thread.sleep(20_000);
        // Both faults at once, so that one restart brings both back: a worker SIGKILLed, Azurite SIGTERMed.
        List<Long> workers = SessionJar.workersOf(id);
        assertEquals(3, workers.size());
        long azurite = SessionJar.processesWith("--queuePort " + jar.azuritePort()).get(0);
        ProcessHandle.of(workers.get(1)).orElseThrow().destroyForcibly();
        ProcessHandle.of(azurite).orElseThrow().destroy();
        ProcessHandle.of(azurite).ifPresent(p -> p.onExit().join());
        // The supervisor (or this --use, whichever takes the state lock first) starts Azurite and the dead worker again.
        Result restarted = jar.run(Duration.ofMinutes(1), "--use", id);
        assertEquals(0, restarted.exitCode(), restarted::toString);
        LocalSessionIT.waitUntil(() -> SessionJar.workersOf(id).size() == 3);
        List<Long> now = SessionJar.workersOf(id);
        assertEquals(3, now.size());
        assertTrue(!now.contains(workers.get(1)), "the killed worker was replaced");
        assertNotEquals(List.of(azurite), SessionJar.processesWith("--queuePort " + jar.azuritePort()));

        Result result = SessionJar.result(run);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        Accounting figures = Accounting.of(result);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(COUNT, figures.answered());
        assertEquals(0, figures.missing());
        assertEquals(0, figures.errors());
        assertEquals(0, figures.unmatched(), "the run's own queue holds replies to its requests only");
        List<ReceivedMessage> poisoned = poison.receive(32, Duration.ofSeconds(1));
        assertEquals(List.of("#sj1 re=0000abcd.0\nno id: unreadable"), poisoned.stream().map(ReceivedMessage::text).toList());
        assertEquals(0, requests.approximateDepth(), "every request answered and deleted");
        List<ReceivedMessage> shared = responses.receive(32, Duration.ofSeconds(1));
        assertEquals(1, shared.size(), "the poison's error reply, and nothing else, on the shared response queue");
        assertTrue(shared.get(0).text().startsWith("Request moved to "), shared.get(0)::text);
        assertEquals(Map.of(), responses.siblingsStartingWith(ReplyQueues.prefix(responses.name())),
                "the run deleted its reply queue");
        System.out.println("SoakIT 20,000 requests, 3 workers, 1 SIGKILLed + restarted, Azurite restarted, 1 poison: "
                + figures.line() + ", and the unreadable request sent beside the run: in the poison queue 1; in " + seconds + " s");
    }
}
