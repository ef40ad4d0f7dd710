package com.sessionjar.service;

import com.sessionjar.protocol.CgiReply;
/**
 * What was kept of one output of a program.
 *
 * @param text      the bytes kept, decoded as UTF-8 (a malformed sequence becomes U+FFFD)
 * @param truncated whether the program wrote more than was kept
 */
record CapturedText(String text, boolean truncated) {
    static final CapturedText EMPTY = new CapturedText("", false);

    /** The text as a reply shows it: with {@link CgiReply#TRUNCATED} at the end if it was cut. */
    String shown() {
        return truncated ? text + CgiReply.TRUNCATED : text;
    }
}
