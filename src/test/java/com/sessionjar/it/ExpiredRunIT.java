package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.queue.MessageQueue;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 20, item 6: no work for runs that are gone. A run that times out or is interrupted leaves
 * requests in the queue; its one slow worker (about 10 requests a second) skips them, never
 * calling the echo service for them, counts them expired (shown by --status), and the next single
 * request is answered promptly. The real jar, a real Azurite and a real worker process.
 */
class ExpiredRunIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern SENT = Pattern.compile("Requests (\\d+): sent (\\d+), answered (\\d+)");
    private static final Pattern ROUND_TRIP = Pattern.compile("Sent and received 1 messages in ([0-9.]+) seconds");
    private static final int COUNT = 300;

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private String id;

    @BeforeEach
    void createSlowSession() throws Exception {
        id = SlowSession.create(sessions);
    }

    @Test
    void aTimedOutRun_itsRequestsLeftInTheQueue_areSkippedUncalled_andTheNextRequestIsPrompt() throws Exception {
        Result timedOut = sessions.jar().run(RUN_TIMEOUT, "--use", id, "--send", "hi", "--count",
                Integer.toString(COUNT), "--window", Integer.toString(COUNT), "--timeout", "3");
        assertEquals(1, timedOut.exitCode(), timedOut::toString);
        long sent = sent(timedOut);
        assertTrue(sent > 100, timedOut::toString);

        StatsFile.Requests counted = settled(sent);

        // Calls = processed: the echo never fails here, and a request skipped is never called.
        assertTrue(counted.expired() >= sent - 60, () -> "most of " + sent + " skipped: " + counted);
        assertEquals(0, counted.poisoned(), counted::toString);
        assertNextRequestIsPrompt();
        Result status = sessions.jar().run(RUN_TIMEOUT, "--status", id);
        assertTrue(status.stdout().contains("skipped (run ended) " + counted.expired() + ";"), status::toString);
    }

    @Test
    void anInterruptedRun_withoutATimeout_hasItsRequestsSkippedOnceItsReplyQueueIsFoundGone() throws Exception {
        Result interrupted = SlowSession.interrupted(sessions, id, "--use", id, "--send", "hi", "--count",
                Integer.toString(COUNT), "--window", Integer.toString(COUNT));
        long sent = sent(interrupted);

        StatsFile.Requests counted = settled(sent);

        // The replies of the requests the worker held when the run ended (taken ahead of its one slot) find the queue gone.
        assertTrue(counted.dropped() >= 1 && counted.dropped() <= 10, () -> "a few replies found the queue gone: " + counted);
        assertTrue(counted.expired() >= sent - counted.processed() - 1 && counted.expired() > sent / 2,
                () -> "the rest of " + sent + " skipped: " + counted);
        assertNextRequestIsPrompt();
    }

    @Test
    void aKilledRunsRequests_areSkippedAfterItsDeadline_thoughItsReplyQueueIsStillThere() throws Exception {
        MessageQueue requests = sessions.jar().account().queue(sessions.jar().record(id).get("requestQueue").asText());
        Process send = sessions.jar().start("--use", id, "--send", "hi", "--count", Integer.toString(COUNT), "--window",
                Integer.toString(COUNT), "--timeout", "6");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // Killed once most requests are queued (a loaded machine sends them slower than the worker answers the first).
        while ((stats().processed() < 5 || requests.approximateDepth() < 200) && send.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(send.isAlive(), "the run was still going when killed");
        send.destroyForcibly(); // SIGKILL: its reply queue stays until a later run cleans it up
        assertTrue(send.waitFor(30, TimeUnit.SECONDS));
        while (requests.approximateDepth() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, requests.approximateDepth(), "the worker got through the killed run's requests");
        Thread.sleep(1_000); // the last one deleted, its counter written

        StatsFile.Requests counted = stats();
        assertEquals(0, counted.dropped(), "every reply sent found the queue: " + counted);
        // About 60 answered in the run's 6 s at 10 a second; every later one skipped by its until=.
        assertTrue(counted.processed() < 100 && counted.expired() > 100, counted::toString);
        assertNextRequestIsPrompt();
    }

    /** Waits until the worker has handled all {@code sent} requests, called or skipped, and gives its counters. */
    private StatsFile.Requests settled(long sent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        StatsFile.Requests counted = stats();
        while (counted.processed() + counted.expired() < sent && System.nanoTime() < deadline) {
            Thread.sleep(200);
            counted = stats();
        }
        StatsFile.Requests last = counted;
        assertEquals(sent, counted.processed() + counted.expired(), () -> "each request called or skipped once: " + last);
        return counted;
    }

    private void assertNextRequestIsPrompt() throws Exception {
        Result next = sessions.jar().run(RUN_TIMEOUT, "--use", id, "--send", "hello");
        assertEquals(0, next.exitCode(), next::toString);
        Matcher roundTrip = ROUND_TRIP.matcher(next.stderr());
        assertTrue(roundTrip.find(), next::toString);
        System.out.println("The next single request: " + roundTrip.group(0));
        assertTrue(Double.parseDouble(roundTrip.group(1)) < 2.5, () -> "answered promptly, not after the old run's"
                + " requests: " + next);
    }

    private static long sent(Result result) {
        Matcher accounting = SENT.matcher(result.stderr());
        assertTrue(accounting.find(), result::toString);
        return Long.parseLong(accounting.group(2));
    }

    private StatsFile.Requests stats() throws Exception {
        return SlowSession.stats(sessions, id);
    }
}
