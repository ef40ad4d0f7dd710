package com.sessionjar.queue;

import java.nio.charset.StandardCharsets;

/**
 * Kinds of message text, each made to an exact size in UTF-8, for measuring which sizes a queue
 * service returns intact ({@link MessageSizeScan}, {@code MessageSizeLimitIT}).
 *
 * <p>A text is its kind's unit (w bytes) repeated, after {@code size % w} ASCII letters so that
 * every size can be made: over w sizes in a row, the unit's characters fall on every byte offset,
 * so each offset where a queue service splits a text is met inside a character.
 */
enum SizedText {
    /** ASCII letters only. */
    ASCII("a"),
    /** ASCII that XML escapes ({@code < & CR} and {@code ]]>}): larger as sent than in UTF-8. */
    ASCII_ESCAPED("<&\r]]>"),
    /** 'é', 2 bytes in UTF-8. */
    TWO_BYTE("\u00e9"),
    /** '€', 3 bytes in UTF-8. */
    THREE_BYTE("\u20ac"),
    /** '😀', a surrogate pair in Java, 4 bytes in UTF-8. */
    FOUR_BYTE("\ud83d\ude00"),
    /** ASCII and 2-, 3- and 4-byte characters in turn. */
    MIXED("a\u00e9\u20ac\ud83d\ude00"),
    /** '&' (5 bytes as sent, escaped for XML) and 'é' in turn: far larger as sent than in UTF-8. */
    ESCAPED_MIXED("&\u00e9");

    private final String unit;

    SizedText(String unit) {
        this.unit = unit;
    }

    /** A text of this kind of exactly {@code bytes} bytes in UTF-8. */
    String of(int bytes) {
        int width = utf8(unit);
        return "a".repeat(bytes % width) + unit.repeat(bytes / width);
    }

    static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
