package com.sessionjar.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.WorkerSettings;
import com.sessionjar.queue.InMemoryQueueService;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.service.Service;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@link Worker} over the in-memory queue service, for tests of how it answers what it
 * takes: the queues {@link #requests} and {@link #responses} are made before each test (the
 * {@link #poison} queue is the worker's to make), the worker is started by the test and stopped
 * after it, which it must do within 10 s.
 *
 * <pre>
 * &#64;RegisterExtension
 * final WorkerFixture fixture = new WorkerFixture();
 * </pre>
 */
final class WorkerFixture implements BeforeEachCallback, AfterEachCallback {
    final InMemoryQueueService queues = new InMemoryQueueService();
    final MessageQueue requests;
    final MessageQueue responses;
    final MessageQueue poison;
    private Worker worker;

    WorkerFixture() {
        QueueAccount account = queues.account();
        requests = account.queue("requests");
        responses = account.queue("responses");
        poison = account.queue("requests-poison");
    }

    /** Starts the worker: {@code service} on 2 slots, a request poisoned on its {@code maxDequeueCount}th attempt. */
    Worker start(Service service, int maxDequeueCount) {
        WorkerSettings settings = new WorkerSettings(InMemoryQueueService.connectionString(), requests.name(),
                responses.name(), Duration.ofSeconds(60), Duration.ofMillis(50), maxDequeueCount, 2, "test");
        worker = new Worker(requests, responses, poison, service, settings).start();
        return worker;
    }

    /** An echo service that counts its calls in {@code calls}. */
    static Service countingEcho(AtomicInteger calls) {
        return request -> {
            calls.incrementAndGet();
            return request;
        };
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        requests.createIfNotExists();
        responses.createIfNotExists();
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        if (worker != null) {
            assertTrue(worker.shutdown().awaitTermination(10, TimeUnit.SECONDS), "the worker stops");
        }
    }
}
