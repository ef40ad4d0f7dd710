package com.sessionjar.bench;

import java.util.OptionalDouble;

/**
 * A figure the issue sets a bound on, and whether a measured value keeps it.
 *
 * @param name    what is measured, and on what
 * @param value   the measured value (empty: the run could not measure it)
 * @param limit   the bound
 * @param atMost  true for an upper bound (≤), false for a lower one (≥)
 * @param unit    the unit both are shown in, e.g. " MB", " %", "×"
 */
record Target(String name, OptionalDouble value, double limit, boolean atMost, String unit) {
    /** "met", "not met", or "n/a" when there is no value. */
    String verdict() {
        if (value.isEmpty()) {
            return "n/a";
        }
        double v = value.getAsDouble();
        return (atMost ? v <= limit : v >= limit) ? "met" : "not met";
    }

    /** One line: name, value, bound and verdict. */
    String line() {
        return String.format(java.util.Locale.ROOT, "%-44s %10s%s   target %s %s%s   %s", name,
                Figures.format(value, decimals(limit)), unit, atMost ? "<=" : ">=", Figures.format(OptionalDouble.of(limit),
                        decimals(limit)), unit, verdict());
    }

    private static int decimals(double limit) {
        return limit < 10 ? 2 : limit <= 100 ? 1 : 0;
    }
}
