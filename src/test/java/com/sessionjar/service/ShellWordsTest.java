package com.sessionjar.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {
    @Test
    void split_blanks_separateWords() {
        assertEquals(List.of("--port", "8080", "-v"), ShellWords.split("  --port\t8080 \n -v "));
    }

    @Test
    void split_nullOrBlank_isNoWords() {
        assertEquals(List.of(), ShellWords.split(null));
        assertEquals(List.of(), ShellWords.split("   "));
    }

    @Test
    void split_singleQuotes_keepEverythingInside() {
        assertEquals(List.of("a b", "$HOME \\n \"x\""), ShellWords.split("'a b' '$HOME \\n \"x\"'"));
    }

    @Test
    void split_doubleQuotes_dropTheBackslashBeforeQuoteBackslashDollarAndBacktick_only() {
        assertEquals(List.of("say \"hi\" \\ $ ` \\n"), ShellWords.split("\"say \\\"hi\\\" \\\\ \\$ \\` \\n\""));
    }

    @Test
    void split_quotedPartsJoinTheirWord_andEmptyQuotesAreAnEmptyWord() {
        assertEquals(List.of("--name=John Smith", "", "x"), ShellWords.split("--name='John Smith' \"\" x"));
    }

    @Test
    void split_backslashOutsideQuotes_keepsTheNextCharacter() {
        assertEquals(List.of("a b", "'"), ShellWords.split("a\\ b \\'"));
    }

    @Test
    void split_nothingIsExpanded() {
        assertEquals(List.of("$HOME", "*.txt", "~"), ShellWords.split("$HOME *.txt ~"));
    }

    @Test
    void split_unterminatedQuoteOrTrailingBackslash_isRefused_quotingTheLine() {
        IllegalArgumentException single = assertThrows(IllegalArgumentException.class, () -> ShellWords.split("a 'b c"));
        assertEquals("Arguments (a 'b c) have an unterminated single quote at index 2", single.getMessage());
        IllegalArgumentException doubled = assertThrows(IllegalArgumentException.class, () -> ShellWords.split("\"x\\\""));
        assertEquals("Arguments (\"x\\\") have an unterminated double quote at index 0", doubled.getMessage());
        IllegalArgumentException backslash = assertThrows(IllegalArgumentException.class, () -> ShellWords.split("a\\"));
        assertEquals("Arguments (a\\) end with a lone backslash", backslash.getMessage());
    }
}
