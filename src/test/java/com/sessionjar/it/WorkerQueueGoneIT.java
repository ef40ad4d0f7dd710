package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.queue.MessageQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running local session's request queue is deleted under its worker (as a lost data folder or
 * a stray delete does): the worker says so in one line of its log, not at every poll and with no
 * stack trace, keeps polling at its idle pace, and says once more when the queue is back, then
 * answers again.
 */
class WorkerQueueGoneIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final String GONE = "is gone (deleted, or the queue service lost its data)";
    private static final String BACK = "is back: taking requests again";

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final SessionJar jar = sessions.jar();

    @Test
    void requestQueueDeleted_theWorkerLogsOneLine_keepsPolling_andAnswersWhenItIsBack() throws Exception {
        Path config = Files.writeString(sessions.temp().resolve("echo.json"), "{\"Service\": \"echo\"}");
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        String id = created.stdout().trim();
        List<Long> workers = SessionJar.workersOf(id);
        assertEquals(1, workers.size());
        Path log = jar.sessionDirectory(id).resolve("worker-1.log");
        MessageQueue requests = jar.account().queue(jar.record(id).get("requestQueue").asText());

        assertTrue(requests.deleteIfExists());
        Thread.sleep(10_000); // about 3 polls at the idle pace of 3 s
        String text = Files.readString(log);
        assertEquals(1, count(text, GONE), "one line while the queue is gone, not one a poll:\n" + text);
        assertFalse(text.contains("\tat ") || text.contains("Exception"), "no stack trace, no class name:\n" + text);
        assertEquals(workers, SessionJar.workersOf(id), "the same worker polls on");
        long receives = receives(id);
        Thread.sleep(6_000);
        long polls = receives(id) - receives;
        assertTrue(polls >= 1 && polls <= 4, "polled at the idle pace, not in a tight loop: " + polls + " receives in 6 s");

        requests.create(Map.of("sessionjarid", id.substring(id.indexOf(':') + 1)));
        Result used = jar.run(RUN_TIMEOUT, "--use", id, "--send", "again", "--count", "20", "--timeout", "60");
        assertEquals(0, used.exitCode(), used::toString);
        text = Files.readString(log);
        assertEquals(1, count(text, GONE), text);
        assertEquals(1, count(text, BACK), "one line when it is back:\n" + text);
        System.out.println("WorkerQueueGoneIT: " + polls + " receives in 6 s while the queue was gone; log lines:");
        text.lines().filter(l -> l.contains(GONE) || l.contains(BACK)).forEach(System.out::println);

        assertEquals(0, jar.run(RUN_TIMEOUT, "--delete", id).exitCode());
        assertTrue(SessionJar.workersOf(id).isEmpty(), "--delete stops the worker");
    }

    /** The receive calls the session's worker has made, from its stats file. */
    private long receives(String id) throws java.io.IOException {
        return new ObjectMapper().readTree(jar.sessionDirectory(id).resolve("worker-1.stats.json").toFile())
                .get("transactions").get("receive").asLong();
    }

    private static int count(String text, String part) {
        return (int) text.lines().filter(line -> line.contains(part)).count();
    }
}
