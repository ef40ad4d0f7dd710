package com.sessionjar.session;

import com.sessionjar.DaemonThreads;
import com.sessionjar.protocol.Envelope;
import com.sessionjar.protocol.MessageText;
import com.sessionjar.queue.MessageQueue;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sending side of one run, on a thread of its own: reads the messages as the window lets
 * requests out, makes each a request numbered {@code <run>.<n>} and puts it in the {@link Outbox};
 * a message that cannot be sent is refused, to be answered at once by the receiving side.
 *
 * <p>The receiving thread reads what it has done: {@code taken} is atomic, {@code done}
 * volatile, the refusals and the pending requests (shared with the run's {@link ReplyTally},
 * which removes those answered) are concurrent collections; the rest is the dispatcher thread's.
 */
final class Dispatcher {
    /** How long a stop waits for the dispatcher thread: one blocked reading a stream is left behind. */
    private static final Duration END_WAIT = Duration.ofSeconds(2);

    private final Exchange exchange;
    private final Iterator<String> messages;
    private final Window window;
    private final Outbox outbox;
    /** The run id requests are numbered under, or null for a plain run (bare texts, no envelope). */
    private final String run;
    private final String replyTo;
    /** When the run ends, in Unix milliseconds, carried by every request (a copy sent again too); -1: no deadline. */
    private final long until;
    private final Thread thread;
    /** The messages of the requests taken and not answered yet, by sequence number. */
    private final Map<Long, String> pending = new ConcurrentHashMap<>();
    /** When each pending request was handed to be sent ({@link System#nanoTime()}), by sequence number. */
    private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    private final Queue<Refusal> refusals = new ConcurrentLinkedQueue<>();
    /** Messages read and sent or refused. */
    private final AtomicLong taken = new AtomicLong();
    /** Whether every message has been taken (or the dispatcher stopped). */
    private volatile boolean done;

    /**
     * A dispatcher of {@code messages} (read as they are sent, so a stream of any length is never
     * held), made requests by {@code exchange} and enveloped for run {@code run} with replies to
     * {@code replyTo} (or sent bare, if {@code run} is null); at most {@code window} in flight. Each
     * enveloped request carries {@code until}, the run's end in Unix milliseconds, if not -1.
     */
    Dispatcher(Exchange exchange, Iterator<String> messages, Window window, Outbox outbox, String run, String replyTo,
               long until) {
        this.exchange = exchange;
        this.messages = messages;
        this.window = window;
        this.outbox = outbox;
        this.run = run;
        this.replyTo = replyTo;
        this.until = until;
        this.thread = new DaemonThreads("session-dispatch").newThread(this::dispatch);
    }

    /** Starts reading and sending, on the dispatcher's own thread. */
    void start() {
        thread.start();
    }

    /**
     * Stops the dispatcher and waits a little for it to end. A dispatcher blocked reading a stream
     * (stdin with no line coming) cannot be interrupted: it is a daemon, so it is left behind
     * rather than waited for at a timeout. Sends not begun yet are not made: the run is over.
     */
    void stop() throws InterruptedException {
        outbox.close();
        thread.interrupt();
        thread.join(END_WAIT.toMillis());
    }

    /** The pending requests' messages, by sequence number: the tally takes them as they are answered. */
    Map<Long, String> pending() {
        return pending;
    }

    /** When each pending request was handed to be sent, by sequence number: the tally times its round trip. */
    Map<Long, Long> sentAt() {
        return sentAt;
    }

    /** Messages taken so far: each is a request sent (or being sent) or refused. */
    long taken() {
        return taken.get();
    }

    /** Whether every message has been taken, or the dispatcher ended without. */
    boolean done() {
        return done;
    }

    /** Requests sent so far. */
    long sent() {
        return outbox.sent();
    }

    /** The session's request queue, where the requests go. */
    MessageQueue requests() {
        return outbox.requests();
    }

    /** Why the run cannot go on (a send failed, or the messages could not be read), or null. */
    RuntimeException failure() {
        return outbox.failure();
    }

    /** Requests sent again, their replies overdue (see {@link Resender}). */
    long resent() {
        return outbox.resent();
    }

    /**
     * Sends pending request {@code sequence} again, alone (not packed), under its id: called from
     * the receiving thread. False if it is answered already, or the run is plain (no ids to match).
     */
    boolean resend(long sequence) {
        String message = pending.get(sequence);
        if (message == null || run == null) {
            return false;
        }
        try {
            outbox.resend(envelope(sequence, exchange.requestFor(message)).sendableText());
            return true;
        } catch (IllegalArgumentException e) {
            return false; // refused when first taken: answered as such
        }
    }

    /** Request {@code sequence}'s envelope around {@code body}: its id, the run's reply queue and, if the run has one, its end. */
    private Envelope envelope(long sequence, String body) {
        Envelope envelope = Envelope.request(run + "." + sequence, replyTo, body);
        return until >= 0 ? envelope.until(until) : envelope;
    }

    /** The next message refused since the last call, or null. */
    Refusal nextRefusal() {
        return refusals.poll();
    }

    private void dispatch() {
        // Packing reads up to a pack ahead, to send what it has packed rather than wait for input.
        Lookahead lookahead = outbox.pack() > 1 ? new Lookahead(messages, outbox.pack()) : null;
        Iterator<String> input = lookahead == null ? messages : lookahead;
        try {
            for (long sequence = 0; outbox.failure() == null; sequence++) {
                if (!window.tryAcquire()) {
                    outbox.flush(); // the window is full: send what is packed rather than hold it
                    window.acquire();
                }
                if (lookahead != null && !lookahead.ready()) {
                    outbox.flush(); // no message at hand: likewise
                }
                if (!input.hasNext()) {
                    break;
                }
                take(sequence, input.next());
            }
            outbox.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            outbox.fail(e); // reading the messages failed
        } finally {
            if (lookahead != null) {
                lookahead.close();
            }
        }
        done = true;
    }

    /** Makes {@code message} request {@code sequence} and hands it to the outbox, or refuses it. */
    private void take(long sequence, String message) {
        sentAt.put(sequence, System.nanoTime());
        pending.put(sequence, message);
        Envelope envelope = null;
        String request;
        try {
            String body = exchange.requestFor(message);
            envelope = run == null ? null : envelope(sequence, body);
            // Checked as --send MESSAGE is: a refusal counts the message's bytes and characters, not the header's.
            request = run == null ? MessageText.check(body) : envelope.sendableText();
        } catch (IllegalArgumentException e) {
            refusals.add(new Refusal(sequence, message, "message " + (sequence + 1) + " cannot be sent: "
                    + e.getMessage()));
            taken.incrementAndGet();
            return;
        }
        taken.incrementAndGet();
        outbox.add(envelope, request);
    }

    /** A message that could not be sent, answered at once with why. */
    record Refusal(long sequence, String message, String problem) {
    }
}
