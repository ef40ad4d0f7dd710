package com.sessionjar.service;

import com.sessionjar.protocol.CgiReply;
import com.sessionjar.protocol.MessageText;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Builds a {@link CgiReply} whose JSON fits in a given number of bytes, cutting Stdout and
 * Stderr as little as possible and marking each cut with {@link CgiReply#TRUNCATED}.
 *
 * <p>Sizes are measured by serializing, not estimated, and as {@link MessageText} counts them: in
 * UTF-8 for a reply of ASCII only, as sent (XML escapes and all) for one with non-ASCII text; so
 * JSON escapes (a NUL byte takes six) and XML escapes (an {@code &} takes five when the reply has
 * non-ASCII text) are counted as the queue will see them.
 */
final class ReplyFitter {
    private ReplyFitter() {
    }

    /**
     * The reply for {@code outcome}, its JSON at most {@code maxBytes} as {@link MessageText} counts them.
     *
     * @throws IllegalStateException if even a reply with empty outputs would not fit
     */
    static CgiReply fit(ProgramRun.Outcome outcome, int maxBytes) {
        CgiReply whole = reply(outcome, outcome.stdout().shown(), outcome.stderr().shown());
        String json = whole.toJson();
        // Every reply below is measured the way the whole one is, so that the parts' sizes add up;
        // cutting never adds a non-ASCII character, so that never undercounts.
        boolean asSent = MessageText.utf8Length(json) != json.length();
        ToIntFunction<CgiReply> size = reply -> asSent ? MessageText.sentLength(reply.toJson())
                : MessageText.utf8Length(reply.toJson());
        if (size.applyAsInt(whole) <= maxBytes) {
            return whole;
        }
        int empty = size.applyAsInt(reply(outcome, "", ""));
        int room = maxBytes - empty;
        if (size.applyAsInt(reply(outcome, CgiReply.TRUNCATED, CgiReply.TRUNCATED)) > maxBytes) {
            throw new IllegalStateException("A CGI reply without output is already " + empty + " bytes; the most is "
                    + maxBytes);
        }
        // Half the room each, unless one output needs less: then the other may have the rest.
        int stdoutBytes = size.applyAsInt(reply(outcome, outcome.stdout().shown(), "")) - empty;
        int stderrBytes = size.applyAsInt(reply(outcome, "", outcome.stderr().shown())) - empty;
        int stdoutRoom = stdoutBytes <= room / 2 ? stdoutBytes : Math.max(room / 2, room - stderrBytes);
        String stdout = cut(outcome.stdout(), text -> size.applyAsInt(reply(outcome, text, "")) - empty <= stdoutRoom);
        String stderr = cut(outcome.stderr(), text -> size.applyAsInt(reply(outcome, stdout, text)) <= maxBytes);
        return reply(outcome, stdout, stderr);
    }

    private static CgiReply reply(ProgramRun.Outcome outcome, String stdout, String stderr) {
        return new CgiReply(outcome.exitCode(), stdout, stderr, outcome.failure());
    }

    /** The captured text as shown if it {@code fits}, else its longest prefix that does, marked. */
    private static String cut(CapturedText captured, Predicate<String> fits) {
        if (fits.test(captured.shown())) {
            return captured.shown();
        }
        String text = captured.text();
        int low = 0; // fits
        int high = text.length(); // the whole text does not fit
        while (high - low > 1) {
            int middle = (low + high) >>> 1;
            if (fits.test(prefix(text, middle) + CgiReply.TRUNCATED)) {
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
