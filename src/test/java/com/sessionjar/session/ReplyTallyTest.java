package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.queue.Envelope;
import com.sessionjar.queue.ReceivedMessage;
import org.junit.jupiter.api.Test;

class ReplyTallyTest {
    private static final Exchange ECHO = Exchange.echo("hi");

    private static ReceivedMessage reply(String text) {
        return new ReceivedMessage("m", "p", text, 1);
    }

    private static String answer(String id, String body) {
        return Envelope.request(id, "hi").reply(body).text();
    }

    @Test
    void eachRequestIsCountedOnce_laterRepliesAreDuplicates() {
        ReplyTally tally = new ReplyTally(3);
        assertEquals("hi", tally.take(reply(answer("run.0", "hi")), "run", ECHO));
        assertNull(tally.take(reply(answer("run.0", "hi")), "run", ECHO));
        assertEquals("hi", tally.take(reply(answer("run.2", "hi")), "run", ECHO));
        assertNull(tally.take(reply(answer("run.2", "hi")), "run", ECHO));
        assertEquals(2, tally.received);
        assertEquals(2, tally.duplicates);
        assertEquals(0, tally.errors);
    }

    @Test
    void repliesToOtherRunsOrPlainOrOutOfRange_areUnmatched() {
        ReplyTally tally = new ReplyTally(2);
        assertNull(tally.take(reply(answer("other.0", "hi")), "run", ECHO));
        assertNull(tally.take(reply("hi"), "run", ECHO));
        assertNull(tally.take(reply(answer("run.2", "hi")), "run", ECHO));
        assertNull(tally.take(reply(answer("run.x", "hi")), "run", ECHO));
        assertNull(tally.take(reply(answer("runner.0", "hi")), "run", ECHO));
        assertEquals(5, tally.unmatched);
        assertEquals(0, tally.received);
    }

    @Test
    void aPoisonReply_answersItsRequest_asAnError() {
        ReplyTally tally = new ReplyTally(1);
        String body = tally.take(reply(Envelope.request("run.0", "hi").poisonReply("Request moved: it failed 5 times").text()),
                "run", ECHO);
        assertEquals("Request moved: it failed 5 times", body);
        assertEquals(1, tally.received);
        assertEquals(1, tally.poisoned);
        assertEquals(1, tally.errors);
        assertTrue(tally.firstProblem.startsWith("request run.0 was moved to the poison queue: Request moved"),
                tally.firstProblem);
    }

    @Test
    void aWrongAnswer_isAnError_namedByTheExchange() {
        ReplyTally tally = new ReplyTally(1);
        tally.take(reply(answer("run.0", "ho")), "run", ECHO);
        assertEquals(1, tally.errors);
        assertEquals("the echo differs from the message sent", tally.firstProblem);
    }

    @Test
    void plainReplies_areCountedAsTheyCome() {
        ReplyTally tally = new ReplyTally(2);
        tally.takePlain(reply("hi"), ECHO);
        tally.takePlain(reply("hi"), ECHO);
        assertEquals(2, tally.received);
    }
}
