package com.sessionjar.queue;

import com.sessionjar.protocol.MessageText;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueErrorCode;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.QueueStorageException;
import com.azure.storage.queue.models.QueuesSegmentOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One storage queue, seen as the few operations a session needs.
 *
 * <p>Every call goes through the Azure SDK's {@link QueueClient}, with its retry policy. The
 * methods block; callers that want many calls in flight run them on their own bounded executors.
 */
public final class MessageQueue {
    /** The most messages one receive call may take (a storage queue limit). */
    public static final int MAX_BATCH = 32;

    private final QueueClient client;
    private final QueueAccount account;

    MessageQueue(QueueClient client, QueueAccount account) {
        this.client = client;
        this.account = account;
    }

    /** The queue {@code name} in the same account, sharing this one's connections and retry policy. */
    public MessageQueue sibling(String name) {
        return account.queue(name);
    }

    /**
     * The SDK client behind this queue, for tests of this package that must send what
     * {@link MessageText} refuses (e.g. to measure what the queue service itself returns intact).
     */
    QueueClient client() {
        return client;
    }

    /** The queue's name. */
    public String name() {
        return client.getQueueName();
    }

    /** The queues of the same account whose names start with {@code prefix}, each with its metadata. */
    public Map<String, Map<String, String>> siblingsStartingWith(String prefix) {
        Map<String, Map<String, String>> queues = new TreeMap<>();
        account.serviceClient().listQueues(new QueuesSegmentOptions().setPrefix(prefix).setIncludeMetadata(true), null,
                Context.NONE).forEach(queue -> queues.put(queue.getName(),
                queue.getMetadata() == null ? Map.of() : Map.copyOf(queue.getMetadata())));
        return queues;
    }

    /** Creates the queue if it does not exist yet. */
    public void createIfNotExists() {
        client.createIfNotExists();
    }

    /**
     * Creates the queue with {@code metadata} if it does not exist; returns whether it was made now
     * (201). A queue there already answers 204 with the same metadata (which the SDK counts as made
     * too), 409 with other metadata.
     */
    public boolean createIfNotExists(Map<String, String> metadata) {
        Response<Boolean> response = client.createIfNotExistsWithResponse(metadata, null, Context.NONE);
        return Boolean.TRUE.equals(response.getValue()) && response.getStatusCode() == 201;
    }

    /** Creates the queue with {@code metadata}; a queue of that name with other metadata is a conflict. */
    public void create(Map<String, String> metadata) {
        client.createWithResponse(metadata, null, Context.NONE);
    }

    /** Replaces the queue's metadata. */
    public void setMetadata(Map<String, String> metadata) {
        client.setMetadata(metadata);
    }

    /** Deletes the queue and every message in it; returns false if there was no such queue. */
    public boolean deleteIfExists() {
        return client.deleteIfExists();
    }

    /** Whether the queue exists. */
    public boolean exists() {
        try {
            client.getProperties();
            return true;
        } catch (QueueStorageException e) {
            if (QueueErrorCode.QUEUE_NOT_FOUND.equals(e.getErrorCode())) {
                return false;
            }
            throw e;
        }
    }

    /** The approximate number of messages in the queue, visible or not. */
    public long approximateDepth() {
        return client.getProperties().getApproximateMessagesCountLong();
    }

    /** The approximate number of messages in the queue, visible or not; empty if there is no such queue (any longer). */
    public OptionalLong approximateDepthIfExists() {
        try {
            return OptionalLong.of(approximateDepth());
        } catch (QueueStorageException e) {
            if (isQueueGone(e)) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    /**
     * Sends {@code text}, visible to receivers at once.
     *
     * <p>The original client passed the message lease as the visibility timeout here, hiding every
     * request for a minute; no visibility timeout is given, so the queue's default of zero applies.
     *
     * @throws com.sessionjar.BadInputException if the text is too large or has characters XML cannot carry
     */
    public void send(String text) {
        client.sendMessage(MessageText.check(text));
    }

    /**
     * Takes up to {@code max} messages (at most {@value #MAX_BATCH}), hiding each for {@code lease}.
     * Returns an empty list when the queue has no visible message.
     */
    public List<ReceivedMessage> receive(int max, Duration lease) {
        return receive(max, lease, null);
    }

    /**
     * As {@link #receive(int, Duration)}, giving up after {@code timeout} (null: the SDK's retries
     * alone bound the call), e.g. to end a wait for a queue service that does not answer at a deadline.
     */
    public List<ReceivedMessage> receive(int max, Duration lease, Duration timeout) {
        if (max < 1 || max > MAX_BATCH) {
            throw new IllegalArgumentException("max (" + max + ") must be between 1 and " + MAX_BATCH);
        }
        List<ReceivedMessage> messages = new ArrayList<>(max);
        for (QueueMessageItem item : client.receiveMessages(max, lease, timeout, Context.NONE)) {
            // An empty message comes back with no body at all.
            String text = item.getBody() == null ? "" : item.getBody().toString();
            messages.add(new ReceivedMessage(item.getMessageId(), item.getPopReceipt(), text, item.getDequeueCount()));
        }
        return messages;
    }

    /** Deletes a received message; one already gone (deleted or re-received elsewhere) is ignored. */
    public void delete(ReceivedMessage message) {
        try {
            client.deleteMessage(message.id(), message.popReceipt());
        } catch (QueueStorageException e) {
            if (!isGone(e)) {
                throw e;
            }
        }
    }

    /**
     * Hides a received message for another {@code lease} from now, returning it under its new pop
     * receipt (the old one stops working).
     */
    public ReceivedMessage extendLease(ReceivedMessage message, Duration lease) {
        String receipt = client.updateMessage(message.id(), message.popReceipt(), null, lease).getPopReceipt();
        return message.withPopReceipt(receipt);
    }

    /** Makes a received message visible again at once, for another receiver to take. */
    public void release(ReceivedMessage message) {
        client.updateMessage(message.id(), message.popReceipt(), null, Duration.ZERO);
    }

    /** Whether {@code e} says the queue does not exist. */
    public static boolean isQueueGone(QueueStorageException e) {
        return QueueErrorCode.QUEUE_NOT_FOUND.equals(e.getErrorCode()) || QueueErrorCode.QUEUE_BEING_DELETED.equals(e.getErrorCode());
    }

    /** Whether {@code e} is a storage error that says the queue does not exist, for callers that see no SDK types. */
    public static boolean saysQueueGone(RuntimeException e) {
        return e instanceof QueueStorageException storage && isQueueGone(storage);
    }

    /** Whether {@code e} says the message or its pop receipt no longer exists. */
    public static boolean isGone(QueueStorageException e) {
        return QueueErrorCode.MESSAGE_NOT_FOUND.equals(e.getErrorCode())
                || QueueErrorCode.POP_RECEIPT_MISMATCH.equals(e.getErrorCode())
                || e.getStatusCode() == 404;
    }

    @Override
    public String toString() {
        return "MessageQueue[" + name() + "]";
    }
}
