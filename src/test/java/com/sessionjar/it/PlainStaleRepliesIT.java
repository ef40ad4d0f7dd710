package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.protocol.ReplyQueues;
import com.sessionjar.queue.MessageQueue;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 20, item 7: plain mode honest. A Ctrl-C'd plain run leaves its requests, which its slow
 * worker (about 10 a second) still answers into the shared response queue; the next plain run
 * finds those replies waiting, says so, and counts them as unmatched, never as its own answers.
 * No plain run leaves a reply queue. The real jar, a real Azurite and a real worker process.
 */
class PlainStaleRepliesIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern ACCOUNTING = Pattern.compile(
            "Requests (\\d+): sent (\\d+), answered (\\d+) \\((\\d+) in error.*unmatched replies (\\d+)");

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();

    @Test
    void repliesLeftByAnInterruptedPlainRun_areNotCountedByTheNext_whichSaysSo_andNoReplyQueueIsLeft() throws Exception {
        String id = SlowSession.create(sessions);
        JsonNode record = sessions.jar().record(id);
        MessageQueue responses = sessions.jar().account().queue(record.get("responseQueue").asText());

        Result interrupted = SlowSession.interrupted(sessions, id, "--use", id, "--plain", "--send", "hi", "--count", "60");
        Matcher firstCounts = accounting(interrupted);
        long sent = Long.parseLong(firstCounts.group(2));
        // A plain request carries no deadline: the worker answers them all, into the shared response queue.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (processed(id) < sent && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long stale = sent - Long.parseLong(firstCounts.group(3));
        assertTrue(stale > 10, interrupted::toString);
        assertEquals(stale, responses.approximateDepth(), "the interrupted run's replies wait in the response queue");

        Result next = sessions.jar().run(RUN_TIMEOUT, "--use", id, "--plain", "--send", "hi", "--count", "20");

        assertEquals(0, next.exitCode(), next::toString);
        assertTrue(next.stderr().contains("The shared response queue " + responses.name() + " already holds " + stale
                + " replies, left by an earlier plain run"), next::toString);
        Matcher counts = accounting(next);
        assertEquals("20", counts.group(3), next::toString);
        assertEquals("0", counts.group(4), "in error: " + next);
        // Replies the interrupted client took but had no time to delete are invisible for their lease (a minute):
        // they cannot be deleted yet, and this run, over in seconds, does not see them.
        long leased = stale - Long.parseLong(counts.group(5));
        assertTrue(leased >= 0 && leased <= 8, "the stale replies not leased are unmatched: " + next);
        assertEquals(leased == 0, !next.stderr().contains(leased + " of those replies are being read"), next::toString);
        // The worker writes its stats file every few hundred ms: its count may trail the replies the run has read.
        long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (processed(id) < 20 + sent && System.nanoTime() < settled) {
            Thread.sleep(100);
        }
        assertEquals(20 + sent, processed(id), "each of the run's 20 requests was answered by the worker");
        assertEquals(leased, responses.approximateDepth(), "nothing else left in the response queue");
        assertEquals(Set.of(), responses.siblingsStartingWith(ReplyQueues.prefix(responses.name())).keySet(),
                "plain runs make no reply queue");
    }

    private static Matcher accounting(Result result) {
        Matcher accounting = ACCOUNTING.matcher(result.stderr());
        assertTrue(accounting.find(), result::toString);
        return accounting;
    }

    private long processed(String id) throws Exception {
        return SlowSession.stats(sessions, id).processed();
    }
}
