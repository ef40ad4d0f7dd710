package com.sessionjar.cli;

import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * Whole-number options read from the ASCII digits 0 to 9 only. Java's own parsing, which picocli
 * uses, takes any Unicode digit ({@code --count ٣} would send 3): a value that reads as a number to
 * the tool and as something else to the user, or to a script, is refused instead.
 */
final class AsciiNumbers {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

    private AsciiNumbers() {
    }

    /**
     * Makes {@code commandLine} read its int and long options with {@link #parseLong}. The converters
     * are named classes, not lambdas: picocli's interfaces are Java 5 class files, and JDK 17's
     * dynamic class-data-sharing dump crashes on a lambda that implements one (the scripting recipe
     * in docs/scripting.md writes such an archive).
     */
    static void register(CommandLine commandLine) {
        commandLine.registerConverter(Long.class, new LongConverter());
        commandLine.registerConverter(long.class, new LongConverter());
        commandLine.registerConverter(Integer.class, new IntConverter());
        commandLine.registerConverter(int.class, new IntConverter());
    }

    /** Reads a long option with {@link #parseLong}. */
    private static final class LongConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parseLong(value);
        }
    }

    /** Reads an int option with {@link #parseInt}. */
    private static final class IntConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return parseInt(value);
        }
    }

    /**
     * {@code value} as a long.
     *
     * @throws TypeConversionException unless it is an optional sign and ASCII digits, within a long's range
     */
    static Long parseLong(String value) {
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            throw new TypeConversionException("'" + value + "' is not a whole number"
                    + (value.chars().anyMatch(Character::isDigit) ? " written with the digits 0-9" : ""));
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
    }

    /** {@code value} as an int, as {@link #parseLong} reads it. */
    static Integer parseInt(String value) {
        long parsed = parseLong(value);
        if (parsed != (int) parsed) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        return (int) parsed;
    }
}
