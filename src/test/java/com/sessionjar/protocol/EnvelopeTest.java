package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeTest {
    @Test
    void request_reply_andPoisonReply_haveTheDocumentedText() {
        Envelope request = Envelope.request("4f0c2a9e.17", "hello");
        assertEquals("#sj1 id=4f0c2a9e.17\nhello", request.text());
        assertEquals("#sj1 re=4f0c2a9e.17\nHELLO", request.reply("HELLO").text());
        assertEquals("#sj1 re=4f0c2a9e.17 fault=poison\nbad", request.poisonReply("bad").text());
    }

    @Test
    void parse_readsWhatTextWrites_bodyUnchanged() {
        String body = "line one\nline two\n{\"Id\": \"x\"}\n";
        Envelope request = Envelope.parse(Envelope.request("a.1", body).text());
        assertEquals("a.1", request.id());
        assertNull(request.inReplyTo());
        assertEquals(body, request.body());
        Envelope poison = Envelope.parse(request.poisonReply("why").text());
        assertEquals("a.1", poison.inReplyTo());
        assertTrue(poison.isPoisonReply());
        assertFalse(Envelope.parse(request.reply("ok").text()).isPoisonReply());
    }

    @Test
    void unknownFields_areKept_andDoNotStopParsing() {
        Envelope envelope = Envelope.parse("#sj1 id=a.1 replyto=q-1  pack=3\nbody");
        assertEquals(Map.of("id", "a.1", "replyto", "q-1", "pack", "3"), envelope.fields());
        assertEquals("#sj1 id=a.1 pack=3 replyto=q-1\nbody", envelope.text());
    }

    @Test
    void noNewline_meansAnEmptyBody() {
        assertEquals("", Envelope.parse("#sj1 id=a.1").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "#sj1x id=a", "#SJ1 id=a\nx", " #sj1 id=a", ""})
    void textsWithoutTheMarker_arePlain(String text) {
        assertFalse(Envelope.isEnveloped(text));
        assertThrows(IllegalArgumentException.class, () -> Envelope.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#sj1\nbody", "#sj1 id=\nbody", "#sj1 =a\nx", "#sj1 id=a b\nx", "#sj1 id=a/b\nx",
        "#sj1 pack=3\nx"})
    void malformedHeaders_areRefused_withTheReason(String text) {
        assertTrue(Envelope.isEnveloped(text));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envelope.parse(text));
        assertTrue(e.getMessage().startsWith("the envelope "), e.getMessage());
    }

    @Test
    void ids_mustBeTokens() {
        assertThrows(IllegalArgumentException.class, () -> Envelope.request("a b", "x"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.request("x".repeat(65), "x"));
        assertEquals("#sj1 id=" + "x".repeat(64) + "\n", Envelope.request("x".repeat(64), "").text());
    }
}
