package com.sessionjar.protocol;

import com.sessionjar.BadInputException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads whole-number settings from environment variables, with errors that name the variable. */
public final class Settings {
    private static final Pattern ASCII_WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

    private Settings() {
    }

    /**
     * The value of {@code key} in {@code environment} as a number from {@code min} to {@code max},
     * or {@code defaultValue} when the variable is unset or blank.
     *
     * @throws BadInputException naming the variable, its value and the allowed range
     */
    public static long number(Map<String, String> environment, String key, long defaultValue, long min, long max) {
        String value = environment.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        // ASCII digits only: Long.parseLong takes any Unicode digit, which a reader of the config would not.
        if (ASCII_WHOLE_NUMBER.matcher(value.trim()).matches()) {
            try {
                long parsed = Long.parseLong(value.trim());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below, with the range
            }
        }
        throw new BadInputException(String.format(Locale.ROOT, "%s (%s) must be a whole number from %,d to %,d",
                key, value, min, max));
    }

    /** The value of {@code key}, or {@code defaultValue} when it is unset or blank. */
    public static String text(Map<String, String> environment, String key, String defaultValue) {
        String value = environment.get(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }
}
