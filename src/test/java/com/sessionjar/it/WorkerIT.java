package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.sessionjar.protocol.Envelope;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.queue.ReceivedMessage;
import com.sessionjar.protocol.ReplyQueues;
import com.sessionjar.service.BadRequestException;
import com.sessionjar.service.Service;
import com.sessionjar.worker.Worker;
import com.sessionjar.protocol.WorkerSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/** The worker against a real Azurite, with services that misbehave on purpose. */
class WorkerIT {
    @RegisterExtension
    static final LocalSessionsExtension sessions = new LocalSessionsExtension().startingAzurite();

    /** Started before all tests, so there when each test's instance is made. */
    private final AzuriteProcess azurite = sessions.azurite();

    private MessageQueue requests;
    private MessageQueue responses;
    private MessageQueue poison;
    private Worker worker;

    @BeforeEach
    void createQueues() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        requests = azurite.account().queue("req-" + suffix);
        responses = azurite.account().queue("resp-" + suffix);
        poison = azurite.account().queue(requests.name() + "-poison");
        requests.createIfNotExists();
        responses.createIfNotExists();
    }

    @AfterEach
    void stopWorker() throws Exception {
        if (worker != null) {
            assertTrue(worker.shutdown().awaitTermination(10, TimeUnit.SECONDS), "the worker stops");
        }
    }

    private void startWorker(Service service, Duration lease, int concurrency) {
        startWorker(service, lease, concurrency, 5);
    }

    private void startWorker(Service service, Duration lease, int concurrency, int maxDequeueCount) {
        WorkerSettings settings = new WorkerSettings(azurite.connectionString(), requests.name(), responses.name(), lease,
                Duration.ofMillis(100), maxDequeueCount, concurrency, "test");
        worker = new Worker(requests, responses, poison, service, settings).start();
    }

    @Test
    void longRequest_leaseIsRenewed_andItIsProcessedOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        startWorker(text -> {
            calls.incrementAndGet();
            Thread.sleep(6000); // three leases of 2 s
            return text.toUpperCase();
        }, Duration.ofSeconds(2), 2);
        requests.send("slow");
        List<ReceivedMessage> replies = awaitReplies(1, Duration.ofSeconds(30));
        assertEquals("SLOW", replies.get(0).text());
        Thread.sleep(3000); // a request whose lease lapsed would be taken and called again by now
        assertEquals(1, calls.get(), "called once: the lease was renewed while the call ran");
        assertEquals(0, requests.approximateDepth(), "the request was deleted after its reply");
        assertEquals(1, worker.counters().processed());
    }

    @Test
    void failedRequest_isVisibleAgainAtOnce_andRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        startWorker(text -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first call fails");
            }
            return text;
        }, Duration.ofSeconds(60), 1);
        requests.send("retry me");
        // With a 60 s lease, a reply within 15 s proves the request was released, not left to expire.
        List<ReceivedMessage> replies = awaitReplies(1, Duration.ofSeconds(15));
        assertEquals("retry me", replies.get(0).text());
        assertEquals(2, calls.get());
        assertEquals(1, worker.counters().failed());
    }

    @Test
    void replyCannotBeSent_requestIsNotDeleted() throws Exception {
        responses.deleteIfExists();
        AtomicInteger calls = new AtomicInteger();
        startWorker(text -> {
            calls.incrementAndGet();
            return text;
        }, Duration.ofSeconds(60), 1);
        requests.send("keep me");
        LocalSessionIT.waitUntil(() -> calls.get() >= 2);
        assertTrue(worker.shutdown().awaitTermination(10, TimeUnit.SECONDS), "the worker stops");
        List<ReceivedMessage> left = requests.receive(32, Duration.ofSeconds(1));
        assertEquals(1, left.size(), "the request survives a reply that could not be sent");
        assertEquals("keep me", left.get(0).text());
    }

    @Test
    void concurrency_boundsServiceCallsInFlight() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        startWorker(text -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(300);
            running.decrementAndGet();
            return text;
        }, Duration.ofSeconds(60), 3);
        for (int i = 0; i < 12; i++) {
            requests.send("n" + i);
        }
        assertEquals(12, awaitReplies(12, Duration.ofSeconds(30)).size());
        assertEquals(3, most.get(), "at most Worker__Concurrency calls at once, and all of them used");
    }

    @Test
    void stop_returnsRequestsInFlight() throws Exception {
        AtomicInteger started = new AtomicInteger();
        startWorker(text -> {
            started.incrementAndGet();
            Thread.sleep(60_000);
            return text;
        }, Duration.ofSeconds(300), 4);
        for (int i = 0; i < 4; i++) {
            requests.send("stuck" + i);
        }
        LocalSessionIT.waitUntil(() -> started.get() == 4);
        assertTrue(worker.shutdown().awaitTermination(10, TimeUnit.SECONDS), "the worker stops");
        List<ReceivedMessage> back = requests.receive(32, Duration.ofSeconds(1));
        assertEquals(4, back.size(), "all four requests are visible again at once, not after the 300 s lease");
        assertEquals(4, worker.counters().returned());
    }

    @Test
    void requestThatKeepsFailing_isPoisonedAfterMaxDequeueCount_withAnErrorReply() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        startWorker(text -> {
            calls.incrementAndGet();
            throw new IllegalStateException("always fails");
        }, Duration.ofSeconds(60), 2, 3);
        requests.send(Envelope.request("run1.0", "doomed").text());
        Envelope reply = Envelope.parse(awaitReplies(1, Duration.ofSeconds(30)).get(0).text());
        assertEquals("run1.0", reply.inReplyTo());
        assertTrue(reply.isPoisonReply());
        assertTrue(reply.body().contains("it failed 3 times; the last time: always fails"), reply.body());
        assertEquals(3, calls.get(), "tried MaxDequeueCount times, no more");
        assertPoisoned(Envelope.request("run1.0", "doomed").text());
        System.out.println("WorkerIT poison: sent 1, replies 1 (fault=poison), calls 3, poisoned "
                + worker.counters().poisoned() + ", lost 0");
    }

    @Test
    void unreadableEnvelope_isPoisonedAtOnce_withAPlainErrorReply() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        startWorker(text -> {
            calls.incrementAndGet();
            return text;
        }, Duration.ofSeconds(60), 1);
        requests.send("#sj1 id=\nno id");
        String reply = awaitReplies(1, Duration.ofSeconds(30)).get(0).text();
        assertTrue(reply.startsWith("Request moved to " + poison.name() + ": the request cannot be read: "), reply);
        assertEquals(0, calls.get(), "the service never saw it");
        assertPoisoned("#sj1 id=\nno id");
    }

    @Test
    void badRequest_isPoisonedAtOnce_inTheServicesReplyFormat() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        startWorker(new Service() {
            @Override
            public String call(String request) throws BadRequestException {
                calls.incrementAndGet();
                throw new BadRequestException("not a number: " + request);
            }

            @Override
            public String errorReply(String request, String reason) {
                return "{\"Error\": \"" + reason + "\"}";
            }
        }, Duration.ofSeconds(60), 1);
        requests.send(Envelope.request("r.1", "x").text());
        Envelope reply = Envelope.parse(awaitReplies(1, Duration.ofSeconds(30)).get(0).text());
        assertEquals("{\"Error\": \"Request moved to " + poison.name() + ": the service cannot read it: not a number: x\"}",
                reply.body());
        assertEquals(1, calls.get(), "a bad request is not tried again");
        assertPoisoned(Envelope.request("r.1", "x").text());
    }

    @Test
    void requestTakenTooOftenWithoutAnOutcome_isPoisonedWithoutACall() throws Exception {
        requests.send("killer");
        for (int i = 0; i < 3; i++) {
            // What a worker that dies on the request leaves: a dequeue count and no reply.
            requests.release(requests.receive(1, Duration.ofSeconds(60)).get(0));
        }
        AtomicInteger calls = new AtomicInteger();
        startWorker(text -> {
            calls.incrementAndGet();
            return text;
        }, Duration.ofSeconds(60), 1, 3);
        String reply = awaitReplies(1, Duration.ofSeconds(30)).get(0).text();
        assertTrue(reply.contains("it was taken 3 times without a reply"), reply);
        assertEquals(0, calls.get());
        assertPoisoned("killer");
    }

    @Test
    void replyTooLargeToSend_isPoisonedAtOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        startWorker(text -> {
            calls.incrementAndGet();
            return "x".repeat(70_000);
        }, Duration.ofSeconds(60), 1);
        requests.send(Envelope.request("r.2", "big").text());
        Envelope reply = Envelope.parse(awaitReplies(1, Duration.ofSeconds(30)).get(0).text());
        assertTrue(reply.isPoisonReply());
        assertTrue(reply.body().contains("its reply cannot be sent"), reply.body());
        assertEquals(1, calls.get());
        assertPoisoned(Envelope.request("r.2", "big").text());
    }

    @Test
    void renewalThatFails_isCounted_andTheRequestIsStillAnsweredOnceByItsId() throws Exception {
        // The first renewal's tries fail, so the 2 s lease lapses during a 6 s call: the request is taken and
        // answered a second time. The client's matching by id turns that into one answer and one duplicate.
        AtomicInteger failUpdates = new AtomicInteger(2);
        HttpPipelinePolicy failRenewal = (context, next) -> context.getHttpRequest().getHttpMethod() == HttpMethod.PUT
                && context.getHttpRequest().getUrl().getQuery() != null
                && context.getHttpRequest().getUrl().getQuery().contains("popreceipt=")
                && failUpdates.getAndDecrement() > 0
                ? Mono.error(new IOException("injected: renewal refused")) : next.process();
        QueueAccount faulty = QueueAccount.fromConnectionString(azurite.connectionString(),
                new RequestRetryOptions(RetryPolicyType.FIXED, 2, Duration.ofSeconds(5), Duration.ofMillis(100),
                        Duration.ofMillis(100), null), List.of(failRenewal));
        requests = faulty.queue(requests.name());
        AtomicInteger calls = new AtomicInteger();
        startWorker(text -> {
            calls.incrementAndGet();
            Thread.sleep(6000);
            return text;
        }, Duration.ofSeconds(2), 2);
        requests.send(Envelope.request("r.3", "slow").text());
        List<ReceivedMessage> replies = awaitReplies(2, Duration.ofSeconds(40));
        assertEquals(List.of("r.3", "r.3"), replies.stream().map(r -> Envelope.parse(r.text()).inReplyTo()).toList());
        LocalSessionIT.waitUntil(() -> requests.approximateDepth() == 0);
        assertTrue(worker.counters().renewalsFailed() >= 1, worker.counters()::toString);
        assertEquals(2, calls.get());
        System.out.println("WorkerIT renewal failure: sent 1, replies 2 with one id (1 duplicate), renewals failed "
                + worker.counters().renewalsFailed() + ", lost 0");
    }

    @Test
    void aRequestWithReplyTo_isAnsweredOnItsClientsQueue_notTheResponseQueue() throws Exception {
        startWorker(text -> text, Duration.ofSeconds(60), 2);
        MessageQueue client = responses.sibling(ReplyQueues.name(responses.name(), "0000abcd"));
        client.createIfNotExists();
        requests.send(Envelope.request("0000abcd.0", client.name(), "routed").text());
        LocalSessionIT.waitUntil(() -> client.approximateDepth() == 1);
        ReceivedMessage reply = client.receive(1, Duration.ofSeconds(60)).get(0);
        assertEquals("routed", Envelope.parse(reply.text()).body());
        assertEquals("0000abcd.0", Envelope.parse(reply.text()).inReplyTo());
        assertEquals(0, responses.approximateDepth(), "nothing on the shared response queue");
        client.deleteIfExists();
    }

    @Test
    void aReplyToAGoneClient_isDropped_andItsRequestDeleted() throws Exception {
        startWorker(text -> text, Duration.ofSeconds(60), 1);
        String gone = ReplyQueues.name(responses.name(), "0000dead");
        requests.send(Envelope.request("0000dead.0", gone, "nobody waits").text());
        LocalSessionIT.waitUntil(() -> worker.counters().dropped() == 1);
        LocalSessionIT.waitUntil(() -> requests.approximateDepth() == 0);
        assertEquals(0, responses.approximateDepth());
        assertEquals(0, worker.counters().failed(), "a gone client is not a failure to retry");
        assertEquals(1, worker.counters().processed());
    }

    @Test
    void aReplyToAQueueOutsideTheSession_isPoisoned_neverSent() throws Exception {
        startWorker(text -> text, Duration.ofSeconds(60), 1);
        String text = Envelope.request("0000beef.0", requests.name(), "loop me").text();
        requests.send(text); // replying "to" the request queue itself would feed the worker its own replies
        assertPoisoned(text);
        List<ReceivedMessage> replies = awaitReplies(1, Duration.ofSeconds(15));
        assertTrue(replies.get(0).text().contains("is not one of " + responses.name()), replies.get(0).text());
    }

    /** The poison queue holds exactly {@code text}, and the request queue is empty. */
    private void assertPoisoned(String text) throws Exception {
        LocalSessionIT.waitUntil(() -> requests.approximateDepth() == 0);
        List<ReceivedMessage> poisoned = poison.receive(32, Duration.ofSeconds(1));
        assertEquals(List.of(text), poisoned.stream().map(ReceivedMessage::text).toList());
        assertEquals(1, worker.counters().poisoned());
    }

    private List<ReceivedMessage> awaitReplies(int count, Duration timeout) throws InterruptedException {
        List<ReceivedMessage> replies = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (replies.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + replies.size() + " of " + count + " replies within " + timeout);
            }
            for (ReceivedMessage reply : responses.receive(32, Duration.ofSeconds(60))) {
                responses.delete(reply);
                replies.add(reply);
            }
            Thread.sleep(50);
        }
        return replies;
    }
}
