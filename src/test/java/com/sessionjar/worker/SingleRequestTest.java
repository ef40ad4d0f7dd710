package com.sessionjar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.Envelope;
import com.sessionjar.protocol.ReplyQueues;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real {@link Worker} answering single requests over the in-memory queue service: bare unless
 * the first line is a valid envelope header, and an enveloped body checked against its crc=.
 */
class SingleRequestTest {
    /** Bare messages that start like an envelope; the original's workers echo each as it is. */
    static final List<String> BARE_LOOKALIKES = List.of("#sj1", "#sj1 hello world", "#sj1 id=abc", "#sj1 id=abc\nbody",
            "#sj1\nbody", "#sj1 id=4f0c2a9e.1", "#sj1 re=4f0c2a9e.1 crc=nothex\nx", "#sj1 pack=0\n");

    @RegisterExtension
    final WorkerFixture fixture = new WorkerFixture();
    private final MessageQueue requests = fixture.requests;
    private final MessageQueue responses = fixture.responses;
    private final MessageQueue poison = fixture.poison;
    private final AtomicInteger calls = new AtomicInteger();
    private Worker worker;

    @Test
    void read_isBareUnlessTheFirstLineIsAValidHeader() {
        for (String text : BARE_LOOKALIKES) {
            assertNull(SingleRequest.read(text, "responses").unreadable(), text);
        }
        assertTrue(SingleRequest.read("#sj1 re=4f0c2a9e.1\nx", "responses").unreadable()
                .startsWith("the request cannot be read: the envelope has no 'id='"), "a reply is not a request");
    }

    @Test
    void bareMessagesThatStartLikeAnEnvelope_areEchoedBare_asTheOriginalDoes() throws Exception {
        BARE_LOOKALIKES.forEach(requests::send);
        startEcho();

        List<String> replies = awaitReplies(responses, BARE_LOOKALIKES.size());

        assertEquals(BARE_LOOKALIKES.stream().sorted().toList(), replies.stream().sorted().toList());
        assertEquals(BARE_LOOKALIKES.size(), calls.get());
        assertEquals(0, worker.counters().poisoned());
        assertEquals(List.of(), poison.exists() ? poison.receive(32, Duration.ofSeconds(1)) : List.of());
    }

    @Test
    void aRequestWithOneByteChanged_isPoisonedUncalled_andItsClientIsToldItWasDamaged() throws Exception {
        MessageQueue client = responses.sibling(ReplyQueues.name(responses.name(), "4f0c2a9e"));
        client.createIfNotExists();
        String damaged = Envelope.request("4f0c2a9e.7", client.name(), "payload").text().replace("payload", "paYload");
        requests.send(damaged);
        startEcho();

        Envelope reply = Envelope.parse(awaitReplies(client, 1).get(0));

        assertEquals("4f0c2a9e.7", reply.inReplyTo());
        assertTrue(reply.isPoisonReply());
        assertNull(reply.damage(), "the error reply carries its own checksum");
        assertEquals("Request moved to requests-poison: the request was damaged in the queue: its body's CRC-32C is "
                + Envelope.checksum("paYload") + ", not " + Envelope.checksum("payload") + " as its envelope says",
                reply.body());
        assertEquals(0, calls.get(), "the service never saw it");
        assertEquals(List.of(damaged), poison.receive(32, Duration.ofSeconds(1)).stream().map(ReceivedMessage::text).toList());
        assertEquals(1, worker.counters().poisoned());
    }

    @Test
    void aRequestWithoutCrc_anOlderClients_isAnswered_andTheReplyCarriesCrc() throws Exception {
        requests.send("#sj1 id=4f0c2a9e.1\nold client");
        startEcho();

        Envelope reply = Envelope.parse(awaitReplies(responses, 1).get(0));

        assertEquals("#sj1 re=4f0c2a9e.1 crc=" + Envelope.checksum("old client") + "\nold client", reply.text());
    }

    @Test
    void aRequestPastItsRunsDeadline_isDeletedUncalledAndUnanswered_countedExpired_theOthersAreAnswered() throws Exception {
        MessageQueue client = responses.sibling(ReplyQueues.name(responses.name(), "4f0c2a9e"));
        client.createIfNotExists();
        long now = System.currentTimeMillis();
        requests.send(Envelope.request("4f0c2a9e.1", client.name(), "late").until(now - 1_000).text());
        requests.send(Envelope.request("4f0c2a9e.2", client.name(), "in time").until(now + 60_000).text());
        requests.send(Envelope.request("4f0c2a9e.3", client.name(), "no deadline").text());
        startEcho();

        List<String> replies = awaitReplies(client, 2);

        assertEquals(List.of("in time", "no deadline"), replies.stream().map(Envelope::parse).map(Envelope::body).sorted().toList());
        awaitCount(() -> worker.counters().expired(), 1);
        assertEquals(2, calls.get(), "the late request was never called");
        assertEquals(2, worker.counters().processed());
        assertEquals(0, worker.counters().poisoned());
        assertEquals(0, fixture.queues.messageCount(requests.name()), "the late request was deleted");
        assertEquals(0, fixture.queues.messageCount(client.name()), "and got no reply");
    }

    @Test
    void onceAReplyQueueIsFoundGone_theRestOfItsRunsRequestsAreSkippedUncalled() throws Exception {
        String gone = ReplyQueues.name(responses.name(), "4f0c2a9e"); // never made: its run has ended
        requests.send(Envelope.request("4f0c2a9e.1", gone, "first").text());
        startEcho();
        awaitCount(() -> worker.counters().dropped(), 1);

        for (int i = 2; i <= 5; i++) {
            requests.send(Envelope.request("4f0c2a9e." + i, gone, "more").text());
        }
        awaitCount(() -> worker.counters().expired(), 4);

        assertEquals(1, calls.get(), "only the first was called: its reply found the queue gone");
        assertEquals(1, worker.counters().dropped());
        awaitCount(() -> 5 - fixture.queues.messageCount(requests.name()), 5);
    }

    /** Waits up to 10 s for {@code counter} to reach {@code expected}, then checks it is exactly that. */
    private static void awaitCount(java.util.function.LongSupplier counter, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (counter.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, counter.getAsLong());
    }

    /** Starts the worker on an echo service that counts its calls. */
    private void startEcho() {
        worker = fixture.start(WorkerFixture.countingEcho(calls), 5);
    }

    /** The texts of the first {@code count} messages on {@code queue}, deleted as they are taken. */
    private static List<String> awaitReplies(MessageQueue queue, int count) throws InterruptedException {
        List<String> replies = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (replies.size() < count && System.nanoTime() < deadline) {
            for (ReceivedMessage message : queue.receive(32, Duration.ofSeconds(60))) {
                replies.add(message.text());
                queue.delete(message);
            }
            Thread.sleep(20);
        }
        assertEquals(count, replies.size(), replies::toString);
        return replies;
    }
}
