package com.sessionjar.queue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The state of one queue of {@link InMemoryQueueService}: its metadata and its messages, each with
 * the time it becomes visible, its pop receipt and its dequeue count.
 *
 * <p>Not thread-safe by itself: the service calls every method while holding this object's lock.
 * Messages are handed out in order of the time they became visible, then of insertion, as Azurite
 * does; expired messages are dropped when a call meets them.
 */
final class InMemoryQueue {
    /** A stored message. Its {@code visibleAt} changes only while it is out of {@link #byVisibility}. */
    static final class Message {
        final String id;
        final long seq;
        final long insertedAt;
        final long expiresAt;
        String text;
        long visibleAt;
        String popReceipt;
        long dequeueCount;

        Message(String id, long seq, String text, long insertedAt, long visibleAt, long expiresAt) {
            this.id = id;
            this.seq = seq;
            this.text = text;
            this.insertedAt = insertedAt;
            this.visibleAt = visibleAt;
            this.expiresAt = expiresAt;
            this.popReceipt = newPopReceipt();
        }

        /** A copy, so a response is written from a snapshot taken under the queue's lock. */
        Message copy() {
            Message copy = new Message(id, seq, text, insertedAt, visibleAt, expiresAt);
            copy.popReceipt = popReceipt;
            copy.dequeueCount = dequeueCount;
            return copy;
        }
    }

    /** What {@link #delete} and {@link #update} found. */
    enum Outcome { OK, MESSAGE_NOT_FOUND, POP_RECEIPT_MISMATCH }

    final String name;
    private Map<String, String> metadata;
    /** Set once the queue is deleted: a caller that looked it up before then must answer QueueNotFound. */
    boolean deleted;
    private long nextSeq;
    private final Map<String, Message> byId = new HashMap<>();
    private final TreeSet<Message> byVisibility = new TreeSet<>(
            Comparator.comparingLong((Message m) -> m.visibleAt).thenComparingLong(m -> m.seq));

    InMemoryQueue(String name, Map<String, String> metadata) {
        this.name = name;
        this.metadata = Map.copyOf(metadata);
    }

    Map<String, String> metadata() {
        return metadata;
    }

    void setMetadata(Map<String, String> metadata) {
        this.metadata = Map.copyOf(metadata);
    }

    /** Every message not yet expired, visible or not (Azure's count is approximate; this one is exact). */
    int size(long now) {
        byId.values().removeIf(m -> {
            boolean expired = m.expiresAt <= now;
            if (expired) {
                byVisibility.remove(m);
            }
            return expired;
        });
        return byId.size();
    }

    Message put(String text, long now, long visibleAt, long expiresAt) {
        Message message = new Message(UUID.randomUUID().toString(), nextSeq++, text, now, visibleAt, expiresAt);
        byId.put(message.id, message);
        byVisibility.add(message);
        return message.copy();
    }

    /** Takes up to {@code max} visible messages, hiding each until {@code visibleAt}, with a new pop receipt. */
    List<Message> get(int max, long now, long visibleAt) {
        List<Message> taken = new ArrayList<>(max);
        while (taken.size() < max && !byVisibility.isEmpty() && byVisibility.first().visibleAt <= now) {
            Message message = byVisibility.pollFirst();
            if (message.expiresAt <= now) {
                byId.remove(message.id);
                continue;
            }
            message.visibleAt = visibleAt;
            message.popReceipt = newPopReceipt();
            message.dequeueCount++;
            taken.add(message);
        }
        byVisibility.addAll(taken);
        List<Message> copies = new ArrayList<>(taken.size());
        taken.forEach(m -> copies.add(m.copy()));
        return copies;
    }

    /** Up to {@code max} visible messages, left as they are. */
    List<Message> peek(int max, long now) {
        List<Message> seen = new ArrayList<>(max);
        for (Iterator<Message> it = byVisibility.iterator(); seen.size() < max && it.hasNext(); ) {
            Message message = it.next();
            if (message.visibleAt > now) {
                break;
            }
            if (message.expiresAt > now) {
                seen.add(message.copy());
            }
        }
        return seen;
    }

    Outcome delete(String id, String popReceipt, long now) {
        Outcome outcome = check(id, popReceipt, now);
        if (outcome == Outcome.OK) {
            byVisibility.remove(byId.remove(id));
        }
        return outcome;
    }

    /**
     * Hides the message until {@code visibleAt} under a new pop receipt, and replaces its text
     * unless {@code text} is null. Returns the updated copy, or null with {@code outcome[0]} set.
     */
    Message update(String id, String popReceipt, String text, long now, long visibleAt, Outcome[] outcome) {
        outcome[0] = check(id, popReceipt, now);
        if (outcome[0] != Outcome.OK) {
            return null;
        }
        Message message = byId.get(id);
        byVisibility.remove(message);
        message.visibleAt = visibleAt;
        message.popReceipt = newPopReceipt();
        if (text != null) {
            message.text = text;
        }
        byVisibility.add(message);
        return message.copy();
    }

    void clear() {
        byId.clear();
        byVisibility.clear();
    }

    private Outcome check(String id, String popReceipt, long now) {
        Message message = byId.get(id);
        if (message == null || message.expiresAt <= now) {
            return Outcome.MESSAGE_NOT_FOUND;
        }
        return message.popReceipt.equals(popReceipt) ? Outcome.OK : Outcome.POP_RECEIPT_MISMATCH;
    }

    /** An opaque receipt like Azure's: base64, so it carries '+', '/' and '=' that must survive URL encoding. */
    private static String newPopReceipt() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
