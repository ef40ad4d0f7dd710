package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.Envelope;
import com.sessionjar.protocol.Pack;
import com.sessionjar.queue.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ReplyTallyTest {
    private static final Exchange ECHO = Exchange.echo();
    private static final String RUN = "0000abcd";

    private static ReceivedMessage reply(String text) {
        return new ReceivedMessage("m", "p", text, 1);
    }

    private static String answer(String id, String body) {
        return Envelope.request(id, "hi").reply(body).text();
    }

    /** One packed reply message: the echo of {@code bodies[n]} answering request n of run {@value #RUN}. */
    private static String packedEchoes(String... bodies) {
        List<Envelope> replies = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            replies.add(Envelope.request(RUN + "." + i, bodies[i]).reply(bodies[i]));
        }
        return Pack.messages(replies, 32).get(0);
    }

    /** A tally whose run has sent {@code messages}, request n carrying messages[n]. */
    private static ReplyTally tallyOf(Map<Long, String> pending, String... messages) {
        for (int i = 0; i < messages.length; i++) {
            pending.put((long) i, messages[i]);
        }
        return new ReplyTally(pending);
    }

    /** What {@code tally} comes to so far, as the result of a run of 3 requests. */
    private static SendResult resultOf(ReplyTally tally) {
        return tally.result(3, 3, 0, Duration.ofSeconds(1));
    }

    @Test
    void eachRequestIsCountedOnce_laterRepliesAreDuplicates() {
        Map<Long, String> pending = new ConcurrentHashMap<>();
        ReplyTally tally = tallyOf(pending, "hi", "hi", "hi");
        assertEquals(new Answer("hi", "hi", null), tally.take(reply(answer("0000abcd.0", "hi")), RUN, ECHO));
        assertNull(tally.take(reply(answer("0000abcd.0", "hi")), RUN, ECHO));
        assertEquals(new Answer("hi", "hi", null), tally.take(reply(answer("0000abcd.2", "hi")), RUN, ECHO));
        assertNull(tally.take(reply(answer("0000abcd.2", "hi")), RUN, ECHO));
        assertEquals(2, resultOf(tally).received());
        assertEquals(2, resultOf(tally).duplicates());
        assertEquals(0, resultOf(tally).errors());
        assertEquals(Map.of(1L, "hi"), pending, "an answered request is no longer pending");
    }

    @Test
    void eachAnsweredRequestIsTimedFromItsSend_duplicatesAndRefusalsAreNot() throws Exception {
        Map<Long, String> pending = new ConcurrentHashMap<>(Map.of(0L, "hi", 1L, "hi", 2L, "hi"));
        long now = System.nanoTime();
        Map<Long, Long> sentAt = new ConcurrentHashMap<>(Map.of(0L, now - 40_000_000L, 1L, now - 40_000_000L, 2L, now));
        ReplyTally tally = new ReplyTally(pending, sentAt);

        tally.take(reply(answer("0000abcd.0", "hi")), RUN, ECHO);
        tally.take(reply(answer("0000abcd.0", "hi")), RUN, ECHO);
        tally.take(reply(answer("0000abcd.1", "hi")), RUN, ECHO);
        tally.refuse(2, "hi", "too large");

        assertEquals(2, tally.latencies().count(), "two round trips: the duplicate and the refusal are not timed");
        double p50 = tally.latencies().percentile(50).toNanos() / 1e6;
        assertTrue(p50 >= 39 && p50 < 1000, "sent 40 ms ago: " + p50 + " ms");
        assertTrue(sentAt.isEmpty(), "nothing is kept for answered or refused requests");
    }

    @Test
    void eachReplyIsCheckedAgainstItsOwnMessage() {
        ReplyTally tally = tallyOf(new ConcurrentHashMap<>(), "one", "two");
        assertEquals(new Answer("two", "two", null), tally.take(reply(answer("0000abcd.1", "two")), RUN, ECHO));
        Answer wrong = tally.take(reply(answer("0000abcd.0", "two")), RUN, ECHO);
        assertEquals("one", wrong.message());
        assertEquals("the echo differs from the message sent", wrong.problem());
        assertEquals(1, resultOf(tally).errors());
    }

    @Test
    void repliesToOtherRunsOrPlainOrNotSent_areUnmatched() {
        ReplyTally tally = tallyOf(new ConcurrentHashMap<>(), "hi", "hi");
        assertNull(tally.take(reply(answer("0000ffff.0", "hi")), RUN, ECHO));
        assertNull(tally.take(reply("hi"), RUN, ECHO));
        assertNull(tally.take(reply(answer("0000abcd.2", "hi")), RUN, ECHO));
        assertNull(tally.take(reply("#sj1 re=0000abcd.x\nhi"), RUN, ECHO));
        assertNull(tally.take(reply("#sj1 re=0000abcd0.0\nhi"), RUN, ECHO));
        assertEquals(5, resultOf(tally).unmatched());
        assertEquals(0, resultOf(tally).received());
    }

    @Test
    void aPoisonReply_answersItsRequest_asAnError() {
        ReplyTally tally = tallyOf(new ConcurrentHashMap<>(), "hi");
        Answer answer = tally.take(reply(Envelope.request("0000abcd.0", "hi").poisonReply("Request moved: it failed 5 times").text()),
                RUN, ECHO);
        assertEquals("Request moved: it failed 5 times", answer.reply());
        assertEquals(1, resultOf(tally).received());
        assertEquals(1, resultOf(tally).poisoned());
        assertEquals(1, resultOf(tally).errors());
        assertTrue(resultOf(tally).firstProblem().startsWith("request 0000abcd.0 was moved to the poison queue: Request moved"),
                resultOf(tally).firstProblem());
    }

    /** The first answer counts: a good reply after a poison reply (MaxDequeueCount 1, a call that outlasted its lease) is a duplicate. */
    @Test
    void aGoodReplyAfterAPoisonReply_isADuplicate_theRequestStaysPoisoned() {
        ReplyTally tally = tallyOf(new ConcurrentHashMap<>(), "hi");
        tally.take(reply(Envelope.request("0000abcd.0", "hi").poisonReply("Request moved: it was taken once").text()),
                RUN, ECHO);

        assertNull(tally.take(reply(answer("0000abcd.0", "hi")), RUN, ECHO));

        assertEquals(1, resultOf(tally).received());
        assertEquals(1, resultOf(tally).poisoned());
        assertEquals(1, resultOf(tally).errors());
        assertEquals(1, resultOf(tally).duplicates());
    }

    @Test
    void aRefusedMessage_isAnsweredAtOnce_asAnError() {
        Map<Long, String> pending = new ConcurrentHashMap<>();
        ReplyTally tally = tallyOf(pending, "big");
        Answer answer = tally.refuse(0, "big", "message 1 cannot be sent: too large");
        assertEquals(new Answer("big", null, "message 1 cannot be sent: too large"), answer);
        assertEquals(1, resultOf(tally).received());
        assertEquals(1, resultOf(tally).errors());
        assertTrue(pending.isEmpty());
        assertNull(tally.take(reply(answer("0000abcd.0", "big")), RUN, ECHO), "a reply to a refused message is a duplicate");
    }

    @Test
    void plainReplies_areCountedAsTheyCome_untilNoneIsPending() {
        ReplyTally tally = tallyOf(new ConcurrentHashMap<>(), "hi", "hi");
        assertEquals(new Answer("hi", "hi", null), tally.takePlain(reply("hi"), ECHO));
        assertEquals("the echo differs from the message sent", tally.takePlain(reply("ho"), ECHO).problem());
        assertNull(tally.takePlain(reply("hi"), ECHO));
        assertEquals(2, resultOf(tally).received());
        assertEquals(1, resultOf(tally).unmatched());
    }

    @Test
    void aPackedReply_isTakenAsItsRepliesOneByOne_duplicatesCountedById() {
        ReplyTally tally = tallyOf(new ConcurrentHashMap<>(), "a", "b", "c");
        Envelope hi = Envelope.request("0000abcd.0", "hi");
        String packed = Pack.messages(List.of(Envelope.request("0000abcd.0", "a").reply("a"),
                Envelope.request("0000abcd.1", "b").reply("wrong"), Envelope.request("0000abcd.0", "a").reply("a")), 32).get(0);

        List<Answer> answers = tally.takeAll(reply(packed), RUN, ECHO);

        assertEquals(List.of(new Answer("a", "a", null), new Answer("b", "wrong", "the echo differs from the message sent")),
                answers);
        assertEquals(2, resultOf(tally).received());
        assertEquals(1, resultOf(tally).duplicates());
        assertEquals(List.of(new Answer("c", "c", null)), tally.takeAll(reply(answer("0000abcd.2", "c")), RUN, ECHO),
                "a reply alone is taken as before");
        assertEquals(List.of(), tally.takeAll(reply(hi.reply("again").text()), RUN, ECHO));
        assertEquals(2, resultOf(tally).duplicates());
    }

    @Test
    void aDamagedPackedReply_yieldsTheRepliesBeforeTheDamage_andCountsOneUnmatched() {
        ReplyTally tally = tallyOf(new ConcurrentHashMap<>(), "a", "b");
        String packed = packedEchoes("a", "b");

        List<Answer> answers = tally.takeAll(reply(packed.substring(0, packed.length() - 2)), RUN, ECHO);

        assertEquals(List.of(new Answer("a", "a", null)), answers);
        assertEquals(1, resultOf(tally).unmatched());
    }

    @Test
    void aDamagedReply_answersItsRequestInError_notAsAGoodAnswer_andIsCountedDamaged() {
        ReplyTally tally = tallyOf(new ConcurrentHashMap<>(), "hi", "hi");
        String damaged = answer("0000abcd.0", "hi").replace("\nhi", "\nhI");

        Answer answer = tally.take(reply(damaged), RUN, ECHO);

        assertNull(answer.reply(), "what the service said is not known");
        assertEquals("the reply to request 0000abcd.0 was damaged in the queue: its body's CRC-32C is "
                + Envelope.checksum("hI") + ", not " + Envelope.checksum("hi") + " as its envelope says", answer.problem());
        assertFalse(answer.isGood());
        SendResult result = resultOf(tally);
        assertEquals(1, result.received());
        assertEquals(1, result.errors());
        assertEquals(1, result.damaged());
        assertEquals(0, result.poisoned());
        assertNull(tally.take(reply(answer("0000abcd.0", "hi")), RUN, ECHO), "a good copy after it is a duplicate");
        assertEquals(1, resultOf(tally).duplicates());
    }

    @Test
    void aDamagedItemOfAPackedReply_isDamagedAlone() {
        ReplyTally tally = tallyOf(new ConcurrentHashMap<>(), "a", "b");
        String packed = packedEchoes("a", "b");

        List<Answer> answers = tally.takeAll(reply(packed.replace("\nb\n", "\nc\n")), RUN, ECHO);

        assertEquals(new Answer("a", "a", null), answers.get(0));
        assertNull(answers.get(1).reply());
        assertTrue(answers.get(1).problem().startsWith("the reply to request 0000abcd.1 was damaged in the queue"),
                answers.get(1).problem());
        assertEquals(1, resultOf(tally).damaged());
        assertEquals(1, resultOf(tally).errors());
    }

    @Test
    void aReplyWithoutCrc_anOlderWorkers_isTakenUnchecked() {
        ReplyTally tally = tallyOf(new ConcurrentHashMap<>(), "hi");

        assertEquals(new Answer("hi", "hi", null), tally.take(reply("#sj1 re=0000abcd.0\nhi"), RUN, ECHO));
        assertEquals(0, resultOf(tally).damaged());
    }

    @Test
    void result_carriesTheCounts_theLatencies_andTimesOutWithRepliesMissing() {
        Map<Long, String> pending = new ConcurrentHashMap<>(Map.of(0L, "hi", 1L, "hi", 2L, "hi"));
        long now = System.nanoTime();
        ReplyTally tally = new ReplyTally(pending, new ConcurrentHashMap<>(Map.of(0L, now, 1L, now)));
        tally.take(reply(answer("0000abcd.0", "hi")), RUN, ECHO);
        tally.take(reply(answer("0000abcd.0", "hi")), RUN, ECHO);
        tally.take(reply(answer("0000abcd.1", "ho")), RUN, ECHO);
        tally.take(reply(answer("0000ffff.0", "hi")), RUN, ECHO);

        SendResult result = tally.result(3, 3, 0, Duration.ofSeconds(2));

        assertEquals(new SendResult(3, 3, 0, 2, 1, 0, 0, 1, 1, true, "the echo differs from the message sent",
                Duration.ofSeconds(2), SendResult.Latency.of(tally.latencies()), null), result);
        assertNotNull(result.latency(), "two round trips were timed");
        assertFalse(tally.result(2, 2, 0, Duration.ofSeconds(2)).timedOut(), "every request of a run of two is answered");
    }
}
