package com.sessionjar.session;

import com.sessionjar.protocol.Envelope;
import com.sessionjar.queue.Errors;
import com.sessionjar.protocol.Pack;
import com.sessionjar.queue.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the replies of one run came to: each reply matched to its request by the id in its
 * envelope and checked against its checksum, duplicates and replies to other runs counted apart;
 * a damaged reply answers its request in error (it is not resent); the run's {@link SendResult} in
 * the end. Replies are taken, and the counts read, by one thread; the run's dispatcher adds to
 * {@code pending} and {@code sentAt} from another (so those maps are concurrent ones).
 */
final class ReplyTally {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyTally.class);

    /** The messages of the requests sent and not answered yet, by sequence number. */
    private final Map<Long, String> pending;
    /** When each pending request was handed to be sent ({@link System#nanoTime()}), by sequence number. */
    private final Map<Long, Long> sentAt;
    private final Latencies latencies = new Latencies();
    private final BitSet answered = new BitSet();
    private long received;
    private long errors;
    private long poisoned;
    private long damaged;
    private long duplicates;
    private long unmatched;
    private String firstProblem;

    ReplyTally(Map<Long, String> pending) {
        this(pending, new HashMap<>());
    }

    /** A tally that times each round trip from {@code sentAt} (no time: not timed). */
    ReplyTally(Map<Long, String> pending, Map<Long, Long> sentAt) {
        this.pending = pending;
        this.sentAt = sentAt;
    }

    /** Counts {@code count} replies that answer no request of this run, deleted unread (a plain run's stale ones). */
    void unmatched(long count) {
        unmatched += count;
    }

    /** Requests answered so far, each counted once. */
    long received() {
        return received;
    }

    /** The round trips timed so far. */
    Latencies latencies() {
        return latencies;
    }

    /**
     * The run's result: {@code requested} requests, {@code sent} of them sent, {@code resent} sent
     * again, taking {@code elapsed}; it timed out if some are not answered. Its storage transactions
     * are added by the session.
     */
    SendResult result(long requested, long sent, long resent, Duration elapsed) {
        return new SendResult(requested, sent, resent, received, errors, poisoned, damaged, duplicates, unmatched,
                received < requested, firstProblem, elapsed, SendResult.Latency.of(latencies), null);
    }

    /**
     * Counts and checks {@code reply} if it answers a pending request of run {@code run},
     * returning the answer; returns null (and counts it) if it is a duplicate or answers no
     * request of this run.
     */
    Answer take(ReceivedMessage reply, String run, Exchange exchange) {
        Envelope envelope;
        try {
            envelope = Envelope.parse(reply.text());
        } catch (IllegalArgumentException e) {
            unmatched++;
            return null;
        }
        return take(reply.id(), envelope, run, exchange);
    }

    /**
     * Counts and checks each reply in {@code reply}: one, or several when a worker packed them,
     * each taken as if it came alone; returns the answers among them (see {@link #take}). What
     * cannot be read of a damaged pack counts as one unmatched reply.
     */
    List<Answer> takeAll(ReceivedMessage reply, String run, Exchange exchange) {
        if (!Pack.isPacked(reply.text())) {
            Answer answer = take(reply, run, exchange);
            return answer == null ? List.of() : List.of(answer);
        }
        Pack.Unpacked unpacked = Pack.unpack(reply.text());
        if (unpacked.problem() != null) {
            unmatched++;
            LOG.warn("Reply {} is a pack that cannot be read to its end ({}); took the {} replies before that", reply.id(),
                    unpacked.problem(), unpacked.items().size());
        }
        List<Answer> answers = new ArrayList<>(unpacked.items().size());
        for (Envelope item : unpacked.items()) {
            Answer answer = take(reply.id(), item, run, exchange);
            if (answer != null) {
                answers.add(answer);
            }
        }
        return answers;
    }

    private Answer take(String replyId, Envelope envelope, String run, Exchange exchange) {
        String to = envelope.inReplyTo();
        long sequence = to != null && to.startsWith(run + ".") ? sequenceOf(to.substring(run.length() + 1)) : -1;
        if (sequence >= 0 && sequence <= Integer.MAX_VALUE && answered.get((int) sequence)) {
            duplicates++;
            LOG.debug("Reply {} answers request {} again: a duplicate, ignored", replyId, to);
            return null;
        }
        String message = sequence < 0 ? null : pending.remove(sequence);
        if (message == null) {
            unmatched++;
            return null;
        }
        answered.set((int) sequence);
        received++;
        timeRoundTrip(sequence);
        String damage = envelope.damage();
        if (damage != null) {
            // Not an answer to hand out: what the service said is not known. Counted among the errors.
            damaged++;
            return answer(replyId, message, null, "the reply to request " + to + " was damaged in the queue: " + damage);
        }
        if (envelope.isPoisonReply()) {
            poisoned++;
            return answer(replyId, message, envelope.body(),
                    "request " + to + " was moved to the poison queue: " + Errors.firstLine(envelope.body()));
        }
        return answer(replyId, message, envelope.body(), exchange.problemWith(message, envelope.body()));
    }

    /**
     * Counts and checks a reply of a plain run, which cannot be matched to its request: it is
     * taken to answer any pending one (a plain run sends one message, so all are alike).
     */
    Answer takePlain(ReceivedMessage reply, Exchange exchange) {
        Iterator<Long> any = pending.keySet().iterator();
        Long sequence = any.hasNext() ? any.next() : null;
        String message = sequence == null ? null : pending.remove(sequence);
        if (message == null) {
            unmatched++;
            return null;
        }
        received++;
        timeRoundTrip(sequence);
        return answer(reply.id(), message, reply.text(), exchange.problemWith(message, reply.text()));
    }

    /** TransactionCounts request {@code sequence}, which could not be sent, as answered with {@code problem}. */
    Answer refuse(long sequence, String message, String problem) {
        pending.remove(sequence);
        sentAt.remove(sequence);
        answered.set((int) sequence);
        received++;
        return answer("(not sent)", message, null, problem);
    }

    /** Times the round trip of request {@code sequence}, just answered (a plain run's: of the one taken for it). */
    private void timeRoundTrip(long sequence) {
        Long at = sentAt.remove(sequence);
        if (at != null) {
            latencies.record(System.nanoTime() - at);
        }
    }

    private Answer answer(String replyId, String message, String body, String problem) {
        if (problem != null) {
            errors++;
            if (firstProblem == null) {
                firstProblem = problem;
                LOG.warn("Reply {} is not a good answer: {}", replyId, problem);
            }
        }
        return new Answer(message, body, problem);
    }

    private static long sequenceOf(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
