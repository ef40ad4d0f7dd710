package com.sessionjar.session;

import com.sessionjar.queue.Envelope;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.ReceivedMessage;
import java.util.BitSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the replies of one run came to: each reply matched to its request by the id in its
 * envelope, duplicates and replies to other runs counted apart. Used by one thread.
 */
final class ReplyTally {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyTally.class);

    private final long count;
    private final BitSet answered = new BitSet();
    long received;
    long errors;
    long poisoned;
    long duplicates;
    long unmatched;
    String firstProblem;

    ReplyTally(long count) {
        this.count = count;
    }

    /**
     * Counts and checks {@code reply} if it answers a request of run {@code run} not answered
     * yet, returning its body; returns null (and counts it) if it is a duplicate or answers no
     * request of this run.
     */
    String take(ReceivedMessage reply, String run, Exchange exchange) {
        Envelope envelope;
        try {
            envelope = Envelope.parse(reply.text());
        } catch (IllegalArgumentException e) {
            unmatched++;
            return null;
        }
        String to = envelope.inReplyTo();
        long sequence = to != null && to.startsWith(run + ".") ? sequenceOf(to.substring(run.length() + 1)) : -1;
        if (sequence < 0 || sequence >= count) {
            unmatched++;
            return null;
        }
        if (answered.get((int) sequence)) {
            duplicates++;
            LOG.debug("Reply {} answers request {} again: a duplicate, ignored", reply.id(), to);
            return null;
        }
        answered.set((int) sequence);
        received++;
        if (envelope.isPoisonReply()) {
            poisoned++;
            problem(reply, "request " + to + " was moved to the poison queue: " + Errors.firstLine(envelope.body()));
        } else {
            check(reply, envelope.body(), exchange);
        }
        return envelope.body();
    }

    /** Counts and checks a reply of a plain run, which cannot be matched to its request. */
    String takePlain(ReceivedMessage reply, Exchange exchange) {
        received++;
        check(reply, reply.text(), exchange);
        return reply.text();
    }

    private void check(ReceivedMessage reply, String body, Exchange exchange) {
        String problem = exchange.problemWith(body);
        if (problem != null) {
            problem(reply, problem);
        }
    }

    private void problem(ReceivedMessage reply, String problem) {
        errors++;
        if (firstProblem == null) {
            firstProblem = problem;
            LOG.warn("Reply {} is not a good answer: {}", reply.id(), problem);
        }
    }

    private static long sequenceOf(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
