package com.sessionjar.bench;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.queue.QueueAsyncClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.models.QueueMessageItem;
import com.sessionjar.queue.QueueAccount;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * The raw ceiling: the least a round trip through two storage queues can cost, done directly
 * with azure-storage-queue against the same Azurite, no session.jar code on the path. A client
 * side puts each request (async, at most {@value #IN_FLIGHT} in flight), a worker side receives
 * {@value #BATCH} at a time, puts each reply and then deletes the request (one async chain per
 * message), and the client side receives replies {@value #BATCH} at a time and deletes them
 * (async). Both sides run in this JVM, each with its own HTTP client, as two processes would.
 */
final class RawRoundTrips {
    static final int IN_FLIGHT = 32;
    static final int BATCH = 32;
    private static final Duration LEASE = Duration.ofSeconds(60);
    /**
     * After a receive that drained its queue, each side waits for about this many messages to
     * gather, at the rate they came so far, at most {@link #MAX_GATHER_MS}, as session.jar's worker
     * and client do (they wait at most 200 and 100 ms; with only 32 in flight here, less). Every call
     * costs Azurite CPU, the bottleneck here, so receives that return one message each would lower
     * the ceiling, not raise it.
     */
    private static final int GATHER = 16;
    private static final long MAX_GATHER_MS = 50;
    private static final Duration STALL = Duration.ofSeconds(60);

    private final String connectionString;

    /** A ceiling measured on the account of {@code connectionString} (the queues are made and deleted here). */
    RawRoundTrips(String connectionString) {
        this.connectionString = connectionString;
    }

    /** Runs {@code count} round trips on two new queues and deletes them. */
    Measurement run(int count) throws InterruptedException {
        String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicLong clientCalls = new AtomicLong();
        AtomicLong workerCalls = new AtomicLong();
        HttpClient clientHttp = new NettyAsyncHttpClientBuilder().build();
        HttpClient workerHttp = new NettyAsyncHttpClientBuilder().build();
        QueueAsyncClient clientRequests = queue(name + "-rq", clientHttp, clientCalls);
        QueueAsyncClient clientReplies = queue(name + "-rp", clientHttp, clientCalls);
        QueueAsyncClient workerRequests = queue(name + "-rq", workerHttp, workerCalls);
        QueueAsyncClient workerReplies = queue(name + "-rp", workerHttp, workerCalls);
        clientRequests.create().block();
        clientReplies.create().block();
        clientCalls.set(0);
        try {
            Trips trips = new Trips(count);
            Thread worker = new Thread(() -> trips.serve(workerRequests, workerReplies), "raw-worker");
            Thread sender = new Thread(() -> trips.send(clientRequests), "raw-sender");
            worker.setDaemon(true);
            sender.setDaemon(true);
            long start = System.nanoTime();
            long elapsed;
            worker.start();
            sender.start();
            try {
                trips.receive(clientReplies);
                trips.awaitQuiet();
                elapsed = System.nanoTime() - start;
            } finally {
                trips.stop();
                sender.join();
                worker.join();
            }
            trips.throwIfFailed();
            long[] latencies = trips.latencies();
            double calls = clientCalls.get() + workerCalls.get();
            return new Measurement(OptionalDouble.of(count / (elapsed / 1e9)), OptionalDouble.of(calls / count),
                    OptionalDouble.of(Figures.percentile(latencies, 50) / 1e6),
                    OptionalDouble.of(Figures.percentile(latencies, 99) / 1e6), OptionalDouble.empty(), OptionalDouble.empty());
        } finally {
            clientRequests.delete().onErrorResume(e -> Mono.empty()).block();
            clientReplies.delete().onErrorResume(e -> Mono.empty()).block();
        }
    }

    private QueueAsyncClient queue(String name, HttpClient http, AtomicLong calls) {
        // Counts every try that reaches the queue service: the storage transactions.
        HttpPipelinePolicy count = (context, next) -> {
            calls.incrementAndGet();
            return next.process();
        };
        return new QueueClientBuilder().connectionString(connectionString).queueName(name).httpClient(http)
                .retryOptions(QueueAccount.RETRIES).addPolicy(count).buildAsyncClient();
    }

    /** The state of one run, shared by its sender, worker and receiving threads. */
    private static final class Trips {
        private final int count;
        private final Semaphore window = new Semaphore(IN_FLIGHT);
        private final AtomicLongArray sentAt;
        private final AtomicLongArray latency;
        private final AtomicInteger pending = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean stopped;

        Trips(int count) {
            this.count = count;
            this.sentAt = new AtomicLongArray(count);
            this.latency = new AtomicLongArray(count);
        }

        void send(QueueAsyncClient requests) {
            try {
                for (int i = 0; i < count && !stopped; i++) {
                    window.acquire();
                    sentAt.set(i, System.nanoTime());
                    track(requests.sendMessage(Integer.toString(i)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void serve(QueueAsyncClient requests, QueueAsyncClient replies) {
            Pace pace = new Pace();
            while (!stopped) {
                List<QueueMessageItem> items = take(requests);
                for (QueueMessageItem item : items) {
                    // The reply first, then the delete: a request is never lost, as in a real worker.
                    track(replies.sendMessage(item.getBody().toString())
                            .then(requests.deleteMessage(item.getMessageId(), item.getPopReceipt())));
                }
                pace.after(items.size());
            }
        }

        void receive(QueueAsyncClient replies) {
            Pace pace = new Pace();
            int received = 0;
            long lastProgress = System.nanoTime();
            while (received < count) {
                List<QueueMessageItem> items = take(replies);
                long now = System.nanoTime();
                for (QueueMessageItem item : items) {
                    int i = Integer.parseInt(item.getBody().toString());
                    track(replies.deleteMessage(item.getMessageId(), item.getPopReceipt()));
                    if (latency.compareAndSet(i, 0, Math.max(1, now - sentAt.get(i)))) {
                        received++;
                        window.release();
                    }
                }
                if (!items.isEmpty()) {
                    lastProgress = now;
                } else if (now - lastProgress > STALL.toNanos()) {
                    fail(new IllegalStateException("no reply for " + STALL.toSeconds() + " s; " + received + " of " + count
                            + " received"));
                }
                throwIfFailed();
                pace.after(items.size());
            }
        }

        private List<QueueMessageItem> take(QueueAsyncClient queue) {
            try {
                return queue.receiveMessages(BATCH, LEASE).collectList().block();
            } catch (RuntimeException e) {
                fail(e);
                return List.of();
            }
        }

        private void track(Mono<?> call) {
            pending.incrementAndGet();
            call.doFinally(signal -> pending.decrementAndGet()).subscribe(result -> { }, this::fail);
        }

        /** One side's pacing of its receives: see {@link #GATHER}. */
        private final class Pace {
            private final long start = System.nanoTime();
            private long taken;

            void after(int justTaken) {
                taken += justTaken;
                if (justTaken >= BATCH || stopped) {
                    return; // the queue may hold more: receive again at once
                }
                double perMs = taken / Math.max(1.0, (System.nanoTime() - start) / 1e6);
                long waitMs = taken == 0 ? MAX_GATHER_MS : Math.min(MAX_GATHER_MS, Math.round(GATHER / perMs));
                try {
                    Thread.sleep(waitMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop();
                }
            }
        }

        /** Waits until the calls still going (the last deletes) are done. */
        void awaitQuiet() throws InterruptedException {
            long deadline = System.nanoTime() + STALL.toNanos();
            while (pending.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }

        /** Ends the sender and the worker side; the window opens so a waiting sender sees it. */
        void stop() {
            stopped = true;
            window.release(IN_FLIGHT);
        }

        void fail(Throwable e) {
            failure.compareAndSet(null, e);
            stop();
        }

        void throwIfFailed() {
            Throwable e = failure.get();
            if (e != null) {
                throw new IllegalStateException("raw round trips failed: " + e, e);
            }
        }

        long[] latencies() {
            long[] values = new long[count];
            for (int i = 0; i < count; i++) {
                values[i] = latency.get(i);
            }
            return values;
        }
    }
}
