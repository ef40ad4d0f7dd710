package com.sessionjar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.WorkerSettings;
import com.sessionjar.queue.InMemoryQueueService;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.queue.ReceivedMessage;
import com.sessionjar.service.Service;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A {@link Worker}'s lifecycle over the in-memory queue service: start, shutdown, shutdownNow, awaitTermination. */
class WorkerTest {
    /** Long enough that a request seen again within a test was given back, not left to expire. */
    private static final Duration LONG_LEASE = Duration.ofSeconds(300);

    private final InMemoryQueueService queues = new InMemoryQueueService();
    private final QueueAccount account = queues.account();
    private final MessageQueue requests = account.queue("requests");
    private final MessageQueue responses = account.queue("responses");
    private final MessageQueue poison = account.queue("requests-poison");
    /** Lets a service call that would block forever end, so no test leaves a thread behind. */
    private final CountDownLatch finish = new CountDownLatch(1);
    private Worker worker;

    @BeforeEach
    void createQueues() {
        requests.createIfNotExists();
        responses.createIfNotExists();
    }

    @AfterEach
    void stopWorker() throws InterruptedException {
        finish.countDown();
        if (worker != null) {
            assertTrue(worker.shutdownNow().awaitTermination(10, TimeUnit.SECONDS), "the worker stops");
        }
    }

    @Test
    void shutdown_whileACallIsBlocked_interruptsIt_givesTheRequestBack_andTerminates() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        AtomicInteger interrupts = new AtomicInteger();
        worker = started(request -> {
            called.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                interrupts.incrementAndGet();
                throw e;
            }
            return request;
        }, LONG_LEASE);
        requests.send("stuck");
        assertTrue(called.await(10, TimeUnit.SECONDS));

        worker.shutdown();

        assertTrue(worker.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(worker.isShutdown() && worker.isTerminated());
        assertEquals(1, interrupts.get(), "the call was cancelled");
        assertEquals(List.of("stuck"), visibleRequests(), "visible again at once, not after the lease");
        assertEquals(1, worker.counters().returned());
        assertEquals(0, queues.messageCount(responses.name()), "no reply");
    }

    @Test
    void shutdownNow_givesBackARequestWhoseCallIgnoresTheInterruption_andDropsItsLateReply() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        AtomicInteger interrupts = new AtomicInteger();
        worker = started(request -> {
            called.countDown();
            while (true) {
                try {
                    finish.await();
                    return request;
                } catch (InterruptedException e) {
                    interrupts.incrementAndGet(); // and carry on, as a careless service does
                }
            }
        }, LONG_LEASE);
        requests.send("stubborn");
        assertTrue(called.await(10, TimeUnit.SECONDS));

        worker.shutdown();
        awaitTrue(() -> interrupts.get() == 1);
        assertFalse(worker.awaitTermination(300, TimeUnit.MILLISECONDS), "the call goes on");

        worker.shutdownNow();

        assertTrue(worker.awaitTermination(10, TimeUnit.SECONDS), "terminated though the call goes on");
        awaitTrue(() -> interrupts.get() == 2);
        assertEquals(List.of("stubborn"), visibleRequests());
        assertEquals(1, worker.counters().returned());
        finish.countDown();
        Thread.sleep(300);
        assertEquals(0, queues.messageCount(responses.name()), "the late reply is dropped");
        assertEquals(0, worker.counters().processed());
    }

    @Test
    void shutdown_beforeStart_terminatesAtOnce_andStartIsThenRefused() {
        worker = new Worker(requests, responses, poison, request -> request, settings(LONG_LEASE));

        worker.shutdown();

        assertTrue(worker.isTerminated(), "no polling thread to wait for");
        assertThrows(IllegalStateException.class, worker::start);
    }

    @Test
    void awaitTermination_isFalseUntilShutdown_andASecondStartIsRefused() throws Exception {
        worker = started(request -> request, LONG_LEASE);

        assertFalse(worker.awaitTermination(100, TimeUnit.MILLISECONDS));
        assertThrows(IllegalStateException.class, worker::start);

        worker.shutdown();
        assertTrue(worker.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void aCallLongerThanItsLease_keepsTheRequestHidden_andDeletesItUnderTheLatestReceipt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        worker = started(request -> {
            calls.incrementAndGet();
            Thread.sleep(2500); // three renewals of a 1 s lease
            return request.toUpperCase();
        }, Duration.ofSeconds(1));
        requests.send("slow");

        awaitTrue(() -> queues.messageCount(responses.name()) == 1);
        awaitTrue(() -> queues.messageCount(requests.name()) == 0);

        assertEquals("SLOW", responses.receive(1, LONG_LEASE).get(0).text());
        assertEquals(1, calls.get(), "not taken again while the call ran");
        assertEquals(0, worker.counters().renewalsFailed());
        assertEquals(0, worker.counters().undeleted());
    }

    private Worker started(Service service, Duration lease) {
        return new Worker(requests, responses, poison, service, settings(lease)).start();
    }

    private WorkerSettings settings(Duration lease) {
        return new WorkerSettings(InMemoryQueueService.connectionString(), requests.name(), responses.name(), lease,
                Duration.ofMillis(50), 5, 2, "test");
    }

    /** The texts of the requests visible now (taking them, for the rest of the test). */
    private List<String> visibleRequests() {
        return requests.receive(MessageQueue.MAX_BATCH, LONG_LEASE).stream().map(ReceivedMessage::text).toList();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean());
    }
}
