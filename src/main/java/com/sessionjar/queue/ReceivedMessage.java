package com.sessionjar.queue;

/**
 * A message taken from a queue: hidden from other receivers until its visibility timeout ends.
 *
 * @param id           the queue's id of the message
 * @param popReceipt   the receipt needed to delete it or change its visibility; a new one is
 *                     issued by every visibility change
 * @param text         the message text
 * @param dequeueCount how many times the message has been received, this time included
 */
public record ReceivedMessage(String id, String popReceipt, String text, long dequeueCount) {
    /** The same message under a newer pop receipt. */
    public ReceivedMessage withPopReceipt(String newPopReceipt) {
        return new ReceivedMessage(id, newPopReceipt, text, dequeueCount);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[id=" + id + ", dequeueCount=" + dequeueCount + ", length=" + text.length() + "]";
    }
}
