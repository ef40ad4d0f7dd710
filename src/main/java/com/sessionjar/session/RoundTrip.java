package com.sessionjar.session;

import com.sessionjar.DaemonThreads;
import com.sessionjar.IdleBackoff;
import com.sessionjar.ReceivePacer;
import com.sessionjar.protocol.Envelope;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.protocol.MessageText;
import com.sessionjar.queue.ReceivedMessage;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
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
 *
 * <p>A packing run puts up to {@code pack} requests in one queue message ({@link Outbox}): as
 * many as the window lets out and the input has at hand, so a pack never waits for more. The
 * window still counts requests; each reply in a packed reply message is taken as if it came alone.
 */
final class RoundTrip {
    private static final Logger LOG = LoggerFactory.getLogger(RoundTrip.class);
    private static final int SEND_THREADS = 16;
    /** The smallest share of a window split between runs going at once. */
    static final int MIN_SHARED_WINDOW = 16;
    private static final Duration DISPATCHER_END_WAIT = Duration.ofSeconds(2);
    /** How often a shared window is resized to the runs going on the session. */
    private static final Duration SHARE_INTERVAL = Duration.ofSeconds(2);
    private static final int DELETE_THREADS = 16;
    private static final Duration REPLY_LEASE = Duration.ofSeconds(60);
    /** Replies are awaited: an empty reply queue is polled again within 5 ms doubling to 100 ms (with jitter). */
    private static final Duration FIRST_IDLE_WAIT = Duration.ofMillis(5);
    private static final Duration MAX_IDLE_WAIT = Duration.ofMillis(100);
    /**
     * The longest pause after a call that drained the reply queue, so the next call takes several
     * replies rather than one (see {@link ReceivePacer}), for a run going alone.
     */
    private static final Duration GATHER_WAIT = Duration.ofMillis(100);
    /** The longest gather wait, for many runs at once (each gets a share of the replies). */
    private static final Duration MAX_GATHER_WAIT = Duration.ofMillis(400);

    private final MessageQueue requests;
    private final MessageQueue responses;
    private final int window;
    private final boolean shared;
    private final Duration progressInterval;
    private final Duration timeout;
    private final boolean plain;
    private final int pack;

    /**
     * A run that keeps at most {@code window} requests in flight; if {@code shared}, the window is
     * split with the runs already going on the session (their requests share one queue, and a
     * deep queue is slow), down to {@value #MIN_SHARED_WINDOW}.
     */
    RoundTrip(MessageQueue requests, MessageQueue responses, int window, boolean shared, SendOptions options) {
        this.requests = requests;
        this.responses = responses;
        this.window = window;
        this.shared = shared;
        this.progressInterval = options.progressInterval();
        this.timeout = options.timeout();
        this.plain = options.plain();
        this.pack = options.pack();
    }

    /**
     * Sends a request made by {@code exchange} for each of {@code messages} (read as they are
     * sent, so a stream of any length is never held) and receives their replies, handing each
     * answer to {@code onAnswer}; {@code expected} is how many messages there are, or -1 if not
     * known ahead. Ends when every request is answered or {@code timeout} (if not zero) has passed.
     */
    SendResult run(Exchange exchange, Iterator<String> messages, long expected, Consumer<Answer> onAnswer)
            throws InterruptedException {
        String run = newRunId();
        try (RunQueue runQueue = plain ? null : RunQueue.open(responses, run)) {
            return run(exchange, messages, expected, onAnswer, run, runQueue);
        }
    }

    private SendResult run(Exchange exchange, Iterator<String> messages, long expected, Consumer<Answer> onAnswer,
                           String run, RunQueue runQueue) throws InterruptedException {
        MessageQueue replies = runQueue == null ? responses : runQueue.queue();
        Window inFlight = new Window(window);
        if (shared && runQueue != null) {
            inFlight.share(runQueue.otherRuns());
        }
        long nextShare = System.nanoTime() + SHARE_INTERVAL.toNanos();
        AtomicLong sent = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        AtomicBoolean allTaken = new AtomicBoolean();
        AtomicReference<RuntimeException> sendFailure = new AtomicReference<>();
        Map<Long, String> pending = new ConcurrentHashMap<>();
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        Queue<Refusal> refusals = new ConcurrentLinkedQueue<>();
        ExecutorService senders = Executors.newFixedThreadPool(SEND_THREADS, new DaemonThreads("session-send"));
        ExecutorService deleters = Executors.newFixedThreadPool(DELETE_THREADS, new DaemonThreads("session-delete"));
        Outbox outbox = new Outbox(requests, senders, pack, sent, sendFailure);
        Thread dispatcher = new DaemonThreads("session-dispatch").newThread(() -> {
            // Packing reads up to a pack ahead, to send what it has packed rather than wait for input.
            Lookahead lookahead = pack > 1 ? new Lookahead(messages, pack) : null;
            Iterator<String> input = lookahead == null ? messages : lookahead;
            try {
                for (long i = 0; sendFailure.get() == null; i++) {
                    if (!inFlight.tryAcquire()) {
                        outbox.flush(); // the window is full: send what is packed rather than hold it
                        inFlight.acquire();
                    }
                    if (lookahead != null && !lookahead.ready()) {
                        outbox.flush(); // no message at hand: likewise
                    }
                    if (!input.hasNext()) {
                        break;
                    }
                    String message = input.next();
                    long sequence = i;
                    sentAt.put(sequence, System.nanoTime());
                    pending.put(sequence, message);
                    Envelope envelope = null;
                    String request;
                    try {
                        String body = exchange.requestFor(message);
                        envelope = plain ? null : Envelope.request(run + "." + sequence, replies.name(), body);
                        request = MessageText.check(plain ? body : envelope.text());
                    } catch (IllegalArgumentException e) {
                        refusals.add(new Refusal(sequence, message, "message " + (sequence + 1) + " cannot be sent: "
                                + e.getMessage()));
                        taken.incrementAndGet();
                        continue;
                    }
                    taken.incrementAndGet();
                    outbox.add(envelope, request);
                }
                outbox.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                sendFailure.compareAndSet(null, e); // reading the messages failed
            } finally {
                if (lookahead != null) {
                    lookahead.close();
                }
            }
            allTaken.set(true);
        });
        ReplyTally tally = new ReplyTally(pending, sentAt);
        long start = System.nanoTime();
        long deadline = timeout.isZero() ? Long.MAX_VALUE : start + timeout.toNanos();
        long nextProgress = start + progressInterval.toNanos();
        IdleBackoff idle = new IdleBackoff(FIRST_IDLE_WAIT, MAX_IDLE_WAIT, 0, System.nanoTime());
        ReceivePacer pacer = new ReceivePacer(System.nanoTime());
        dispatcher.start();
        try {
            while (!(allTaken.get() && tally.received() >= taken.get()) && System.nanoTime() < deadline) {
                if (sendFailure.get() != null) {
                    throw sendFailure.get();
                }
                for (Refusal refusal; (refusal = refusals.poll()) != null; ) {
                    onAnswer.accept(tally.refuse(refusal.sequence(), refusal.message(), refusal.problem()));
                    inFlight.release();
                }
                long outstanding = taken.get() - tally.received();
                if (outstanding <= 0) {
                    Thread.sleep(5); // waiting for the next message to be read
                    continue;
                }
                int most = (int) Math.min(MessageQueue.MAX_BATCH, outstanding);
                List<ReceivedMessage> batch = replies.receive(most, REPLY_LEASE);
                long now = System.nanoTime();
                pacer.received(batch.size(), now);
                for (ReceivedMessage reply : batch) {
                    deleters.execute(() -> deleteQuietly(replies, reply));
                    List<Answer> answers = plain ? Stream.ofNullable(tally.takePlain(reply, exchange)).toList()
                            : tally.takeAll(reply, run, exchange);
                    inFlight.release(answers.size()); // at once, so a packing dispatcher fills a whole pack
                    answers.forEach(onAnswer);
                }
                if (batch.isEmpty()) {
                    Thread.sleep(Math.max(0, Math.min(idle.afterEmpty(now).toMillis(), (deadline - now) / 1_000_000)));
                } else {
                    idle.reset(now);
                    long awaited = taken.get() - tally.received();
                    if (batch.size() < most && awaited > 0) {
                        // The reply queue is drained: wait for the next replies to gather. Runs going at once
                        // each get a share of the replies: each may wait longer, polls less.
                        Duration longest = GATHER_WAIT.multipliedBy(inFlight.runs());
                        longest = longest.compareTo(MAX_GATHER_WAIT) < 0 ? longest : MAX_GATHER_WAIT;
                        long replyMessages = (awaited + pack - 1) / pack; // a reply message answers up to pack
                        Thread.sleep(pacer.gatherWait(replyMessages, longest).toMillis());
                    }
                }
                if (shared && runQueue != null && System.nanoTime() >= nextShare) {
                    inFlight.share(runQueue.countOtherRuns());
                    nextShare = System.nanoTime() + SHARE_INTERVAL.toNanos();
                }
                if (!progressInterval.isZero() && System.nanoTime() >= nextProgress) {
                    LOG.info("Sent {} and received {} of {} messages", sent.get(), tally.received(),
                            expected < 0 ? taken.get() + (allTaken.get() ? "" : "+") : expected);
                    nextProgress = System.nanoTime() + progressInterval.toNanos();
                }
            }
        } finally {
            dispatcher.interrupt();
            // A dispatcher blocked reading a stream (stdin with no line coming) cannot be interrupted:
            // it is a daemon, so it is left behind rather than waited for at a timeout.
            dispatcher.join(DISPATCHER_END_WAIT.toMillis());
            senders.shutdown();
            deleters.shutdown();
            senders.awaitTermination(1, TimeUnit.MINUTES);
            deleters.awaitTermination(1, TimeUnit.MINUTES);
        }
        SendResult result = tally.result(expected >= 0 ? expected : taken.get(), sent.get(),
                Duration.ofNanos(System.nanoTime() - start));
        if (result.unmatched() > 0) {
            LOG.warn("Deleted {} replies that answer no request of this run (left by an earlier run, or sent by"
                    + " another client)", result.unmatched());
        }
        return result;
    }

    /**
     * The requests in flight: a semaphore whose size can shrink and grow while the run goes, as
     * other runs on the session start and end.
     */
    private final class Window extends Semaphore {
        private final int full;
        private int size;
        private volatile int runs = 1;

        Window(int full) {
            super(full);
            this.full = full;
            this.size = full;
        }

        /** Resizes to this run's share of the full window, with {@code others} runs going too. */
        void share(int others) {
            int share = others <= 0 ? full : Math.min(full, Math.max(MIN_SHARED_WINDOW, full / (others + 1)));
            if (share < size) {
                reducePermits(size - share);
            } else if (share > size) {
                release(share - size);
            }
            if (share != size) {
                LOG.debug("{} other run(s) on the session: at most {} requests in flight", others, share);
            }
            size = share;
            runs = Math.max(1, others + 1);
        }

        /** How many runs (this one included) share the session, as last counted. */
        int runs() {
            return runs;
        }
    }

    /** A message that could not be sent, answered at once with why. */
    private record Refusal(long sequence, String message, String problem) {
    }

    /** A run id: 8 hex digits, new for every run, so replies to an earlier run are told apart. */
    private static String newRunId() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }

    private static void deleteQuietly(MessageQueue replies, ReceivedMessage reply) {
        try {
            replies.delete(reply);
        } catch (RuntimeException e) {
            LOG.warn("Deleting reply {} failed; it will be received again: {}", reply.id(), Errors.oneLine(e));
        }
    }
}
