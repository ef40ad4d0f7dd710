package com.sessionjar.service;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line of arguments (an environment variable such as {@code GRPC_ServerArguments}) into
 * words the way {@code sh} does, for services that start programs; nothing is expanded.
 *
 * <p>Blanks separate words; {@code '...'} keeps everything inside as it is; {@code "..."} keeps
 * everything but {@code \"}, {@code \\}, {@code \$} and {@code \`}, which lose their backslash;
 * outside quotes a backslash keeps the next character as it is. {@code ''} is an empty word.
 * Variables, globs and {@code ~} are not expanded: the words go to the program unchanged.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /**
     * The words of {@code line}; none for a null or blank line.
     *
     * @throws IllegalArgumentException for an unterminated quote or a trailing backslash, quoting the line
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        if (line == null) {
            return words;
        }
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unterminated(line, "single quote", i);
                }
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '"') {
                i = doubleQuoted(line, i, word);
            } else if (c == '\\') {
                if (i + 1 == line.length()) {
                    throw new IllegalArgumentException("Arguments (" + line + ") end with a lone backslash");
                }
                word.append(line.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the double-quoted text that opens at {@code open} to {@code word}; returns the index of its closing quote. */
    private static int doubleQuoted(String line, int open, StringBuilder word) {
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                c = line.charAt(++i);
            }
            word.append(c);
        }
        throw unterminated(line, "double quote", open);
    }

    private static IllegalArgumentException unterminated(String line, String quote, int index) {
        return new IllegalArgumentException("Arguments (" + line + ") have an unterminated " + quote + " at index " + index);
    }
}
