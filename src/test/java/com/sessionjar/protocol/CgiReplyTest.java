package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CgiReplyTest {
    @Test
    void toJson_hasTheOriginalsFourKeys_inOrder_nullsIncluded() {
        assertEquals("{\"ExitCode\":0,\"Stdout\":\"5\\n\",\"Stderr\":\"\",\"Exception\":null}",
                new CgiReply(0, "5\n", "", null).toJson());
        assertEquals("{\"ExitCode\":null,\"Stdout\":\"\",\"Stderr\":\"\",\"Exception\":\"p timed out after 1 s and was killed\"}",
                new CgiReply(null, "", "", "p timed out after 1 s and was killed").toJson());
    }

    @Test
    void toJson_escapesControlCharacters_andTheTwoNonCharactersAQueueCannotCarry() {
        String json = new CgiReply(0, "a\0b\u001b\uFFFE\uFFFFé😀", "", null).toJson();
        assertEquals("{\"ExitCode\":0,\"Stdout\":\"a\\u0000b\\u001B\\uFFFE\\uFFFFé😀\",\"Stderr\":\"\",\"Exception\":null}",
                json);
        assertEquals("a\0b\u001b\uFFFE\uFFFFé😀", CgiReply.parse(json).stdout());
    }

    @Test
    void parse_readsTheOriginalsReplies_escapedAsDotNetDoes() {
        CgiReply reply = CgiReply.parse(
                "{\"ExitCode\":1,\"Stdout\":\"gr\\u00FC\\u00DFe\\n\",\"Stderr\":\"oops\",\"Exception\":null}");
        assertEquals(new CgiReply(1, "grüße\n", "oops", null), reply);
        assertFalse(reply.succeeded());
    }

    @Test
    void parse_ofToJson_isTheSameReply() {
        CgiReply reply = new CgiReply(null, "out", "err", "x cannot start: error=2, No such file or directory");
        assertEquals(reply, CgiReply.parse(reply.toJson()));
        assertFalse(reply.succeeded());
        assertTrue(new CgiReply(0, "", "", null).succeeded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "\"hello\"", "null", "[]", "{}", "{\"Stdout\":\"x\"}", "{\"ExitCode\":\"zero\"}", "{"})
    void parse_ofSomethingElse_isRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CgiReply.parse(text));
        assertTrue(e.getMessage().startsWith("Not a CGI reply"), e.getMessage());
    }
}
