package com.sessionjar.service;

import com.sessionjar.protocol.CgiReply;
import com.sessionjar.protocol.MessageText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplyFitterTest {
    private static final int MAX = 1_000;

    private static CgiReply fit(String stdout, String stderr) {
        return fit(new CapturedText(stdout, false), new CapturedText(stderr, false));
    }

    private static CgiReply fit(CapturedText stdout, CapturedText stderr) {
        CgiReply reply = ReplyFitter.fit(new ProgramRun.Outcome(0, stdout, stderr, null), MAX);
        assertTrue(bytes(reply) <= MAX, bytes(reply) + " bytes");
        String json = reply.toJson();
        if (bytes(reply) != json.length()) {
            assertTrue(MessageText.sentLength(json) <= MAX, MessageText.sentLength(json) + " bytes as sent");
        }
        return reply;
    }

    private static int bytes(CgiReply reply) {
        return reply.toJson().getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void replyThatFits_isLeftWhole() {
        assertEquals(new CgiReply(0, "out", "err", null), fit("out", "err"));
    }

    @Test
    void replyOfExactlyTheLimit_isLeftWhole_oneByteMore_isCut() {
        int room = MAX - bytes(new CgiReply(0, "", "", null));
        String exact = "x".repeat(room);
        assertEquals(exact, fit(exact, "").stdout());
        assertEquals("x".repeat(room - CgiReply.jsonStringBytes(CgiReply.TRUNCATED)) + CgiReply.TRUNCATED,
                fit(exact + "x", "").stdout());
    }

    @Test
    void capturedTextCutShort_isMarked_evenWhenItFits() {
        assertEquals("abc" + CgiReply.TRUNCATED, fit(new CapturedText("abc", true), CapturedText.EMPTY).stdout());
    }

    @Test
    void smallStdout_bigStderr_onlyStderrIsCut_andGetsTheRest() {
        CgiReply reply = fit("small", "e".repeat(5_000));
        assertEquals("small", reply.stdout());
        assertTrue(reply.stderr().endsWith(CgiReply.TRUNCATED));
        assertTrue(bytes(reply) >= MAX - 1, "the room is used: " + bytes(reply));
    }

    @Test
    void bothBig_eachIsCutToAboutHalf() {
        CgiReply reply = fit("o".repeat(5_000), "e".repeat(5_000));
        assertTrue(reply.stdout().endsWith(CgiReply.TRUNCATED) && reply.stderr().endsWith(CgiReply.TRUNCATED));
        assertTrue(Math.abs(reply.stdout().length() - reply.stderr().length()) <= 1,
                reply.stdout().length() + " vs " + reply.stderr().length());
    }

    @Test
    void cut_neverSplitsASurrogatePair_andCountsEscapes() {
        CgiReply emoji = fit("😀".repeat(1_000), "");
        String kept = emoji.stdout().substring(0, emoji.stdout().length() - CgiReply.TRUNCATED.length());
        assertEquals(kept.length() / 2, kept.codePointCount(0, kept.length()), "whole pairs only");
        int room = MAX - bytes(new CgiReply(0, "", "", null)) - CgiReply.jsonStringBytes(CgiReply.TRUNCATED);
        assertEquals("\0".repeat(room / 6) + CgiReply.TRUNCATED, fit("\0".repeat(1_000), "").stdout(),
                "six bytes of JSON per NUL");
    }

    @Test
    void replyWithNonAscii_isMeasuredAsSent_xmlEscapesAndAll() {
        assertEquals("&".repeat(500), fit("&".repeat(500), "").stdout(), "ASCII only: an & is one byte");

        CgiReply reply = fit("&".repeat(500), "\u00e9");

        assertEquals("\u00e9", reply.stderr());
        assertTrue(reply.stdout().endsWith(CgiReply.TRUNCATED), "with an é, each & is five bytes: " + reply.stdout());
        assertTrue(MessageText.sentLength(reply.toJson()) >= MAX - 5, "the room is used: " + MessageText.sentLength(reply.toJson()));
    }
}
