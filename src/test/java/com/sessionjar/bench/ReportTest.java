package com.sessionjar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final OptionalDouble NONE = OptionalDouble.empty();

    private static Measurement rate(double throughput) {
        return new Measurement(OptionalDouble.of(throughput), NONE, NONE, NONE, NONE, NONE);
    }

    private static Measurement e2e(double throughput, double tx, double workerMb, double clientMb) {
        return new Measurement(OptionalDouble.of(throughput), OptionalDouble.of(tx), OptionalDouble.of(10),
                OptionalDouble.of(20), OptionalDouble.of(workerMb), OptionalDouble.of(clientMb));
    }

    private static Target target(Report report, String prefix) {
        return report.targets().stream().filter(t -> t.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void ratio_isTakenWithinEachRepetition_thenItsMedian() {
        Report report = new Report(20_000);
        double[] raw = {100, 200, 300};
        double[] e2e = {90, 100, 290};
        for (int rep = 0; rep < 3; rep++) {
            report.add(Scenario.RAW, rate(raw[rep]));
            report.add(Scenario.E2E_1, rate(e2e[rep]));
        }
        // per repetition 0.9, 0.5, 0.967: median 0.9 (the ratio of the medians would be 100 / 200 = 0.5)
        assertEquals(0.9, report.ratio(Scenario.E2E_1, Scenario.RAW).getAsDouble(), 1e-9);
        Target target = target(report, "e2e / raw ceiling, 1 node");
        assertEquals(90, target.value().getAsDouble(), 1e-9);
        assertEquals("met", target.verdict());
    }

    @Test
    void targets_judgeTransactionsPackingAndMemory() {
        Report report = new Report(20_000);
        report.add(Scenario.RAW, rate(1000));
        report.add(Scenario.E2E_1, e2e(800, 4.1, 150, 250));
        report.add(Scenario.E2E_2, e2e(900, 4.3, 120, 240));
        report.add(Scenario.PACKED_1, e2e(9000, 0.2, 210, 200));
        report.add(Scenario.PACKED_2, e2e(8000, 0.2, 100, 200));
        assertEquals("not met", target(report, "e2e / raw ceiling, 1 node").verdict()); // 80 %
        assertEquals("met", target(report, "e2e / raw ceiling, 2 nodes").verdict()); // 90 %
        assertEquals("met", target(report, "storage transactions per round trip, 1 node").verdict());
        assertEquals("not met", target(report, "storage transactions per round trip, 2 nodes").verdict());
        assertEquals(11.25, target(report, "packed 32 / unpacked, 1 node").value().getAsDouble(), 1e-9);
        assertEquals("not met", target(report, "packed 32 / unpacked, 2 nodes").verdict()); // 8.9x
        assertEquals(210, target(report, "worker RSS").value().getAsDouble(), 1e-9); // the worst run
        assertEquals("not met", target(report, "worker RSS").verdict());
        assertEquals("met", target(report, "client RSS").verdict());
        assertTrue(report.targets().stream().noneMatch(t -> t.name().startsWith("idle")));
    }

    @Test
    void missingFigures_areNa() {
        Report report = new Report(2_000);
        report.add(Scenario.RAW, rate(1000));
        report.add(Scenario.E2E_1, rate(900));
        assertEquals("n/a", target(report, "storage transactions per round trip, 1 node").verdict());
        assertEquals("n/a", target(report, "e2e / raw ceiling, 2 nodes").verdict());
        List<String> lines = report.lines();
        assertTrue(lines.stream().anyMatch(l -> l.contains("targets are for --count 20,000, this ran 2,000")), lines::toString);
    }

    @Test
    void idle_addsItsTarget() {
        Report report = new Report(20_000);
        report.idle(new IdleProbe.Result(OptionalDouble.of(0.6), OptionalDouble.of(2500)));
        assertEquals("not met", target(report, "idle worker transactions/s").verdict());
        assertTrue(report.lines().stream().anyMatch(l -> l.contains("first reply after 120 s idle: 2500 ms")));
    }
}
