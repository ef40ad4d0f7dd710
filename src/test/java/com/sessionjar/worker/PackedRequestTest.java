package com.sessionjar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.Envelope;
import com.sessionjar.queue.InMemoryQueueService;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.protocol.Pack;
import com.sessionjar.queue.ReceivedMessage;
import com.sessionjar.protocol.ReplyQueues;
import com.sessionjar.service.BadRequestException;
import com.sessionjar.service.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real {@link Worker} answering packed requests over the in-memory queue service, faults included. */
class PackedRequestTest {
    @RegisterExtension
    final WorkerFixture fixture = new WorkerFixture();
    private final InMemoryQueueService queues = fixture.queues;
    private final MessageQueue requests = fixture.requests;
    private final MessageQueue responses = fixture.responses;
    private final MessageQueue poison = fixture.poison;
    private Worker worker;

    @Test
    void aPack_getsOnePackedReply_andIsDeleted() throws Exception {
        requests.send(pack("one", "two\n#sj1 re=r.0\n", ""));
        startWorker(String::toUpperCase, 5);

        Map<String, Envelope> replies = awaitReplies(3);

        assertEquals("ONE", replies.get("0000abcd.0").body());
        assertEquals("TWO\n#SJ1 RE=R.0\n", replies.get("0000abcd.1").body());
        assertEquals("", replies.get("0000abcd.2").body());
        assertEquals(1, queues.messageCount(responses.name()), "one reply message");
        awaitDeleted();
        assertEquals(3, worker.counters().processed());
    }

    @Test
    void aRequestTheServiceCannotRead_isPoisonedAlone_theOthersAreAnswered() throws Exception {
        requests.send(pack("good", "bad", "fine"));
        startWorker(request -> {
            if (request.equals("bad")) {
                throw new BadRequestException("unreadable");
            }
            return request;
        }, 5);

        Map<String, Envelope> replies = awaitReplies(3);

        assertEquals("good", replies.get("0000abcd.0").body());
        assertTrue(replies.get("0000abcd.1").isPoisonReply());
        assertTrue(replies.get("0000abcd.1").body().contains("the service cannot read it: unreadable"), replies.get("0000abcd.1").body());
        assertEquals("fine", replies.get("0000abcd.2").body());
        awaitDeleted();
        List<ReceivedMessage> poisoned = poison.receive(32, Duration.ofSeconds(30));
        assertEquals(List.of(Envelope.request("0000abcd.1", "bad").text()), poisoned.stream().map(ReceivedMessage::text).toList(),
                "the poisoned request alone, as its own message");
        assertEquals(2, worker.counters().processed());
        assertEquals(1, worker.counters().poisoned());
    }

    @Test
    void aFailingRequest_failsThePackUntilItsLastAttempt_thenIsPoisonedAlone() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        requests.send(pack("a", "flaky", "b"));
        startWorker(request -> {
            calls.incrementAndGet();
            if (request.equals("flaky")) {
                throw new IllegalStateException("down");
            }
            return request;
        }, 3);

        Map<String, Envelope> replies = awaitReplies(3);

        assertEquals("a", replies.get("0000abcd.0").body());
        assertTrue(replies.get("0000abcd.1").isPoisonReply());
        assertTrue(replies.get("0000abcd.1").body().contains("it failed on the pack's last attempt: "), replies.get("0000abcd.1").body());
        assertEquals("b", replies.get("0000abcd.2").body());
        awaitDeleted();
        assertEquals(2, worker.counters().failed(), "two attempts failed the pack");
        assertEquals(2 + 2 + 3, calls.get(), "two attempts that stop at the failure, then a last one through all three");
        assertEquals(1, worker.counters().poisoned());
    }

    @Test
    void aPackTakenTooOften_isPoisonedWhole_eachRequestGetsAnErrorReply() throws Exception {
        String pack = pack("x", "y");
        requests.send(pack);
        for (int i = 0; i < 2; i++) { // two takers that died
            requests.release(requests.receive(1, Duration.ofSeconds(30)).get(0));
        }
        AtomicInteger calls = new AtomicInteger();
        startWorker(WorkerFixture.countingEcho(calls), 2);

        Map<String, Envelope> replies = awaitReplies(2);

        assertTrue(replies.values().stream().allMatch(Envelope::isPoisonReply), replies::toString);
        assertTrue(replies.get("0000abcd.0").body().contains("it was taken 2 times without a reply"), replies.get("0000abcd.0").body());
        awaitDeleted();
        assertEquals(0, calls.get());
        assertEquals(List.of(pack), poison.receive(32, Duration.ofSeconds(30)).stream().map(ReceivedMessage::text).toList(),
                "the pack itself goes to the poison queue");
        assertEquals(2, worker.counters().poisoned());
    }

    /** MaxDequeueCount 1: no second attempt, so a request taken once without a reply is poisoned when it comes back. */
    @Test
    void maxDequeueCountOne_aPackTakenOnceWithoutAReply_isPoisonedWhole_sayingOnce() throws Exception {
        requests.send(pack("x", "y"));
        requests.release(requests.receive(1, Duration.ofSeconds(30)).get(0)); // a taker that died
        AtomicInteger calls = new AtomicInteger();
        startWorker(WorkerFixture.countingEcho(calls), 1);

        Map<String, Envelope> replies = awaitReplies(2);

        assertTrue(replies.values().stream().allMatch(Envelope::isPoisonReply), replies::toString);
        assertTrue(replies.get("0000abcd.0").body().contains("it was taken once without a reply"),
                replies.get("0000abcd.0").body());
        assertEquals(0, calls.get());
    }

    @Test
    void anUnreadablePack_isPoisonedWhole_itsReadableRequestsGetErrorReplies() throws Exception {
        String whole = pack("first", "second", "third");
        String cut = whole.substring(0, whole.length() - 4);
        requests.send(cut);
        startWorker(request -> request, 5);

        Map<String, Envelope> replies = awaitReplies(2);

        assertTrue(replies.get("0000abcd.0").isPoisonReply() && replies.get("0000abcd.1").isPoisonReply(), replies::toString);
        assertTrue(replies.get("0000abcd.0").body().contains("the pack cannot be read: item 3 of 3"), replies.get("0000abcd.0").body());
        assertNull(replies.get("0000abcd.2"));
        awaitDeleted();
        assertEquals(List.of(cut), poison.receive(32, Duration.ofSeconds(30)).stream().map(ReceivedMessage::text).toList());
    }

    @Test
    void anItemWithOneByteChanged_isPoisonedAloneUncalled_theOthersAreAnswered() throws Exception {
        String whole = pack("first", "second", "third");
        String damaged = whole.replace("\nsecond\n", "\nsecoNd\n");
        requests.send(damaged);
        AtomicInteger calls = new AtomicInteger();
        startWorker(WorkerFixture.countingEcho(calls), 5);

        Map<String, Envelope> replies = awaitReplies(3);

        assertEquals("first", replies.get("0000abcd.0").body());
        assertTrue(replies.get("0000abcd.1").isPoisonReply());
        assertEquals("Request moved to requests-poison: the request was damaged in the queue: its body's CRC-32C is "
                + Envelope.checksum("secoNd") + ", not " + Envelope.checksum("second") + " as its envelope says",
                replies.get("0000abcd.1").body());
        assertEquals("third", replies.get("0000abcd.2").body());
        assertTrue(replies.values().stream().allMatch(reply -> reply.damage() == null), "every reply carries its checksum");
        awaitDeleted();
        assertEquals(2, calls.get(), "the damaged request was never called");
        List<String> poisoned = poison.receive(32, Duration.ofSeconds(30)).stream().map(ReceivedMessage::text).toList();
        assertEquals(1, poisoned.size());
        assertEquals("secoNd", Envelope.parse(poisoned.get(0)).body(), "the request as it came, alone");
        assertEquals(2, worker.counters().processed());
        assertEquals(1, worker.counters().poisoned());
    }

    @Test
    void aRequestWithAForeignReplyQueue_makesThePackUnreadable() {
        PackedRequest pack = PackedRequest.read(Pack.messages(List.of(Envelope.request("0000abcd.0", ReplyQueues.name("responses", "4f0c2a9e"), "a"),
                Envelope.request("0000abcd.1", "elsewhere", "b")), 32).get(0), "responses");

        assertEquals("item 2 has a reply queue 'elsewhere' that is not one of responses", pack.problem());
        assertEquals(1, pack.size());
    }

    @Test
    void requestsPastTheirRunsDeadline_areSkippedUncalled_theOthersOfThePackAnswered() throws Exception {
        long now = System.currentTimeMillis();
        requests.send(Pack.messages(List.of(Envelope.request("0000abcd.0", "late").until(now - 1),
                Envelope.request("0000abcd.1", "in time").until(now + 60_000), Envelope.request("0000abcd.2", "late too")
                        .until(now - 5_000)), 32).get(0));
        List<String> called = new java.util.concurrent.CopyOnWriteArrayList<>();
        startWorker(request -> {
            called.add(request);
            return request;
        }, 5);

        Map<String, Envelope> replies = awaitReplies(1);

        assertEquals("in time", replies.get("0000abcd.1").body());
        awaitDeleted();
        assertEquals(List.of("in time"), called);
        assertEquals(1, worker.counters().processed());
        assertEquals(2, worker.counters().expired());
        assertEquals(0, worker.counters().poisoned());
        assertEquals(1, queues.messageCount(responses.name()), "one reply message, with no item for the late ones");
    }

    @Test
    void aPackWhoseRequestsAllPassedTheirDeadline_isDeletedUncalledAndUnanswered() throws Exception {
        long past = System.currentTimeMillis() - 1;
        requests.send(Pack.messages(List.of(Envelope.request("0000abcd.0", "a").until(past),
                Envelope.request("0000abcd.1", "b").until(past)), 32).get(0));
        AtomicInteger calls = new AtomicInteger();
        startWorker(request -> {
            calls.incrementAndGet();
            return request;
        }, 5);

        awaitDeleted();

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (worker.counters().expired() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(2, worker.counters().expired());
        assertEquals(0, calls.get());
        assertEquals(0, queues.messageCount(responses.name()));
    }

    /** A packed message of requests {@code 0000abcd.0}, {@code 0000abcd.1}, ... carrying {@code bodies}, answered on the response queue. */
    private static String pack(String... bodies) {
        List<Envelope> items = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            items.add(Envelope.request("0000abcd." + i, bodies[i]));
        }
        return Pack.messages(items, 32).get(0);
    }

    private void startWorker(Service service, int maxDequeueCount) {
        worker = fixture.start(service, maxDequeueCount);
    }

    /** The replies on the response queue, packed or not, by the id they answer, once there are {@code count}. */
    private Map<String, Envelope> awaitReplies(int count) throws InterruptedException {
        Map<String, Envelope> replies = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (replies.size() < count && System.nanoTime() < deadline) {
            for (ReceivedMessage message : responses.receive(32, Duration.ofSeconds(60))) {
                List<Envelope> items = Pack.isPacked(message.text()) ? Pack.unpack(message.text()).items()
                        : List.of(Envelope.parse(message.text()));
                items.forEach(item -> replies.put(item.inReplyTo(), item));
            }
            Thread.sleep(20);
        }
        assertEquals(count, replies.size(), replies::toString);
        return replies;
    }

    private void awaitDeleted() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (queues.messageCount(requests.name()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, queues.messageCount(requests.name()), "the pack was deleted");
    }
}
