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
 */
public final class MessageText {
    /** The largest message text, in UTF-8 bytes, that a storage queue accepts (64 KiB). */
    public static final int MAX_BYTES = 64 * 1024;

    /**
     * The largest text with a non-ASCII character: Azurite measured it 4 bytes short of 64 KiB
     * (65,532 bytes of 'é' pass, 65,534 are refused with 413), so this stays on the safe side.
     */
    public static final int MAX_NON_ASCII_BYTES = MAX_BYTES - 4;

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
        int limit = (bytes == text.length() ? MAX_BYTES : MAX_NON_ASCII_BYTES) - header;
        if (bytes > limit) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "Message is %,d bytes in UTF-8; a queue message holds at most %,d%s%s: send a smaller message%s",
                    bytes, limit, limit + header == MAX_BYTES ? " (64 KiB)" : " when it has non-ASCII characters",
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

    /** The size of {@code text} in UTF-8, without encoding it. */
    static int utf8Length(String text) {
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

    private static boolean isXmlChar(char c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }
}
