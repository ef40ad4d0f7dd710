package com.sessionjar.session;

import com.sessionjar.DaemonThreads;
import com.sessionjar.queue.Envelope;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One send-and-receive run: sends {@code count} requests and takes their replies, with at most
 * {@code window} requests in flight so the queues stay shallow (a deep Azurite queue slows
 * sharply). Sends and deletes run on small fixed pools; threads are the same for any count and
 * memory grows by one bit per request.
 *
 * <p>Each request goes in an {@link Envelope} with the id {@code <run>.<n>}, so each reply is
 * matched to its request: a second reply to a request (queues deliver at least once) is counted
 * as a duplicate and ignored, and a reply to another run's request is deleted and counted as
 * unmatched. A plain run sends bare texts, as the original does, and can only count replies.
 */
final class RoundTrip {
    private static final Logger LOG = LoggerFactory.getLogger(RoundTrip.class);
    private static final int SEND_THREADS = 8;
    private static final int DELETE_THREADS = 8;
    private static final Duration REPLY_LEASE = Duration.ofSeconds(60);
    private static final Duration MAX_IDLE_WAIT = Duration.ofMillis(100);
    /**
     * The pause after a batch of fewer than 32 replies, so the next call takes several rather than
     * one (with the worker's own pause: 5.8 -> 4.5 storage calls per round trip, measured).
     */
    private static final Duration GATHER_WAIT = Duration.ofMillis(50);

    private final MessageQueue requests;
    private final MessageQueue responses;
    private final int window;
    private final Duration progressInterval;
    private final Duration timeout;
    private final boolean plain;

    RoundTrip(MessageQueue requests, MessageQueue responses, int window, SendOptions options) {
        this.requests = requests;
        this.responses = responses;
        this.window = window;
        this.progressInterval = options.progressInterval();
        this.timeout = options.timeout();
        this.plain = options.plain();
    }

    /**
     * Sends {@code count} requests made by {@code exchange} and receives their replies, handing
     * each reply's body to {@code onReply}; a reply the exchange finds a problem with counts as an
     * error. Ends when every request is answered or {@code timeout} (if not zero) has passed.
     */
    SendResult run(Exchange exchange, long count, Consumer<String> onReply) throws InterruptedException {
        Semaphore inFlight = new Semaphore(window);
        AtomicLong sent = new AtomicLong();
        AtomicReference<RuntimeException> sendFailure = new AtomicReference<>();
        String run = plain ? null : newRunId();
        ExecutorService senders = Executors.newFixedThreadPool(SEND_THREADS, new DaemonThreads("session-send"));
        ExecutorService deleters = Executors.newFixedThreadPool(DELETE_THREADS, new DaemonThreads("session-delete"));
        Thread dispatcher = new DaemonThreads("session-dispatch").newThread(() -> {
            try {
                for (long i = 0; i < count && sendFailure.get() == null; i++) {
                    inFlight.acquire();
                    String body = exchange.nextRequest();
                    String request = plain ? body : Envelope.request(run + "." + i, body).text();
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
        ReplyTally tally = new ReplyTally(count);
        long start = System.nanoTime();
        long deadline = timeout.isZero() ? Long.MAX_VALUE : start + timeout.toNanos();
        long nextProgress = start + progressInterval.toNanos();
        Duration idleWait = Duration.ofMillis(5);
        dispatcher.start();
        try {
            while (tally.received < count && System.nanoTime() < deadline) {
                if (sendFailure.get() != null) {
                    throw sendFailure.get();
                }
                List<ReceivedMessage> replies = responses.receive((int) Math.min(MessageQueue.MAX_BATCH, count - tally.received),
                        REPLY_LEASE);
                for (ReceivedMessage reply : replies) {
                    deleters.execute(() -> deleteQuietly(reply));
                    String body = plain ? tally.takePlain(reply, exchange) : tally.take(reply, run, exchange);
                    if (body != null) {
                        inFlight.release();
                        onReply.accept(body);
                    }
                }
                if (replies.isEmpty()) {
                    Thread.sleep(Math.max(0, Math.min(idleWait.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
                    idleWait = idleWait.multipliedBy(2).compareTo(MAX_IDLE_WAIT) < 0 ? idleWait.multipliedBy(2) : MAX_IDLE_WAIT;
                } else {
                    idleWait = Duration.ofMillis(5);
                    if (replies.size() < MessageQueue.MAX_BATCH) {
                        Thread.sleep(GATHER_WAIT.toMillis());
                    }
                }
                if (!progressInterval.isZero() && System.nanoTime() >= nextProgress) {
                    LOG.info("Sent {} and received {} of {} messages", sent.get(), tally.received, count);
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
        if (tally.unmatched > 0) {
            LOG.warn("Deleted {} replies that answer no request of this run (left by an earlier run, or sent by"
                    + " another client)", tally.unmatched);
        }
        return new SendResult(count, sent.get(), tally.received, tally.errors, tally.poisoned, tally.duplicates,
                tally.unmatched, tally.received < count, tally.firstProblem, Duration.ofNanos(System.nanoTime() - start));
    }

    /** A run id: 8 hex digits, new for every run, so replies to an earlier run are told apart. */
    private static String newRunId() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }

    private void deleteQuietly(ReceivedMessage reply) {
        try {
            responses.delete(reply);
        } catch (RuntimeException e) {
            LOG.warn("Deleting reply {} failed; it will be received again: {}", reply.id(), Errors.oneLine(e));
        }
    }
}
