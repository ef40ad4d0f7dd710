package com.sessionjar.session;

import com.sessionjar.DaemonThreads;
import com.sessionjar.InfrastructureException;
import com.sessionjar.queue.Errors;
import com.sessionjar.protocol.Envelope;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.ReceivedMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One send-and-receive run: sends {@code count} requests and takes their replies, with at most
 * {@code window} requests in flight so the queues stay shallow (a deep Azurite queue slows
 * sharply). Sends and deletes run on one small fixed pool; threads are the same for any count and
 * memory grows by one bit per request.
 *
 * <p>Each request goes in an {@link Envelope} with the id {@code <run>.<n>}, so each reply is
 * matched to its request: a second reply to a request (queues deliver at least once) is counted
 * as a duplicate and ignored, and a reply to another run's request is deleted and counted as
 * unmatched. A plain run sends bare texts, as the original does, and can only count replies; it
 * first deletes the replies already waiting in the shared response queue ({@link StaleReplies}).
 *
 * <p>A packing run puts up to {@code pack} requests in one queue message ({@link Outbox}): as
 * many as the window lets out and the input has at hand, so a pack never waits for more. The
 * window still counts requests; each reply in a packed reply message is taken as if it came alone.
 *
 * <p>A run is put together here and owns what it starts: a {@link Dispatcher} sends on a thread
 * of its own, a {@link Receiver} takes the replies on the caller's thread into a
 * {@link ReplyTally}, which makes the result; the {@link Window} stands between them.
 *
 * <p>A request whose reply is overdue by the run's {@link ResendRule} is sent again under its id
 * ({@link Resender}); a plain run has no ids and resends nothing. Calls that fail for want of the
 * queue service are tried again for up to {@link Outage#DEFAULT_BOUND}, or until the run's timeout
 * if it has one; past that the run ends with a {@link QueueOutageException} carrying its result.
 * A request or response queue of the session found gone ends the run at once with a
 * {@link QueueGoneException}, which carries its result too.
 */
final class RoundTrip {
    private static final Logger LOG = LoggerFactory.getLogger(RoundTrip.class);
    /**
     * Threads for the run's queue calls, request sends and reply deletes alike: as many calls at
     * once as the 16 + 16 of the two pools the run once had, in one pool, as the worker's answers
     * are. In a steady run every round trip makes one send and one delete; at its start, when all
     * are sends, and at its end, all deletes, the one kind has the other's threads too.
     */
    private static final int CALL_THREADS = 32;

    private final MessageQueue requests;
    private final MessageQueue responses;
    private final int window;
    private final boolean shared;
    private final Duration progressInterval;
    private final Duration timeout;
    private final boolean plain;
    private final int pack;
    /** Whether the run was interrupted: confined to the thread that runs it. */
    private boolean interrupted;
    /** How the run winds up, once it has ended (null until then): confined as above. */
    private WindUp windUp;
    private final ResendRule resendRule;
    private final Outage.Service service;
    /** The session workers' wake file, where they share this machine ({@link Wakes}); null: none. */
    private final Path wakeFile;

    /** A run as below, for a session with the default lease (60 s) on a queue service named only so. */
    RoundTrip(MessageQueue requests, MessageQueue responses, int window, boolean shared, SendOptions options) {
        this(requests, responses, window, shared, options, ResendRule.forLease(Duration.ofSeconds(60)),
                new Outage.Service("the queue service", "check that it runs"), null);
    }

    /**
     * A run that keeps at most {@code window} requests in flight; if {@code shared}, the window is
     * split with the runs already going on the session (their requests share one queue, and a
     * deep queue is slow), down to {@value Window#MIN_SHARED_WINDOW}. Overdue requests are resent
     * by {@code resendRule}; {@code service} names the queue service, should it not answer;
     * {@code wakeFile} is the workers' wake file, if they share this machine (null: none).
     */
    RoundTrip(MessageQueue requests, MessageQueue responses, int window, boolean shared, SendOptions options,
              ResendRule resendRule, Outage.Service service, Path wakeFile) {
        this.requests = requests;
        this.responses = responses;
        this.window = window;
        this.shared = shared;
        this.progressInterval = options.progressInterval();
        this.timeout = options.timeout();
        this.plain = options.plain();
        this.pack = options.pack();
        this.resendRule = resendRule;
        this.service = service;
        this.wakeFile = wakeFile;
    }

    /**
     * Sends a request made by {@code exchange} for each of {@code messages} (read as they are
     * sent, so a stream of any length is never held) and receives their replies, handing each
     * answer to {@code onAnswer}; {@code expected} is how many messages there are, or -1 if not
     * known ahead. Ends when every request is answered or {@code timeout} (if not zero) has passed,
     * or when the thread is interrupted: then with the replies in so far, its run queue deleted and
     * the thread's interrupt flag set again.
     *
     * @throws QueueOutageException if the queue service could not be reached for longer than the run waits
     */
    SendResult run(Exchange exchange, Iterator<String> messages, long expected, Consumer<Answer> onAnswer)
            throws InterruptedException {
        String run = newRunId();
        long start = System.nanoTime();
        SendResult result = null;
        RunQueue runQueue = null;
        boolean reachable = true;
        boolean sessionGone = false;
        try {
            runQueue = plain ? null : openRunQueue(run, sharesWindow(expected));
            try (Wakes wakes = Wakes.open(wakeFile, responses.name(), runQueue == null ? null : runQueue.queue().name())) {
                result = run(exchange, messages, expected, onAnswer, run, runQueue, wakes);
            }
        } catch (QueueGoneException e) {
            // The queue service answers: the run queue is deleted, if it is still there; unless the
            // session's folder went, whose delete took the run queue and may have stopped the service.
            sessionGone = e.getCause() instanceof SessionGoneException;
            throw e;
        } catch (QueueOutageException e) {
            reachable = false;
            throw e;
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted() && !causedByInterrupt(e)) {
                throw e;
            }
            // Interrupted while the run queue was made: the run ends with what it has, if anything.
            Thread.interrupted();
            interrupted = true;
            if (result == null) {
                result = new ReplyTally(Map.of()).result(Math.max(0, expected), 0, 0,
                        Duration.ofNanos(System.nanoTime() - start));
            }
        } finally {
            if (runQueue != null && sessionGone) {
                runQueue.abandon("the session was deleted, and its queues with it");
            } else if (runQueue != null && reachable) {
                runQueue.close(windUp == null ? RunQueue.DELETE_WAIT : windUp.deleteWait());
            } else if (runQueue != null) {
                runQueue.abandon();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // told again, now that the run is wound up and its queue deleted
        }
        return result;
    }

    /**
     * Whether a run of {@code expected} requests (-1: not known) splits its window with the runs
     * going on the session: only if the window is shared and the run may have more requests in
     * flight than the smallest share, {@value Window#MIN_SHARED_WINDOW}; a smaller run's share
     * would never hold it back, so the other runs are not counted (a listing of the account's queues each time).
     */
    private boolean sharesWindow(long expected) {
        return shared && (expected < 0 || expected > Window.MIN_SHARED_WINDOW);
    }

    /**
     * Opens run {@code run}'s reply queue, first counting the runs going on the session (and
     * deleting the queues of those gone) if it {@code shares} its window; a queue service that
     * cannot be reached is said so, in the run's words.
     */
    private RunQueue openRunQueue(String run, boolean shares) {
        try {
            return RunQueue.open(responses, run, shares);
        } catch (RuntimeException e) {
            if (Errors.isUnreachable(e)) {
                throw new InfrastructureException(service.failing(Errors.whyUnreachable(e)), e);
            }
            throw e;
        }
    }

    private SendResult run(Exchange exchange, Iterator<String> messages, long expected, Consumer<Answer> onAnswer,
                           String run, RunQueue runQueue, Wakes wakes) throws InterruptedException {
        MessageQueue replies = runQueue == null ? responses : runQueue.queue();
        Window inFlight = new Window(window, runQueue != null && runQueue.counted() ? runQueue : null);
        // The run's own pool, made and shut down with it: a session holds no threads between runs.
        ThreadPoolExecutor calls = (ThreadPoolExecutor) Executors.newFixedThreadPool(CALL_THREADS,
                new DaemonThreads("session-call"));
        // A run with a time limit waits for its queue service as long as that allows: the user said how long to wait.
        Outage outage = new Outage(service, timeout.isZero() ? Outage.DEFAULT_BOUND : timeout);
        // The run's end by the wall clock, for the workers: a request they take later has no reader and is skipped.
        long until = timeout.isZero() ? -1 : System.currentTimeMillis() + timeout.toMillis();
        Dispatcher dispatcher = new Dispatcher(exchange, messages, inFlight, new Outbox(requests, calls, pack, outage, wakes),
                plain ? null : run, replies.name(), until);
        ReplyTally tally = new ReplyTally(dispatcher.pending(), dispatcher.sentAt());
        Function<ReceivedMessage, List<Answer>> take = plain
                ? reply -> Stream.ofNullable(tally.takePlain(reply, exchange)).toList()
                : reply -> tally.takeAll(reply, run, exchange);
        Resender resender = plain ? null : new Resender(resendRule, dispatcher, tally.latencies(), outage);
        Receiver receiver = new Receiver(replies, calls, dispatcher, tally, take, inFlight, pack, outage, resender,
                runQueue != null, wakes);
        if (plain) {
            tally.unmatched(StaleReplies.clear(responses)); // before sending: what waits now is no reply of this run
        }
        long start = System.nanoTime();
        dispatcher.start();
        RuntimeException failure = null;
        boolean gone = false;
        try {
            receive(receiver, onAnswer, start, progress(dispatcher, tally, expected));
        } catch (InterruptedException | RuntimeException e) {
            if (e instanceof RuntimeException runtime && (MessageQueue.saysQueueGone(runtime) || runtime instanceof SessionGoneException)) {
                failure = runtime; // a queue of the session is gone: the run cannot go on, and says its result
                gone = true;
            } else if (e instanceof RuntimeException runtime && wakes.sessionGone()) {
                // Whatever failed (a send, a call cut off as the service stopped), the session was deleted under the run.
                failure = wakes.gone(Errors.oneLine(runtime));
                gone = true;
            } else if (e instanceof RuntimeException runtime && outage.isDown() && !causedByInterrupt(e)) {
                failure = runtime; // the queue service is gone for longer than the run waits: the result is still said
            } else if (!(e instanceof InterruptedException) && !Thread.currentThread().isInterrupted() && !causedByInterrupt(e)) {
                throw e;
            } else {
                // Interrupted (the command got SIGINT or SIGTERM): the run ends with what it has, and says so.
                Thread.interrupted(); // cleared while the run winds up, told again at the end
                interrupted = true;
                LOG.debug("Run interrupted: ending with the replies in so far", e);
            }
        } finally {
            dispatcher.stop();
            windUp = new WindUp(start, timeout, interrupted);
            if (outage.isDown() || gone) {
                calls.shutdownNow(); // its calls would only fail
            } else if (windUp.endCalls(calls)) {
                interrupted = true; // stopped while winding up: told again at the end
            }
        }
        SendResult result = tally.result(expected >= 0 ? expected : dispatcher.taken(), dispatcher.sent(),
                dispatcher.resent(), Duration.ofNanos(System.nanoTime() - start));
        if (gone) {
            String queue = failure instanceof SessionGoneException ? "request queue " + requests.name() : goneQueue();
            throw new QueueGoneException("the session's " + queue + " is gone (the session was deleted, or its"
                    + " queue service lost its data): " + service.remake(), result, failure);
        }
        if (outage.isDown() && (failure != null || result.timedOut())) {
            throw new QueueOutageException(outage.line(System.nanoTime()), result, failure);
        }
        Optional<String> silent = result.timedOut() ? outage.silence(System.nanoTime()) : Optional.empty();
        if (silent.isPresent()) {
            throw new QueueOutageException(silent.get(), result, failure);
        }
        if (result.unmatched() > 0) {
            LOG.warn("Deleted {} replies that answer no request of this run (left by an earlier run, or sent by"
                    + " another client)", result.unmatched());
        }
        return result;
    }

    /** Which of the session's queues is gone, in words: the request queue, unless it is there. */
    private String goneQueue() {
        try {
            return requests.exists() ? "response queue " + responses.name() : "request queue " + requests.name();
        } catch (RuntimeException e) {
            return "request queue " + requests.name();
        }
    }

    /**
     * Takes replies a pass at a time until every request is answered or the time is up; after a
     * pass that received, logs {@code progress} if {@code progressInterval} has passed since last.
     */
    private void receive(Receiver receiver, Consumer<Answer> onAnswer, long start, Runnable progress)
            throws InterruptedException {
        long deadline = timeout.isZero() ? Long.MAX_VALUE : start + timeout.toNanos();
        long nextProgress = start + progressInterval.toNanos();
        while (!receiver.allAnswered() && System.nanoTime() < deadline) {
            if (receiver.pass(onAnswer, deadline) && !progressInterval.isZero() && System.nanoTime() >= nextProgress) {
                progress.run();
                nextProgress = System.nanoTime() + progressInterval.toNanos();
            }
        }
    }

    /** Logs how far the run has got, of {@code expected} messages (-1: as many as are taken). */
    private static Runnable progress(Dispatcher dispatcher, ReplyTally tally, long expected) {
        return () -> LOG.info("Sent {} and received {} of {} messages", dispatcher.sent(), tally.received(),
                expected < 0 ? dispatcher.taken() + (dispatcher.done() ? "" : "+") : expected);
    }

    private static boolean causedByInterrupt(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** A run id: 8 hex digits, new for every run, so replies to an earlier run are told apart. */
    private static String newRunId() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }
}
