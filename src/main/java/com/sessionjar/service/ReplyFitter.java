package com.sessionjar.service;

import com.sessionjar.protocol.CgiReply;
/**
 * Builds a {@link CgiReply} whose JSON fits in a given number of bytes, cutting Stdout and
 * Stderr as little as possible and marking each cut with {@link CgiReply#TRUNCATED}.
 *
 * <p>Sizes are measured by serializing, not estimated, so JSON escapes (a NUL byte takes six)
 * are counted as the queue will see them.
 */
final class ReplyFitter {
    private ReplyFitter() {
    }

    /**
     * The reply for {@code outcome}, its JSON at most {@code maxBytes} of UTF-8.
     *
     * @throws IllegalStateException if even a reply with empty outputs would not fit
     */
    static CgiReply fit(ProgramRun.Outcome outcome, int maxBytes) {
        String stdout = outcome.stdout().shown();
        String stderr = outcome.stderr().shown();
        CgiReply whole = new CgiReply(outcome.exitCode(), stdout, stderr, outcome.failure());
        if (whole.jsonBytes() <= maxBytes) {
            return whole;
        }
        int room = maxBytes - new CgiReply(outcome.exitCode(), "", "", outcome.failure()).jsonBytes();
        if (room < 2 * CgiReply.jsonStringBytes(CgiReply.TRUNCATED)) {
            throw new IllegalStateException("A CGI reply without output is already " + (maxBytes - room)
                    + " bytes; the most is " + maxBytes);
        }
        // Half the room each, unless one output needs less: then the other may have the rest.
        int stdoutBytes = CgiReply.jsonStringBytes(stdout);
        int stderrBytes = CgiReply.jsonStringBytes(stderr);
        int stdoutRoom = stdoutBytes <= room / 2 ? stdoutBytes : Math.max(room / 2, room - stderrBytes);
        int stderrRoom = room - stdoutRoom;
        return new CgiReply(outcome.exitCode(), cut(outcome.stdout(), stdoutRoom), cut(outcome.stderr(), stderrRoom),
                outcome.failure());
    }

    /** The captured text as shown if it fits in {@code room} bytes of JSON, else its longest prefix that does, marked. */
    private static String cut(CapturedText captured, int room) {
        if (CgiReply.jsonStringBytes(captured.shown()) <= room) {
            return captured.shown();
        }
        String text = captured.text();
        int low = 0; // fits
        int high = text.length(); // the whole text does not fit
        while (high - low > 1) {
            int middle = (low + high) >>> 1;
            if (CgiReply.jsonStringBytes(prefix(text, middle) + CgiReply.TRUNCATED) <= room) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return prefix(text, low) + CgiReply.TRUNCATED;
    }

    /** The first {@code length} characters, one fewer if that would split a surrogate pair. */
    private static String prefix(String text, int length) {
        if (length > 0 && Character.isHighSurrogate(text.charAt(length - 1))) {
            length--;
        }
        return text.substring(0, length);
    }
}
