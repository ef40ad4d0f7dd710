package com.sessionjar.worker;

import com.sessionjar.protocol.Envelope;
import com.sessionjar.queue.Errors;
import com.sessionjar.protocol.MessageText;
import com.sessionjar.protocol.Pack;
import com.sessionjar.service.BadRequestException;
import com.sessionjar.service.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Pack packed} request message as the worker handles it: one queue message, one lease,
 * several requests. Each request is called on the service in turn (on the message's one slot, so
 * the worker's concurrency holds), and the replies are packed again, per reply queue, into as few
 * messages as hold them. This class decides what the replies carry; the {@link Replier} sends them.
 *
 * <p>A request that came damaged, that the service cannot read, or whose reply cannot be sent, is
 * poisoned alone; one that
 * fails otherwise fails the whole pack, which is tried again as a single request would be, until
 * its last attempt: then that request alone is poisoned and the others are answered. A pack that
 * cannot be read, or that has been taken too often, is poisoned whole: each request that can be
 * read gets an error reply.
 *
 * <p>Confined, as {@link Contents} are: filled in on the slot, read on the answer pool after the hand-on.
 */
final class PackedRequest implements Contents {
    private static final Logger LOG = LoggerFactory.getLogger(PackedRequest.class);

    private final List<Item> items = new ArrayList<>();
    private final String problem;
    private boolean poisonedWhole;

    /** One request of the pack and what came of it: a reply, or the reason it was poisoned. */
    private static final class Item {
        final Envelope request;
        String reply;
        String poisonReason;
        /** Its run had ended: never called, no reply. */
        boolean expired;

        Item(Envelope request) {
            this.request = request;
        }
    }

    private PackedRequest(List<Envelope> requests, String problem) {
        requests.forEach(request -> {
            Item item = new Item(request);
            item.poisonReason = EnvelopeCheck.damage(request); // not called: its body is not the one sent
            items.add(item);
        });
        this.problem = problem;
    }

    /**
     * Reads a packed message sent to the session whose response queue is {@code responseQueue}:
     * every request must have an id and a reply queue of the session's. A request whose body
     * came damaged is poisoned alone.
     */
    static PackedRequest read(String text, String responseQueue) {
        Pack.Unpacked unpacked = Pack.unpack(text);
        List<Envelope> readable = new ArrayList<>();
        String problem = null;
        int number = 0;
        for (Envelope request : unpacked.items()) {
            number++;
            String wrong = EnvelopeCheck.problem(request, responseQueue, true);
            if (wrong == null) {
                readable.add(request);
            } else if (problem == null) {
                problem = "item " + number + " " + wrong;
            }
        }
        return new PackedRequest(readable, problem != null ? problem : unpacked.problem());
    }

    /** Why the pack cannot be read, or null. */
    String problem() {
        return problem;
    }

    @Override
    public boolean isPack() {
        return true;
    }

    @Override
    public String unreadable() {
        return problem == null ? null : "the pack cannot be read: " + problem;
    }

    /** How many requests of the pack can be read. */
    int size() {
        return items.size();
    }

    @Override
    public boolean skipEnded(Predicate<Envelope> ended) {
        items.forEach(item -> item.expired = item.poisonReason == null && ended.test(item.request));
        return expired() == items.size();
    }

    /** How many requests are skipped because their run had ended. */
    int expired() {
        return (int) items.stream().filter(item -> item.expired).count();
    }

    /**
     * Calls {@code service} for each request in turn; on the pack's {@code lastAttempt}, a request
     * that fails is poisoned rather than the whole pack tried again.
     *
     * @throws InterruptedException when the call is cancelled (the worker is stopping)
     * @throws Exception            the failure of a request, while the pack may be tried again
     */
    @Override
    public void call(Service service, boolean lastAttempt) throws Exception {
        for (Item item : items) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("cancelled between the requests of a pack");
            }
            if (item.poisonReason != null || item.expired) {
                continue; // came damaged (poisoned when read), or its run has ended: never called
            }
            try {
                item.reply = service.call(item.request.body());
            } catch (BadRequestException e) {
                item.poisonReason = "the service cannot read it: " + e.getMessage();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (!lastAttempt) {
                    throw e;
                }
                item.poisonReason = "it failed on the pack's last attempt: " + Errors.oneLine(e);
            }
            if (item.reply != null) {
                try {
                    MessageText.check(item.request.reply(item.reply).text());
                } catch (IllegalArgumentException e) {
                    item.reply = null;
                    item.poisonReason = "its reply cannot be sent: " + e.getMessage();
                }
            }
        }
    }

    /** Poisons the whole pack for {@code reason}: every request gets an error reply. */
    @Override
    public void poisonWhole(String reason) {
        poisonedWhole = true;
        items.forEach(item -> {
            item.reply = null;
            item.expired = false;
            item.poisonReason = reason;
        });
    }

    /** Whether the whole pack is poisoned, so the message itself goes to the poison queue. */
    boolean isPoisonedWhole() {
        return poisonedWhole;
    }

    /** The requests poisoned alone, each as its own enveloped message for the poison queue. */
    List<String> poisonedAlone() {
        return poisonedWhole ? List.of()
                : items.stream().filter(item -> item.poisonReason != null).map(item -> item.request.text()).toList();
    }

    /** How many requests got a reply from the service. */
    int answered() {
        return (int) items.stream().filter(item -> item.poisonReason == null && !item.expired).count();
    }

    /** How many requests are poisoned. */
    int poisoned() {
        return (int) items.stream().filter(item -> item.poisonReason != null).count();
    }

    /**
     * Sends the pack's replies (and its poisoned requests to the poison queue), then deletes it;
     * runs on the answer pool. If a send fails the pack is made visible again, to be answered whole.
     */
    @Override
    public void answer(Request request, Replier replier) {
        Lease lease = request.lease();
        String id = lease.taken().id();
        try {
            if (isPoisonedWhole()) {
                replier.createdPoisonQueue().send(lease.taken().text());
            }
            // The queue is made sure of even when nothing is poisoned alone: the reference is taken first.
            poisonedAlone().forEach(replier.createdPoisonQueue()::send);
            replies(replier).forEach((to, texts) -> texts.forEach(text -> replier.send(to, text, id)));
        } catch (RuntimeException e) {
            LOG.warn("Answering pack {} failed, making it visible again: {}", id, Errors.oneLine(e));
            lease.giveBack();
            return;
        }
        if (!lease.settle()) {
            return; // given back while the replies were being sent (a stop): it is answered again later
        }
        if (poisoned() > 0) {
            LOG.warn("{} of the {} requests of pack {} moved to {}", poisoned(), size(), id, replier.poisonQueueName());
        }
        if (expired() > 0) {
            LOG.info("Skipped {} of the {} requests of pack {}: their run has ended", expired(), size(), id);
            replier.expired(expired());
        }
        replier.answered(lease, answered(), poisoned());
    }

    /**
     * The reply messages by reply queue (null for the response queue): replies, and error replies
     * in the service's format saying the request went to the poison queue, packed as many to a
     * message as the pack had and as fit.
     */
    private Map<String, List<String>> replies(Replier replier) {
        Map<String, List<Envelope>> byQueue = new LinkedHashMap<>();
        for (Item item : items) {
            if (item.expired) {
                continue;
            }
            Envelope reply = item.poisonReason == null ? item.request.reply(item.reply)
                    : item.request.poisonReply(replier.errorReply(item.request.body(), item.poisonReason));
            byQueue.computeIfAbsent(item.request.replyTo(), queue -> new ArrayList<>()).add(reply);
        }
        Map<String, List<String>> messages = new LinkedHashMap<>();
        byQueue.forEach((queue, replies) -> messages.put(queue, Pack.messages(replies, replies.size())));
        return messages;
    }
}
