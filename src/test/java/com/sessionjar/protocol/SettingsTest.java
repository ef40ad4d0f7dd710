package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sessionjar.BadInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {
    @Test
    void number_asciiDigitsWithBlanksAround_isRead() {
        assertEquals(42, Settings.number(Map.of("N", " 42 "), "N", 1, 1, 100));
    }

    @Test
    void number_unsetOrBlank_isTheDefault() {
        assertEquals(7, Settings.number(Map.of(), "N", 7, 1, 100));
        assertEquals(7, Settings.number(Map.of("N", "  "), "N", 7, 1, 100));
    }

    /** Arabic-Indic 3, fullwidth 5, Devanagari 1: Long.parseLong reads each as a number; a worker must not. */
    @ParameterizedTest
    @ValueSource(strings = {"٣", "５", "१", "1٣", "4.0", "0x10", "1e3"})
    void number_notAsciiDigits_isRefusedNamingVariableAndRange(String value) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Settings.number(Map.of("Worker__Concurrency", value), "Worker__Concurrency", 10, 1, 10_000));

        assertEquals("Worker__Concurrency (" + value + ") must be a whole number from 1 to 10,000", e.getMessage());
    }
}
