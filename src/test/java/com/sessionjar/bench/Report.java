package com.sessionjar.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The benchmark's figures: for each scenario the median of each figure across repetitions, and
 * the targets with their verdicts. A ratio is taken within each repetition (both of its
 * figures measured minutes apart, under the same load) and then its median across repetitions.
 */
final class Report {
    private final int count;
    private final Map<Scenario, List<Measurement>> runs = new EnumMap<>(Scenario.class);
    private IdleProbe.Result idle;

    /** A report of runs of {@code count} round trips each. */
    Report(int count) {
        this.count = count;
        for (Scenario scenario : Scenario.values()) {
            runs.put(scenario, new ArrayList<>());
        }
    }

    /** Adds the measurement of {@code scenario} in the next repetition. */
    void add(Scenario scenario, Measurement measurement) {
        runs.get(scenario).add(measurement);
    }

    void idle(IdleProbe.Result result) {
        this.idle = result;
    }

    /** The median across repetitions of one figure of {@code scenario}. */
    OptionalDouble median(Scenario scenario, Function<Measurement, OptionalDouble> figure) {
        return Figures.median(runs.get(scenario).stream().map(figure).toList());
    }

    /** The median across repetitions of {@code numerator}'s throughput over {@code denominator}'s in the same repetition. */
    OptionalDouble ratio(Scenario numerator, Scenario denominator) {
        List<Measurement> top = runs.get(numerator);
        List<Measurement> bottom = runs.get(denominator);
        List<OptionalDouble> ratios = new ArrayList<>();
        for (int rep = 0; rep < Math.min(top.size(), bottom.size()); rep++) {
            ratios.add(Figures.ratio(top.get(rep).throughput(), bottom.get(rep).throughput()));
        }
        return Figures.median(ratios);
    }

    /** The largest value of one figure over every repetition of the end-to-end scenarios: the worst case. */
    private OptionalDouble worst(Function<Measurement, OptionalDouble> figure) {
        return runs.entrySet().stream().filter(e -> e.getKey() != Scenario.RAW).flatMap(e -> e.getValue().stream())
                .map(figure).filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).max();
    }

    /** The targets, measured. */
    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (Scenario e2e : List.of(Scenario.E2E_1, Scenario.E2E_2)) {
            OptionalDouble ratio = ratio(e2e, Scenario.RAW);
            targets.add(new Target("e2e / raw ceiling, " + e2e.nodesLabel(), percent(ratio), 85, false, " %"));
        }
        for (Scenario e2e : List.of(Scenario.E2E_1, Scenario.E2E_2)) {
            targets.add(new Target("storage transactions per round trip, " + e2e.nodesLabel(),
                    median(e2e, Measurement::transactionsPerRt), 4.2, true, ""));
        }
        for (Scenario packed : List.of(Scenario.PACKED_1, Scenario.PACKED_2)) {
            targets.add(new Target("packed 32 / unpacked, " + packed.nodesLabel(),
                    ratio(packed, packed.unpacked()), 10, false, "x"));
        }
        targets.add(new Target("worker RSS, largest peak", worst(Measurement::workerRssMb), 200, true, " MB"));
        targets.add(new Target(String.format(Locale.ROOT, "client RSS, %,d-request run (both JVMs)", count),
                worst(Measurement::clientRssMb), 300, true, " MB"));
        if (idle != null) {
            targets.add(new Target("idle worker transactions/s (after " + IdleProbe.SETTLE_S + " s idle)",
                    idle.transactionsPerSecond(), 0.5, true, ""));
        }
        return targets;
    }

    private static OptionalDouble percent(OptionalDouble ratio) {
        return ratio.isPresent() ? OptionalDouble.of(ratio.getAsDouble() * 100) : ratio;
    }

    /** The whole report, as printed: the table of medians, then one line per target. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        int reps = runs.get(Scenario.RAW).size();
        lines.add(String.format(Locale.ROOT, "session.jar benchmark: %,d round trips per scenario, median of %d repetition%s",
                count, reps, reps == 1 ? "" : "s"));
        lines.add(String.format(Locale.ROOT, "%-20s %9s %10s %7s %8s %8s %10s %10s", "scenario", "rt/s", "ratio",
                "tx/rt", "p50 ms", "p99 ms", "worker MB", "client MB"));
        for (Scenario scenario : Scenario.values()) {
            lines.add(String.format(Locale.ROOT, "%-20s %9s %10s %7s %8s %8s %10s %10s", scenario.label,
                    Figures.format(median(scenario, Measurement::throughput), 1), ratioColumn(scenario),
                    Figures.format(median(scenario, Measurement::transactionsPerRt), 2),
                    Figures.format(median(scenario, Measurement::p50Ms), 1),
                    Figures.format(median(scenario, Measurement::p99Ms), 1),
                    Figures.format(median(scenario, Measurement::workerRssMb), 0),
                    Figures.format(median(scenario, Measurement::clientRssMb), 0)));
        }
        lines.add("ratio: e2e over the raw ceiling, packed over unpacked, each within a repetition"
                + (count == 20_000 ? "" : String.format(Locale.ROOT, "; the issue's targets are for --count 20,000, this ran %,d", count)));
        if (idle != null) {
            lines.add("idle: first reply after " + (IdleProbe.SETTLE_S + IdleProbe.WINDOW_S) + " s idle: "
                    + Figures.format(idle.firstReplyMs(), 0) + " ms");
        }
        targets().forEach(target -> lines.add(target.line()));
        return lines;
    }

    private String ratioColumn(Scenario scenario) {
        Optional<Scenario> base = switch (scenario) {
            case RAW -> Optional.empty();
            case E2E_1, E2E_2 -> Optional.of(Scenario.RAW);
            case PACKED_1, PACKED_2 -> Optional.of(scenario.unpacked());
        };
        return base.map(b -> ratio(scenario, b)).map(r -> r.isPresent() ? Figures.format(r, 2) + "x" : "n/a").orElse("");
    }
}
