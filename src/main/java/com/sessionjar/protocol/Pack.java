package com.sessionjar.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packed message: several enveloped requests, or replies, in one queue message, so that a
 * run of small requests costs a fraction of the queue calls. A pack is opt-in ({@code --pack});
 * workers that know it answer a packed request with packed replies.
 *
 * <pre>
 * #sj1 pack=2                              the pack's header: how many items follow
 * #sj1 id=4f0c2a9e.5 crc=C len=5 to=Q      an item: its envelope's header with len=, the body's length
 * hello                                    the body, then a newline
 * #sj1 id=4f0c2a9e.6 crc=C len=9 to=Q
 * two
 * lines
 * </pre>
 *
 * <p>{@code len} counts the body's UTF-16 code units (Java's and .NET's string length: a
 * character beyond U+FFFF counts 2), so a body may hold newlines and lines that look like headers.
 * A pack has no {@code id=} or {@code re=} of its own, so a reader that does not know packs takes
 * it for a malformed envelope rather than a request.
 */
public final class Pack {
    /** The pack header's field: how many items the message holds. */
    public static final String PACK = "pack";
    /** An item's field: the length of its body in UTF-16 code units. */
    public static final String LENGTH = "len";

    private Pack() {
    }

    /** What a packed message holds: the items read, and what stopped the reading, if anything. */
    public record Unpacked(List<Envelope> items, String problem) {
        public Unpacked {
            items = List.copyOf(items);
        }
    }

    /**
     * Whether {@code text} is a packed message: its first line is a complete, valid envelope header
     * with {@code pack=} a count of 1 or more, and neither {@code id=} nor {@code re=}.
     */
    public static boolean isPacked(String text) {
        Map<String, String> fields = Envelope.firstHeader(text);
        return fields != null && isPackHeader(fields);
    }

    /** Whether the fields of a valid header are a pack's: {@code pack=} a count of 1 or more, no {@code id=} or {@code re=}. */
    static boolean isPackHeader(Map<String, String> fields) {
        return number(fields.get(PACK)) >= 1 && !fields.containsKey(Envelope.ID) && !fields.containsKey(Envelope.IN_REPLY_TO);
    }

    /**
     * The items of a packed message, in order. Reading stops at the first item that cannot be
     * read; the items before it are returned, with the problem.
     */
    public static Unpacked unpack(String text) {
        List<Envelope> items = new ArrayList<>();
        if (!isPacked(text)) {
            return new Unpacked(items, "the message is not a pack (no '" + Envelope.MARKER + " " + PACK + "=' header)");
        }
        int newline = text.indexOf('\n');
        int count = number(Envelope.firstHeader(text).get(PACK));
        int position = newline + 1;
        for (int n = 1; n <= count; n++) {
            String where = "item " + n + " of " + count;
            int lineEnd = text.indexOf('\n', position);
            if (lineEnd < 0 || !text.startsWith(Envelope.MARKER + " ", position)) {
                return new Unpacked(items, where + " has no header line");
            }
            Map<String, String> fields;
            try {
                fields = Envelope.headerFields(text.substring(position, lineEnd));
            } catch (IllegalArgumentException e) {
                return new Unpacked(items, where + ": " + e.getMessage());
            }
            int length = number(fields.remove(LENGTH));
            if (length < 0) {
                return new Unpacked(items, where + " has no " + LENGTH + "= with its body's length");
            }
            int bodyEnd = lineEnd + 1 + length;
            if (bodyEnd >= text.length() || text.charAt(bodyEnd) != '\n') {
                return new Unpacked(items, where + ": the message ends, or has no newline, after its "
                        + length + "-character body");
            }
            try {
                items.add(Envelope.of(fields, text.substring(lineEnd + 1, bodyEnd)));
            } catch (IllegalArgumentException e) {
                return new Unpacked(items, where + ": " + e.getMessage());
            }
            position = bodyEnd + 1;
        }
        return new Unpacked(items, position == text.length() ? null : "more text after the pack's " + count + " items");
    }

    /**
     * {@code items} as few messages as can hold them, each at most {@code maxItems} items and
     * within the queue's limit; an item alone in its message goes as its own envelope.
     * Each item's own envelope text must fit a message.
     */
    public static List<String> messages(List<Envelope> items, int maxItems) {
        List<String> messages = new ArrayList<>();
        Packer packer = new Packer(maxItems);
        for (Envelope item : items) {
            if (!packer.add(item)) {
                messages.add(packer.take());
                packer.add(item);
            }
        }
        if (!packer.isEmpty()) {
            messages.add(packer.take());
        }
        return messages;
    }

    /** The pack's header line and its newline. */
    static String header(int count) {
        return Envelope.MARKER + " " + PACK + "=" + count + "\n";
    }

    /** An item of a pack: its header with the body's length, newline, body, newline. */
    static String itemText(Envelope item) {
        Map<String, String> fields = new HashMap<>(item.fields());
        fields.put(LENGTH, Integer.toString(item.body().length()));
        return new Envelope(fields, item.body()).text() + "\n";
    }

    /** A count or length written as 1 to 9 digits, or -1. */
    private static int number(String digits) {
        return digits != null && digits.matches("[0-9]{1,9}") ? Integer.parseInt(digits) : -1;
    }
}
