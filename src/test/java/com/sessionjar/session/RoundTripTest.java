package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.Envelope;
import com.sessionjar.protocol.MessageText;
import com.sessionjar.protocol.Pack;
import com.sessionjar.queue.InMemoryQueueService;
import com.sessionjar.queue.MessageQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client run through the real SDK and {@link RoundTrip} over the in-memory queue service, whose
 * request queue answers at once in place of a worker: what the client makes of a damaged reply,
 * and how it refuses a line of a stream in the user's terms.
 */
class RoundTripTest {
    private final InMemoryQueueService service = new InMemoryQueueService();
    private final MessageQueue requests = service.createdQueue("requests");
    private final MessageQueue responses = service.createdQueue("responses");
    private final List<Answer> answers = new ArrayList<>();

    @Test
    void aReplyWithOneByteChanged_isCountedDamaged_andInError_neverAsAGoodAnswer() throws Exception {
        service.answerAtOnce("requests", text -> {
            Envelope request = Envelope.parse(text);
            String reply = request.reply(request.body()).text();
            // The queue damages the reply to the second request: one byte of its body changed.
            return Map.entry(request.replyTo(), request.id().endsWith(".1") ? reply.replace("\nmsg", "\nmsG") : reply);
        });

        SendResult result = run(List.of("msg 0", "msg 1", "msg 2"), 1);

        assertEquals(3, result.received());
        assertEquals(1, result.errors());
        assertEquals(1, result.damaged());
        assertEquals(0, result.poisoned());
        assertEquals(2, answers.stream().filter(Answer::isGood).count());
        Answer damaged = answers.stream().filter(answer -> !answer.isGood()).findFirst().orElseThrow();
        assertEquals("msg 1", damaged.message());
        assertNull(damaged.reply(), "the damaged text is not handed out as the service's reply");
        assertTrue(damaged.problem().matches("the reply to request [0-9a-f]{8}\\.1 was damaged in the queue: its body's"
                + " CRC-32C is [0-9a-f]{8}, not [0-9a-f]{8} as its envelope says"), damaged.problem());
        assertEquals(damaged.problem(), result.firstProblem());
    }

    @Test
    void aDamagedItemOfAPackedReply_isDamagedAlone() throws Exception {
        service.answerAtOnce("requests", text -> {
            List<Envelope> requests = Pack.isPacked(text) ? Pack.unpack(text).items() : List.of(Envelope.parse(text));
            // As many replies as the pack had, in one message; the queue damages the body of "msg 2" (its crc= kept).
            List<Envelope> replies = requests.stream().map(request -> request.reply(request.body()))
                    .map(reply -> reply.body().equals("msg 2") ? new Envelope(reply.fields(), "msg 7") : reply).toList();
            return Map.entry(requests.get(0).replyTo(), Pack.messages(replies, replies.size()).get(0));
        });

        SendResult result = run(List.of("msg 0", "msg 1", "msg 2", "msg 3"), 4);

        assertEquals(4, result.received());
        assertEquals(1, result.damaged());
        assertEquals(1, result.errors());
        assertEquals(List.of("msg 2"), answers.stream().filter(answer -> !answer.isGood()).map(Answer::message).toList());
    }

    @Test
    void linesThatCannotBeSent_areRefusedInTheUsersTerms_asSendMessageRefusesThem() throws Exception {
        service.answerAtOnce("requests", text -> {
            Envelope request = Envelope.parse(text);
            return Map.entry(request.replyTo(), request.reply(request.body()).text());
        });

        SendResult result = run(List.of("fine", "a".repeat(70_000), "abc\u0001"), 1);

        assertEquals(3, result.received());
        assertEquals(2, result.errors());
        List<String> problems = answers.stream().filter(answer -> !answer.isGood()).map(Answer::problem).toList();
        // The header of request 1 of this run: "#sj1 id=<run>.1 crc=<crc> to=responses-c<run>\n".
        int header = Envelope.request("ffffffff.1", "responses-cffffffff", "").text().length();
        assertEquals(String.format(Locale.ROOT, "message 2 cannot be sent: Message is 70,000 bytes in UTF-8; a queue message"
                + " holds at most %,d (64 KiB) after the envelope's %d-byte header: send a smaller message or use --plain",
                MessageText.MAX_BYTES - header, header), problems.get(0));
        assertTrue(problems.get(1).startsWith("message 3 cannot be sent: Message has character U+0001 at index 3,"),
                problems.get(1));
    }

    private SendResult run(List<String> messages, int pack) throws InterruptedException {
        RoundTrip run = new RoundTrip(requests, responses, 64, false, SendOptions.DEFAULT.withPack(pack));
        return run.run(Exchange.echo(), messages.iterator(), messages.size(), answers::add);
    }
}
