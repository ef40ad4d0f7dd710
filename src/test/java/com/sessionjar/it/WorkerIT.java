package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReceivedMessage;
import com.sessionjar.service.Service;
import com.sessionjar.worker.Worker;
import com.sessionjar.worker.WorkerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker against a real Azurite, with services that misbehave on purpose. */
class WorkerIT {
    @TempDir
    static Path temp;

    private static AzuriteProcess azurite;

    private MessageQueue requests;
    private MessageQueue responses;
    private Worker worker;
    private Thread loop;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = AzuriteProcess.start(temp.resolve("azurite"));
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        azurite.close();
    }

    @BeforeEach
    void createQueues() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        requests = azurite.account().queue("req-" + suffix);
        responses = azurite.account().queue("resp-" + suffix);
        requests.createIfNotExists();
        responses.createIfNotExists();
    }

    @AfterEach
    void stopWorker() throws Exception {
        if (worker != null) {
            worker.stop();
            loop.join(10_000);
        }
    }

    private void startWorker(Service service, Duration lease, int concurrency) {
        WorkerSettings settings = new WorkerSettings(azurite.connectionString(), requests.name(), responses.name(), lease,
                Duration.ofMillis(100), concurrency, "test");
        worker = new Worker(requests, responses, service, settings);
        loop = new Thread(worker::run, "test-worker");
        loop.start();
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
        worker.stop();
        loop.join(10_000);
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
        worker.stop();
        loop.join(10_000);
        List<ReceivedMessage> back = requests.receive(32, Duration.ofSeconds(1));
        assertEquals(4, back.size(), "all four requests are visible again at once, not after the 300 s lease");
        assertEquals(4, worker.counters().returned());
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
