package com.sessionjar.session;

import com.sessionjar.DaemonThreads;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One send-and-receive run: sends {@code count} copies of a request and takes as many replies,
 * with at most {@code window} requests in flight so the queues stay shallow (a deep Azurite
 * queue slows sharply). Sends and deletes run on small fixed pools; memory and threads are the
 * same for any count.
 */
final class RoundTrip {
    private static final Logger LOG = LoggerFactory.getLogger(RoundTrip.class);
    private static final int SEND_THREADS = 8;
    private static final int DELETE_THREADS = 8;
    private static final Duration REPLY_LEASE = Duration.ofSeconds(60);
    private static final Duration MAX_IDLE_WAIT = Duration.ofMillis(100);

    private final MessageQueue requests;
    private final MessageQueue responses;
    private final int window;
    private final Duration progressInterval;

    RoundTrip(MessageQueue requests, MessageQueue responses, int window, Duration progressInterval) {
        this.requests = requests;
        this.responses = responses;
        this.window = window;
        this.progressInterval = progressInterval;
    }

    /**
     * Sends {@code count} requests made by {@code exchange} and receives {@code count} replies,
     * handing each to {@code onReply}; a reply the exchange finds a problem with counts as an error.
     */
    SendResult run(Exchange exchange, long count, Consumer<String> onReply) throws InterruptedException {
        Semaphore inFlight = new Semaphore(window);
        AtomicLong sent = new AtomicLong();
        AtomicReference<RuntimeException> sendFailure = new AtomicReference<>();
        ExecutorService senders = Executors.newFixedThreadPool(SEND_THREADS, new DaemonThreads("session-send"));
        ExecutorService deleters = Executors.newFixedThreadPool(DELETE_THREADS, new DaemonThreads("session-delete"));
        Thread dispatcher = new DaemonThreads("session-dispatch").newThread(() -> {
            try {
                for (long i = 0; i < count && sendFailure.get() == null; i++) {
                    inFlight.acquire();
                    String request = exchange.nextRequest();
                    senders.execute(() -> {
                        try {
                            requests.send(request);
                            sent.incrementAndGet();
                        } catch (RuntimeException e) {
                            sendFailure.compareAndSet(null, e);
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long received = 0;
        long errors = 0;
        String firstProblem = null;
        long start = System.nanoTime();
        long nextProgress = start + progressInterval.toNanos();
        Duration idleWait = Duration.ofMillis(5);
        dispatcher.start();
        try {
            while (received < count) {
                if (sendFailure.get() != null) {
                    throw sendFailure.get();
                }
                List<ReceivedMessage> replies = responses.receive((int) Math.min(MessageQueue.MAX_BATCH, count - received),
                        REPLY_LEASE);
                for (ReceivedMessage reply : replies) {
                    deleters.execute(() -> deleteQuietly(reply));
                    String problem = exchange.problemWith(reply.text());
                    if (problem != null) {
                        errors++;
                        if (firstProblem == null) {
                            firstProblem = problem;
                            LOG.warn("Reply {} is not a good answer: {}", reply.id(), problem);
                        }
                    }
                    onReply.accept(reply.text());
                    inFlight.release();
                    received++;
                }
                if (replies.isEmpty()) {
                    Thread.sleep(idleWait.toMillis());
                    idleWait = idleWait.multipliedBy(2).compareTo(MAX_IDLE_WAIT) < 0 ? idleWait.multipliedBy(2) : MAX_IDLE_WAIT;
                } else {
                    idleWait = Duration.ofMillis(5);
                }
                if (!progressInterval.isZero() && System.nanoTime() >= nextProgress) {
                    LOG.info("Sent {} and received {} of {} messages", sent.get(), received, count);
                    nextProgress = System.nanoTime() + progressInterval.toNanos();
                }
            }
        } finally {
            dispatcher.interrupt();
            dispatcher.join();
            senders.shutdown();
            deleters.shutdown();
            senders.awaitTermination(1, TimeUnit.MINUTES);
            deleters.awaitTermination(1, TimeUnit.MINUTES);
        }
        return new SendResult(sent.get(), received, errors, firstProblem, Duration.ofNanos(System.nanoTime() - start));
    }

    private void deleteQuietly(ReceivedMessage reply) {
        try {
            responses.delete(reply);
        } catch (RuntimeException e) {
            LOG.warn("Deleting reply {} failed; it will be received again: {}", reply.id(), Errors.oneLine(e));
        }
    }
}
