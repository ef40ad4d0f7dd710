package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageTextTest {
    /** 'é' is two bytes in UTF-8. */
    private static final String E_ACUTE = "\u00e9";
    private static final int NON_ASCII_LIMIT = MessageText.MAX_NON_ASCII_BYTES;

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    static Stream<Arguments> sendable() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("64 KiB of ASCII", "a".repeat(MessageText.MAX_BYTES)),
                Arguments.of("64 KiB of ASCII that XML escapes: ASCII cannot be damaged", "&<\r]>".repeat(MessageText.MAX_BYTES / 5)),
                Arguments.of("tab, CR and LF", "a\tb\r\nc"),
                Arguments.of("emoji surrogate pairs", "hi \ud83d\ude00\ud83d\udc4d"),
                Arguments.of("last XML characters before the surrogates and U+FFFE", "\ud7ff\ue000\ufffd"),
                Arguments.of("non-ASCII at the limit", E_ACUTE.repeat(MessageText.MAX_NON_ASCII_BYTES / 2)),
                Arguments.of("one non-ASCII character in ASCII, at the limit",
                        E_ACUTE + "a".repeat(MessageText.MAX_NON_ASCII_BYTES - 2)),
                Arguments.of("non-ASCII with XML escapes, at the limit as sent",
                        E_ACUTE + "&".repeat((MessageText.MAX_NON_ASCII_BYTES - 2) / 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sendable")
    void check_sendableText_returnsIt(String description, String text) {
        assertSame(text, MessageText.check(text));
    }

    @Test
    void sendable_limitsAreExactlyAtTheirBoundaries() {
        assertEquals(65_536, utf8("a".repeat(MessageText.MAX_BYTES)));
        assertEquals(MessageText.MAX_NON_ASCII_BYTES, utf8(E_ACUTE.repeat(MessageText.MAX_NON_ASCII_BYTES / 2)));
    }

    static Stream<Arguments> tooLarge() {
        return Stream.of(
                Arguments.of("a".repeat(MessageText.MAX_BYTES + 1), 65_537),
                Arguments.of(E_ACUTE.repeat(NON_ASCII_LIMIT / 2 + 1), NON_ASCII_LIMIT + 2),
                Arguments.of(E_ACUTE + "a".repeat(NON_ASCII_LIMIT - 1), NON_ASCII_LIMIT + 1),
                Arguments.of(E_ACUTE + "&".repeat((NON_ASCII_LIMIT - 2) / 5 + 1), (NON_ASCII_LIMIT - 2) / 5 + 3));
    }

    @ParameterizedTest(name = "[{index}] {1} bytes")
    @MethodSource("tooLarge")
    void check_tooLarge_namesByteCount(String text, int bytes) {
        assertEquals(bytes, utf8(text));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageText.check(text));

        // The message groups digits as the default locale does.
        assertTrue(e.getMessage().contains("Message is " + String.format("%,d", bytes) + " bytes"), e.getMessage());
    }

    @Test
    void check_nonAsciiLargerAsSent_namesBothSizes() {
        String text = (E_ACUTE + "&").repeat(12_000);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageText.check(text, 86));

        assertEquals("Message is 36,000 bytes in UTF-8 and 84,000 as sent (XML escapes & < ]> and CR); a queue message "
                + "holds at most 63,914 when it has non-ASCII characters after the envelope's 86-byte header: send a "
                + "smaller message or use --plain", e.getMessage());
    }

    @Test
    void check_limits_areTheQueuesAndWhatAzuriteReturnsIntact() {
        assertEquals(65_536, MessageText.MAX_BYTES, "Azure's 64 KiB");
        // Azurite 3.37 returned every non-ASCII text intact up to 64,961 bytes as sent (docs/protocol.md).
        assertTrue(MessageText.MAX_NON_ASCII_BYTES <= 64_961 - 575, "a margin of at least the request head's 575 bytes");
    }

    static Stream<Arguments> sentLength() {
        return Stream.of(
                Arguments.of("plain", 5),
                Arguments.of("&", 5),
                Arguments.of("<", 4),
                Arguments.of(">", 1),
                Arguments.of("\r", 5),
                Arguments.of("\n\t\"'", 4),
                Arguments.of("]", 1),
                Arguments.of("]>", 7),
                Arguments.of("]]>", 8),
                Arguments.of("]]]>", 9),
                Arguments.of("] >", 3),
                Arguments.of(E_ACUTE + "&", 7),
                Arguments.of("\ud83d\ude00<", 8));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void sentLength(String text, int bytes) {
        assertEquals(bytes, MessageText.sentLength(text));
    }

    static Stream<Arguments> unsendableCharacter() {
        return Stream.of(
                Arguments.of("ab\u0000", "U+0000", 2),
                Arguments.of("\u0001", "U+0001", 0),
                Arguments.of("ok\u001f", "U+001F", 2),
                Arguments.of("x\ufffe", "U+FFFE", 1),
                Arguments.of("x\uffff", "U+FFFF", 1),
                Arguments.of("abc\ud83d", "U+D83D", 3),
                Arguments.of("a\ud83db", "U+D83D", 1),
                Arguments.of("a\ude00b", "U+DE00", 1),
                Arguments.of("\ud83d\ude00\ude00", "U+DE00", 2));
    }

    @ParameterizedTest(name = "[{index}] {1} at {2}")
    @MethodSource("unsendableCharacter")
    void check_unsendableCharacter_namesCodeAndIndex(String text, String code, int index) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageText.check(text));

        assertTrue(e.getMessage().contains(code + " at index " + index), e.getMessage());
    }

    @Test
    void check_behindAHeader_countsTheTextAlone_andShowsTheRoomTheHeaderLeaves() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> MessageText.check("a".repeat(70_000), 99));
        assertEquals(String.format(Locale.ROOT, "Message is 70,000 bytes in UTF-8; a queue message holds at most %,d (64 KiB) after the"
                + " envelope's 99-byte header: send a smaller message or use --plain", MessageText.MAX_BYTES - 99),
                size.getMessage());

        IllegalArgumentException nonAscii = assertThrows(IllegalArgumentException.class,
                () -> MessageText.check(E_ACUTE.repeat(MessageText.MAX_NON_ASCII_BYTES / 2), 99));
        assertTrue(nonAscii.getMessage().startsWith(String.format(Locale.ROOT, "Message is %,d bytes in UTF-8; a queue message holds at"
                + " most %,d when it has non-ASCII characters after the envelope's 99-byte header",
                MessageText.MAX_NON_ASCII_BYTES, MessageText.MAX_NON_ASCII_BYTES - 99)), nonAscii.getMessage());

        IllegalArgumentException character = assertThrows(IllegalArgumentException.class,
                () -> MessageText.check("abc\u0001", 99));
        assertTrue(character.getMessage().startsWith("Message has character U+0001 at index 3,"), character.getMessage());

        String fits = "a".repeat(MessageText.MAX_BYTES - 99);
        assertSame(fits, MessageText.check(fits, 99));
    }

    @Test
    void check_null_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageText.check(null));

        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void utf8Length_mixedText_equalsEncodedLength() {
        String mixed = "ascii \u00e9\u00df \u20ac\u4e2d \ud83d\ude00\ud83c\udf89 end";

        assertEquals(utf8(mixed), MessageText.utf8Length(mixed));
        assertEquals(30, MessageText.utf8Length(mixed));
    }
}
