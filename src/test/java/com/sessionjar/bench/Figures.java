package com.sessionjar.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/** The arithmetic of the benchmark: medians across repetitions, percentiles of latencies, ratios. */
final class Figures {
    private Figures() {
    }

    /** The median of the values present (the mean of the middle two for an even count); empty if none is. */
    static OptionalDouble median(List<OptionalDouble> values) {
        double[] present = values.stream().filter(Objects::nonNull).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).sorted().toArray();
        if (present.length == 0) {
            return OptionalDouble.empty();
        }
        int middle = present.length / 2;
        return OptionalDouble.of(present.length % 2 == 1 ? present[middle] : (present[middle - 1] + present[middle]) / 2);
    }

    /**
     * The {@code p}-th percentile (0 to 100) of {@code values} by the nearest-rank method: the
     * smallest value that at least {@code p} % of the values do not exceed. Sorts a copy.
     */
    static double percentile(long[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("percentile of no values");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("p (" + p + ") must be above 0 and at most 100");
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** {@code numerator / denominator} when both are present and the denominator is above 0. */
    static OptionalDouble ratio(OptionalDouble numerator, OptionalDouble denominator) {
        if (numerator.isEmpty() || denominator.isEmpty() || denominator.getAsDouble() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(numerator.getAsDouble() / denominator.getAsDouble());
    }

    /** {@code value} with {@code decimals} decimals, or "n/a" when absent. */
    static String format(OptionalDouble value, int decimals) {
        return value.isPresent() ? String.format(java.util.Locale.ROOT, "%." + decimals + "f", value.getAsDouble()) : "n/a";
    }
}
