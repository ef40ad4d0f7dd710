package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeTest {
    @Test
    void request_reply_andPoisonReply_haveTheDocumentedText() {
        Envelope request = Envelope.request("4f0c2a9e.17", "hello");
        assertEquals("#sj1 id=4f0c2a9e.17 crc=9a71bb4c\nhello", request.text());
        assertEquals("#sj1 id=4f0c2a9e.17 crc=9a71bb4c to=Q\nhello", Envelope.request("4f0c2a9e.17", "Q", "hello").text());
        assertEquals("#sj1 re=4f0c2a9e.17 crc=" + crc32c("HELLO") + "\nHELLO", request.reply("HELLO").text());
        assertEquals("#sj1 re=4f0c2a9e.17 crc=" + crc32c("bad") + " fault=poison\nbad", request.poisonReply("bad").text());
    }

    @Test
    void until_carriesTheRunsEnd_inUnixMillis_keptWhenParsed_andPastOnlyAfterIt() {
        Envelope request = Envelope.request("4f0c2a9e.17", "Q", "hello").until(1_765_000_000_123L);
        assertEquals("#sj1 id=4f0c2a9e.17 crc=9a71bb4c to=Q until=1765000000123\nhello", request.text());
        Envelope parsed = Envelope.parse(request.text());
        assertEquals(1_765_000_000_123L, parsed.until());
        assertFalse(parsed.isPast(1_765_000_000_123L), "the deadline itself is still in time");
        assertTrue(parsed.isPast(1_765_000_000_124L));
        assertEquals(-1, Envelope.request("4f0c2a9e.17", "hello").until(), "no until=: no deadline");
        assertFalse(Envelope.request("4f0c2a9e.17", "hello").isPast(Long.MAX_VALUE));
        assertEquals("#sj1 re=4f0c2a9e.17 crc=" + crc32c("ok") + "\nok", parsed.reply("ok").text(), "a reply carries none");
    }

    @Test
    void aMalformedUntil_makesTheMessageBare_andCannotBeMade() {
        assertEquals("the envelope's until=soon is not a deadline (Unix milliseconds, 1 to 15 digits)",
                assertThrows(IllegalArgumentException.class, () -> Envelope.parse("#sj1 id=4f0c2a9e.1 until=soon\nx"))
                        .getMessage());
        assertFalse(Envelope.isEnvelope("#sj1 id=4f0c2a9e.1 until=-5\nx"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.request("4f0c2a9e.1", "x").until(-1));
    }

    @Test
    void checksum_isTheCrc32cOfTheBodysUtf8Bytes_inEightLowercaseHexDigits() {
        assertEquals("00000000", Envelope.checksum(""));
        assertEquals("e3069283", Envelope.checksum("123456789"), "CRC-32C's check value");
        assertEquals(crc32c("é漢\uD83D\uDE00"), Envelope.checksum("é漢\uD83D\uDE00"));
    }

    @Test
    void parse_readsWhatTextWrites_bodyUnchanged() {
        String body = "line one\nline two\n{\"Id\": \"x\"}\n#sj1 id=4f0c2a9e.1\n";
        Envelope request = Envelope.parse(Envelope.request("4f0c2a9e.1", body).text());
        assertEquals("4f0c2a9e.1", request.id());
        assertNull(request.inReplyTo());
        assertEquals(body, request.body());
        assertNull(request.damage());
        Envelope poison = Envelope.parse(request.poisonReply("why").text());
        assertEquals("4f0c2a9e.1", poison.inReplyTo());
        assertTrue(poison.isPoisonReply());
        assertFalse(Envelope.parse(request.reply("ok").text()).isPoisonReply());
    }

    @Test
    void unknownFields_areKept_andDoNotStopParsing() {
        Envelope envelope = Envelope.parse("#sj1 id=4f0c2a9e.1 replyto=q-1  pack=3\nbody");
        assertEquals(Map.of("id", "4f0c2a9e.1", "replyto", "q-1", "pack", "3"), envelope.fields());
        assertEquals("#sj1 id=4f0c2a9e.1 pack=3 replyto=q-1\nbody", envelope.text());
    }

    @Test
    void aBodyChangedByOneByte_isDamaged_andSaysItsChecksums() {
        String text = Envelope.request("4f0c2a9e.3", "Q", "payload é").text();
        Envelope damaged = Envelope.parse(text.replace("payload", "paYload"));

        assertEquals("its body's CRC-32C is " + crc32c("paYload é") + ", not " + crc32c("payload é")
                + " as its envelope says", damaged.damage());
        assertEquals("4f0c2a9e.3", damaged.id(), "the header still names the request");
        assertTrue(Envelope.parse(text.replace("é", "\uFFFD")).damage() != null, "what Azurite did to an 'é'");
    }

    @Test
    void anEnvelopeWithoutCrc_anOlderSenders_isTakenUnchecked() {
        Envelope older = Envelope.parse("#sj1 id=4f0c2a9e.1 to=Q\nanything");

        assertNull(older.damage());
        assertEquals("anything", older.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "", "#sj1", "#sj1 hello world", "#sj1 id=abc", "#sj1 id=abc\nbody", "#sj1\nbody",
        "#sj1 \nbody", "#sj1 id=\nbody", "#sj1 =a\nx", "#sj1 id=4f0c2a9e.1 b\nx", "#sj1 id=4f0c2a9e.1/b\nx",
        "#sj1 id=4F0C2A9E.1\nx", "#sj1 id=4f0c2a9e\nx", "#sj1 id=4f0c2a9e.12345678901\nx", "#sj1 re=a.1\nx",
        "#sj1 id=4f0c2a9e.1 crc=xyz\nx", "#sj1 id=4f0c2a9e.1 crc=ABCDEF01\nx", "#sj1 id=4f0c2a9e.1", "#sj1x id=4f0c2a9e.1\nx",
        "#SJ1 id=4f0c2a9e.1\nx", " #sj1 id=4f0c2a9e.1\nx", "#sj1 id=4f0c2a9e.1\r\nx", "#sj1 pack=0\nx", "#sj1 pack=two\nx",
        "#sj1 to=Q\nx"})
    void textsWhoseFirstLineIsNotACompleteValidHeader_areBare(String text) {
        assertFalse(Envelope.isEnvelope(text), text);
        assertThrows(IllegalArgumentException.class, () -> Envelope.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#sj1 id=4f0c2a9e.1\n", "#sj1 id=4f0c2a9e.1\nbody", "#sj1 re=4f0c2a9e.1 fault=poison\nx",
        "#sj1 id=4f0c2a9e.1 crc=00000000 to=q-1\n", "#sj1 pack=3\nx", "#sj1  id=00000000.0  \nx"})
    void textsWhoseFirstLineIsAValidHeader_areEnvelopes(String text) {
        assertTrue(Envelope.isEnvelope(text), text);
    }

    @Test
    void checkPlain_refusesOnlyWhatAWorkerWouldReadAsAnEnvelope() {
        for (String bare : new String[] {"hello", "#sj1", "#sj1 hello world", "#sj1 id=abc\nx", "#sj1 id=4f0c2a9e.1"}) {
            assertEquals(bare, Envelope.checkPlain(bare));
        }
        BadInputException refused = assertThrows(BadInputException.class,
                () -> Envelope.checkPlain("#sj1 id=4f0c2a9e.1 crc=00000000\nhello"));
        assertEquals("Message starts with a session.jar envelope header ('#sj1 id=4f0c2a9e.1 crc=00000000'), so workers"
                + " would take it for an enveloped request, not a plain message: send it without --plain, or change its"
                + " first line", refused.getMessage());
        assertThrows(BadInputException.class, () -> Envelope.checkPlain("#sj1 pack=2\n"));
    }

    @Test
    void malformedHeaders_sayWhatIsWrong() {
        assertEquals("the envelope's id=abc is not a request id (8 lowercase hex digits, a dot, a number)",
                assertThrows(IllegalArgumentException.class, () -> Envelope.parse("#sj1 id=abc\nx")).getMessage());
        assertEquals("the envelope has neither 'id=' nor 're='",
                assertThrows(IllegalArgumentException.class, () -> Envelope.parse("#sj1 pack=3\nx")).getMessage());
        assertEquals("the message has no header line: it has no newline",
                assertThrows(IllegalArgumentException.class, () -> Envelope.parse("#sj1 id=4f0c2a9e.1")).getMessage());
    }

    @Test
    void ids_mustBeClientRequestIds() {
        assertThrows(IllegalArgumentException.class, () -> Envelope.request("a.1", "x"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.request("4f0c2a9e.1 b", "x"));
        assertEquals("#sj1 id=ffffffff.2147483646 crc=00000000\n", Envelope.request("ffffffff.2147483646", "").text());
    }

    @Test
    void sendableText_countsTheBodysBytesAndIndexes_notTheHeaders() {
        Envelope tooLarge = Envelope.request("4f0c2a9e.17", "q".repeat(63), "a".repeat(70_000));
        int header = tooLarge.text().length() - 70_000;

        BadInputException size = assertThrows(BadInputException.class, tooLarge::sendableText);
        assertEquals(String.format(Locale.ROOT, "Message is 70,000 bytes in UTF-8; a queue message holds at most %,d (64 KiB) after the"
                + " envelope's %d-byte header: send a smaller message or use --plain", MessageText.MAX_BYTES - header, header),
                size.getMessage());

        BadInputException character = assertThrows(BadInputException.class,
                () -> Envelope.request("4f0c2a9e.17", "Q", "abc\u0001").sendableText());
        assertTrue(character.getMessage().startsWith("Message has character U+0001 at index 3,"), character.getMessage());

        Envelope fits = Envelope.request("4f0c2a9e.17", "Q", "b".repeat(MessageText.MAX_BYTES - header + 63 - 1));
        assertEquals(fits.text(), fits.sendableText());
    }

    private static String crc32c(String body) {
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
