package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShellWordsTest {
    /**
     * Each case split as {@code eval "set -- TEXT"} splits it in dash (checked by hand), save that
     * nothing is expanded here and a newline separates words where sh would end the command.
     */
    static List<Arguments> cases() {
        return List.of(
                Arguments.of("", List.of()),
                Arguments.of("   \t\n ", List.of()),
                Arguments.of("-c", List.of("-c")),
                Arguments.of("  a   b\tc\nd  ", List.of("a", "b", "c", "d")),
                Arguments.of("'a b'  c", List.of("a b", "c")),
                Arguments.of("\"a  b\" c", List.of("a  b", "c")),
                Arguments.of("''", List.of("")),
                Arguments.of("a '' b \"\"", List.of("a", "", "b", "")),
                Arguments.of("pre'mid dle'post", List.of("premid dlepost")),
                Arguments.of("'it'\\''s'", List.of("it's")),
                Arguments.of("'a\\b \"c\"'", List.of("a\\b \"c\"")),
                Arguments.of("\"say \\\"hi\\\" \\\\ \\$HOME \\` \\n\"", List.of("say \"hi\" \\ $HOME ` \\n")),
                Arguments.of("\"it's\"", List.of("it's")),
                Arguments.of("a\\ b \\'c\\\" \\\\", List.of("a b", "'c\"", "\\")),
                Arguments.of("a\\\nb", List.of("ab")),
                Arguments.of("\"a\\\nb\"", List.of("ab")),
                Arguments.of("$HOME *.txt ~ a|b;c #x", List.of("$HOME", "*.txt", "~", "a|b;c", "#x")),
                Arguments.of("héllo 'wörld ✓'", List.of("héllo", "wörld ✓")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void split_likeAPosixShell(String text, List<String> words) {
        assertEquals(words, ShellWords.split(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'abc", "a 'b c", "\"abc", "a \"b\\\"", "'a'\"", "abc\\"})
    void split_unterminatedQuoteOrTrailingBackslash_isRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShellWords.split(text));
        assertTrue(e.getMessage().matches("(unterminated (single|double) quote|lone backslash).*index \\d+\\)?"),
                e.getMessage());
    }
}
