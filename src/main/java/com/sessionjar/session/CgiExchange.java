package com.sessionjar.session;

import com.sessionjar.protocol.CgiReply;

/**
 * The exchange of a cgi session: each request is the message (the program's stdin), and each
 * reply must say the program ran and exited with 0.
 */
final class CgiExchange implements Exchange {
    @Override
    public String requestFor(String message) {
        return message;
    }

    @Override
    public String problemWith(String message, String reply) {
        try {
            CgiReply parsed = CgiReply.parse(reply);
            if (parsed.exception() != null) {
                return "the program did not run: " + parsed.exception();
            }
            if (!parsed.succeeded()) {
                return "the program exited with " + parsed.exitCode() + ": " + firstLine(parsed.stderr());
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "not a cgi reply: " + e.getMessage();
        }
    }

    private static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "(nothing on stderr)";
        }
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }
}
