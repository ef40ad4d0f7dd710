package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.sessionjar.CapturedStderr;
import com.sessionjar.queue.InMemoryQueueService;
import com.sessionjar.queue.QueueAccount;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The end of a run's reply queue over the in-memory queue service: deleted also when the run was
 * stopped by a signal, quietly when it is gone already, and within its bound, in words, when the
 * service does not answer.
 */
class RunQueueTest {
    private final InMemoryQueueService service = new InMemoryQueueService();
    /** Released when the test ends: a delete held by {@link Held} then ends too. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHeldCalls() {
        release.countDown();
    }

    @Test
    void aRunStoppedBySignal_stillDeletesItsQueue_andStaysInterrupted() {
        RunQueue runQueue = RunQueue.open(service.createdQueue("responses"), "0000c001", false);
        String name = runQueue.queue().name();
        assertTrue(service.queueNames().contains(name), service.queueNames()::toString);

        Thread.currentThread().interrupt(); // as the shutdown hook of a SIGINT does
        String log = CapturedStderr.of(() -> runQueue.close(Duration.ofSeconds(5)));

        assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
        assertFalse(service.queueNames().contains(name), service.queueNames()::toString);
        assertEquals("", log);
    }

    @Test
    void aQueueAlreadyGone_isDeleted_withoutAWord() {
        RunQueue runQueue = RunQueue.open(service.createdQueue("responses"), "0000c002", false);
        runQueue.queue().deleteIfExists(); // the session was deleted meanwhile

        String log = CapturedStderr.of(() -> runQueue.close(Duration.ofSeconds(5)));

        assertEquals("", log);
    }

    @Test
    void aDeleteWithNoAnswer_endsAtItsBound_andSaysSoInWords() {
        Held held = new Held(service, release);
        RunQueue runQueue = RunQueue.open(held.account().queue("responses"), "0000c003", false);
        held.queueDeletesHang = true;

        long start = System.nanoTime();
        String log = CapturedStderr.of(() -> runQueue.close(Duration.ofMillis(300)));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertTrue(seconds < 2, "ended at its bound: " + seconds + " s");
        assertTrue(log.contains("Deleting reply queue " + runQueue.queue().name() + " got no answer in 300 ms;"), log);
        assertTrue(service.queueNames().contains(runQueue.queue().name()), "left, an orphan for a later run");
    }

    @Test
    void aDeleteThatFails_isLoggedInWords_withNoClassName() {
        Held held = new Held(service, release);
        RunQueue runQueue = RunQueue.open(held.account().queue("responses"), "0000c004", false);
        held.refused = true;

        String log = CapturedStderr.of(() -> runQueue.close(Duration.ofSeconds(5)));

        assertTrue(log.contains("Deleting reply queue " + runQueue.queue().name() + " failed; a later run on the session"
                + " or its delete removes it: Connection refused"), log);
        assertFalse(log.contains("Exception"), log);
    }

    /** The in-memory service behind a connection whose queue deletes can be held (a frozen service) or refused. */
    private static final class Held implements HttpClient {
        private final InMemoryQueueService service;
        private final CountDownLatch release;
        volatile boolean queueDeletesHang;
        volatile boolean refused;

        Held(InMemoryQueueService service, CountDownLatch release) {
            this.service = service;
            this.release = release;
        }

        /** An account through this connection with one try a call. */
        QueueAccount account() {
            return QueueAccount.fromConnectionString(InMemoryQueueService.connectionString(), new RequestRetryOptions(
                    RetryPolicyType.FIXED, 1, Duration.ofSeconds(60), Duration.ofMillis(10), Duration.ofMillis(10), null),
                    List.of(), this);
        }

        @Override
        public Mono<HttpResponse> send(HttpRequest request) {
            return Mono.fromCallable(() -> sendSync(request, Context.NONE));
        }

        @Override
        public Mono<HttpResponse> send(HttpRequest request, Context context) {
            return Mono.fromCallable(() -> sendSync(request, context));
        }

        @Override
        public HttpResponse sendSync(HttpRequest request, Context context) {
            boolean queueDelete = request.getHttpMethod() == HttpMethod.DELETE && !request.getUrl().getPath().contains("/messages");
            if (refused) {
                throw new UncheckedIOException(new ConnectException("Connection refused"));
            }
            if (queueDelete && queueDeletesHang) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return service.sendSync(request, context);
        }
    }
}
