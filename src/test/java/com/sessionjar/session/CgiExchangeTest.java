package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.CgiReply;
import org.junit.jupiter.api.Test;

class CgiExchangeTest {
    private final CgiExchange exchange = new CgiExchange();

    @Test
    void requestFor_isTheTextItself() {
        assertEquals("some text", exchange.requestFor("some text"));
    }

    @Test
    void problemWith_sortsRepliesByOutcome() {
        assertNull(exchange.problemWith("some text", new CgiReply(0, "9\n", "", null).toJson()));
        assertEquals("the program exited with 3: bad input",
                exchange.problemWith("some text", new CgiReply(3, "", "bad input\nmore", null).toJson()));
        assertEquals("the program did not run: /x: No such file",
                exchange.problemWith("some text", new CgiReply(null, "", "", "/x: No such file").toJson()));
        assertTrue(exchange.problemWith("some text", "[1, 2]").startsWith("not a cgi reply: "));
    }
}
