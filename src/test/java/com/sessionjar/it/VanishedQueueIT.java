package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.it.SessionJar.Result;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 20, item 5: a vanished queue is noticed. A run whose session's request queue is deleted
 * under it, or whose session is deleted, ends within seconds with its summary and one line naming
 * the queue (exit 5); --update makes the missing queues again. The real jar, a real Azurite and a
 * real (slow: about 10 requests a second) worker process.
 */
class VanishedQueueIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    /** The run ends within this of the queue's going: a run awaiting replies looks up its request queue every 3 s. */
    private static final long MOST_SECONDS = 8;

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private String id;
    private String requestQueue;

    @BeforeEach
    void createSlowSession() throws Exception {
        id = SlowSession.create(sessions);
        requestQueue = sessions.jar().record(id).get("requestQueue").asText();
    }

    @Test
    void aRequestQueueDeletedDuringARun_endsItWithinSeconds_withItsSummary_andUpdateMakesItAgain() throws Exception {
        Process send = startRunAndWaitForWork();
        long gone = System.nanoTime();
        sessions.jar().account().queue(requestQueue).deleteIfExists();

        Result result = endOf(send, gone);

        Result update = sessions.jar().run(RUN_TIMEOUT, "--update", id, "--config",
                sessions.temp().resolve("slow.json").toString());
        assertEquals(0, update.exitCode(), update::toString);
        assertTrue(update.stderr().contains("its queue " + requestQueue + " was gone; made it again"), update::toString);
        assertTrue(sessions.jar().queueExists(requestQueue));
        Result again = sessions.jar().run(RUN_TIMEOUT, "--use", id, "--send", "hi", "--count", "3");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.stderr().contains("Requests 3: sent 3, answered 3"), again::toString);
        assertFalse(result.stderr().contains("QueueNotFound"), result::toString);
    }

    @Test
    void aSessionDeletedDuringARun_endsItWithinSeconds_withItsSummary() throws Exception {
        Process send = startRunAndWaitForWork();
        long gone = System.nanoTime();
        Result delete = sessions.jar().run(RUN_TIMEOUT, "--delete", id);
        assertEquals(0, delete.exitCode(), delete::toString);

        endOf(send, gone);
    }

    private Process startRunAndWaitForWork() throws Exception {
        Process send = sessions.jar().start("--use", id, "--send", "hi", "--count", "300", "--window", "300");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (SlowSession.stats(sessions, id).processed() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(send.isAlive(), "the run goes on");
        return send;
    }

    /** Checks that run {@code send} ends with exit 5, its summary and the one line, within seconds of {@code gone}. */
    private Result endOf(Process send, long gone) throws Exception {
        assertTrue(send.waitFor(60, TimeUnit.SECONDS), "the run ends");
        double seconds = (System.nanoTime() - gone) / 1e9;
        Result result = SessionJar.result(send);
        System.out.printf("VanishedQueueIT: the run ended %.1f s after its queue went%n", seconds);
        assertEquals(5, result.exitCode(), result::toString);
        assertTrue(seconds < MOST_SECONDS, () -> seconds + " s: " + result);
        assertTrue(result.stderr().contains("Requests 300: sent "), () -> "the summary: " + result);
        assertTrue(result.stderr().contains("error: the session's request queue " + requestQueue + " is gone (the session"
                + " was deleted, or its queue service lost its data): --update " + id + " makes it again, or --delete "
                + id), result::toString);
        assertFalse(result.stderr().contains("com.azure") || result.stderr().contains("Exception"), result::toString);
        return result;
    }
}
