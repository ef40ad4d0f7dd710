package com.sessionjar.protocol;

import java.util.Locale;

/**
 * Fills one {@link Pack packed message} at a time: takes items while they fit, up to a number of
 * items and the queue's 64 KiB, then hands over the message text. Not thread-safe.
 */
public final class Packer {
    private final int maxItems;
    /** The items' text so far, without the pack's header. */
    private final StringBuilder items = new StringBuilder();
    private Envelope first;
    private int count;
    private int bytes;
    /** The items' size as sent ({@link MessageText#sentLength}), which counts when one has non-ASCII text. */
    private int sent;
    private boolean nonAscii;

    /** A packer of up to {@code maxItems} items a message. */
    public Packer(int maxItems) {
        if (maxItems < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "maxItems (%d) must be at least 1", maxItems));
        }
        this.maxItems = maxItems;
    }

    /**
     * Adds {@code item} if the message stays within the item count and the queue's limit, and
     * returns whether it did. An empty packer takes any item: alone, it goes as its own envelope,
     * which the caller has checked.
     */
    public boolean add(Envelope item) {
        if (count == maxItems) {
            return false;
        }
        String text = Pack.itemText(item);
        int itemBytes = MessageText.utf8Length(text);
        int itemSent = MessageText.sentLength(text);
        boolean itemNonAscii = itemBytes != text.length();
        int header = Pack.header(count + 1).length();
        if (count > 0 && !MessageText.fits(header + bytes + itemBytes, header + sent + itemSent, nonAscii || itemNonAscii)) {
            return false;
        }
        if (count == 0) {
            first = item;
        }
        items.append(text);
        bytes += itemBytes;
        sent += itemSent;
        nonAscii |= itemNonAscii;
        count++;
        return true;
    }

    /** How many items the message holds so far. */
    public int size() {
        return count;
    }

    /** Whether no item has been added since the last {@link #take()}. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Whether the message holds as many items as it may. */
    public boolean isFull() {
        return count == maxItems;
    }

    /**
     * The message of the items added, and empties the packer: a packed message, or the item's
     * own envelope when there is one.
     *
     * @throws IllegalStateException if the packer is empty
     */
    public String take() {
        if (count == 0) {
            throw new IllegalStateException("the packer holds no item");
        }
        String text = count == 1 ? first.text() : Pack.header(count) + items;
        items.setLength(0);
        first = null;
        count = 0;
        bytes = 0;
        sent = 0;
        nonAscii = false;
        return text;
    }
}
