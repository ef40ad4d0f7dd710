package com.sessionjar.protocol;

import com.sessionjar.BadInputException;
import java.util.Locale;

/**
 * The rules a message text must meet before it is sent to an Azure Storage queue.
 *
 * <p>Messages travel as plain text inside an XML request body (no Base64), which keeps them
 * readable by the original .NET client and workers. So a text must fit the queue's 64 KiB limit
 * and contain only characters XML 1.0 can carry: tab, line feed, carriage return and the
 * characters from U+0020 up, except unpaired surrogates and U+FFFE/U+FFFF.
 *
 * <p>A text with a non-ASCII character must be smaller, and is measured as sent: Azurite 3.37
 * decodes each 64 KiB it reads of a request on its own, so a character that straddles the end of
 * the first 64 KiB comes back as U+FFFD; what counts is where the text ends in the request, after
 * XML escapes ({@link #sentLength}). docs/protocol.md has the measurement.
 */
public final class MessageText {
    /** The largest text of ASCII characters only, in UTF-8 bytes: Azure's limit, 64 KiB. */
    public static final int MAX_BYTES = 64 * 1024;

    /**
     * The largest text with a non-ASCII character, in bytes as sent ({@link #sentLength}): Azurite
     * 3.37 returns every such text intact up to 64,961 bytes as sent to a queue of the longest name
     * (the other 575 bytes of its first 64 KiB read are the request's head and the XML around the
     * text); 961 bytes less leaves room for a head that much longer (a longer User-Agent, say).
     */
    public static final int MAX_NON_ASCII_BYTES = 64_000;

    private MessageText() {
    }

    /**
     * Returns {@code text} if it can be sent as it is.
     *
     * @throws BadInputException naming the size or the first character that cannot be sent
     */
    public static String check(String text) {
        return check(text, 0);
    }

    /**
     * Returns {@code text} if it can be sent behind a header of {@code header} ASCII bytes (the
     * envelope's), naming the header in the error.
     *
     * @throws BadInputException naming the size or the first character that cannot be sent
     */
    public static String check(String text, int header) {
        if (text == null) {
            throw new IllegalArgumentException("A message text must not be null");
        }
        int bytes = utf8Length(text);
        boolean ascii = bytes == text.length();
        int size = ascii ? bytes : sentLength(text);
        int limit = (ascii ? MAX_BYTES : MAX_NON_ASCII_BYTES) - header;
        if (size > limit) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "Message is %,d bytes in UTF-8%s; a queue message holds at most %,d%s%s: send a smaller message%s",
                    bytes, size == bytes ? "" : String.format(Locale.ROOT, " and %,d as sent (XML escapes & < ]> and CR)", size),
                    limit, ascii ? " (64 KiB)" : " when it has non-ASCII characters",
                    header == 0 ? "" : " after the envelope's " + header + "-byte header",
                    header == 0 ? "" : " or use --plain"));
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (!isXmlChar(c)) {
                throw new BadInputException(String.format(Locale.ROOT,
                        "Message has character U+%04X at index %d, which a queue message cannot carry (XML 1.0 text only): "
                                + "encode binary or control characters, for example as Base64", (int) c, i));
            }
        }
        return text;
    }

    /**
     * Whether a text of {@code utf8Bytes} in UTF-8 and {@code sentBytes} as sent, with a non-ASCII
     * character or not, fits in a queue message.
     */
    static boolean fits(int utf8Bytes, int sentBytes, boolean nonAscii) {
        return nonAscii ? sentBytes <= MAX_NON_ASCII_BYTES : utf8Bytes <= MAX_BYTES;
    }

    /** The size of {@code text} in UTF-8, without encoding it. */
    public static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * The size of {@code text} in UTF-8 as the queue SDK sends it, inside XML: {@code &} becomes
     * {@code &amp;}, {@code <} {@code &lt;}, a carriage return {@code &#xd;} and a {@code ]} before
     * {@code >} {@code &#x5d;} (what azure-storage-queue 12.29 writes; MessageQueueTest checks it).
     */
    public static int sentLength(String text) {
        int bytes = utf8Length(text);
        for (int i = 0; i < text.length(); i++) {
            switch (text.charAt(i)) {
                case '&', '\r' -> bytes += 4;
                case '<' -> bytes += 3;
                case ']' -> bytes += i + 1 < text.length() && text.charAt(i + 1) == '>' ? 5 : 0;
                default -> {
                }
            }
        }
        return bytes;
    }

    private static boolean isXmlChar(char c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }
}
