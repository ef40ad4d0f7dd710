package com.sessionjar.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command-line string into words the way a POSIX shell does for words and quotes,
 * without running a shell.
 *
 * <p>Blanks (space, tab, newline) separate words (a shell would end the command at a newline);
 * {@code '...'} keeps everything inside as it is; {@code "..."} does too, except that a backslash there escapes {@code $ ` " \} and a newline;
 * outside quotes a backslash escapes the next character; a backslash before a newline joins lines.
 * Quotes next to other characters join the same word, and {@code ''} or {@code ""} is an empty word.
 * Nothing is expanded or interpreted: {@code $ ` * ? ~ # | ; & < >} are ordinary characters.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /**
     * The words of {@code text}; none when it is null or blank.
     *
     * @throws IllegalArgumentException on an unterminated quote or a trailing lone backslash,
     *                                  naming its index (not the text, which may hold a secret)
     */
    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words; // an unset variable: no arguments
        }
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\\') {
                if (i + 1 == text.length()) {
                    throw new IllegalArgumentException("lone backslash at the end (index " + i + ")");
                }
                if (text.charAt(i + 1) != '\n') { // backslash-newline vanishes: a continued line
                    word.append(text.charAt(i + 1));
                    inWord = true;
                }
                i += 2;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unterminated("single", i);
                }
                word.append(text, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(text, i, word);
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the contents of the double-quoted part opening at {@code open}; returns the index after it. */
    private static int doubleQuoted(String text, int open, StringBuilder word) {
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length() && "$`\"\\\n".indexOf(text.charAt(i + 1)) >= 0) {
                if (text.charAt(i + 1) != '\n') {
                    word.append(text.charAt(i + 1));
                }
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw unterminated("double", open);
    }

    private static IllegalArgumentException unterminated(String kind, int open) {
        return new IllegalArgumentException("unterminated " + kind + " quote opened at index " + open);
    }
}
