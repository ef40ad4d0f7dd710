package com.sessionjar.bench;

import com.sessionjar.cluster.local.LocalSettings;
import com.sessionjar.it.SessionJar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark of issue 5: in each repetition the raw ceiling, then session.jar end to end on 1
 * and 2 nodes, unpacked and packed, all against one Azurite; optionally the idle probe. Run by
 * {@code src/test/sh/benchmark.sh}, which builds, starts that Azurite and sets
 * {@code SESSIONJAR_HOME} and {@code SESSIONJAR_AZURITE_PORT}.
 *
 * <p>Arguments: {@code N REPS [--idle] [-- extra client args]}. The report goes to stdout,
 * progress to stderr.
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int reps = Integer.parseInt(args[1]);
        boolean idle = false;
        List<String> extra = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--")) {
                extra.addAll(List.of(args).subList(i + 1, args.length));
                break;
            }
            if (!args[i].equals("--idle")) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "': expected N REPS [--idle] [-- client args]");
            }
            idle = true;
        }
        if (count < 1 || reps < 1) {
            throw new IllegalArgumentException("N (" + count + ") and REPS (" + reps + ") must be at least 1");
        }
        LocalSettings settings = LocalSettings.fromEnvironment();
        if (System.getenv(LocalSettings.HOME) == null || System.getenv(LocalSettings.AZURITE_PORT) == null) {
            throw new IllegalStateException("run it through src/test/sh/benchmark.sh: it sets " + LocalSettings.HOME + " and "
                    + LocalSettings.AZURITE_PORT + " to a home and an Azurite of the benchmark's own");
        }
        SessionJar jar = new SessionJar(settings.home(), settings.azuritePort());
        SessionJarRunner runner = new SessionJarRunner(jar, extra);
        RawRoundTrips raw = new RawRoundTrips(jar.connectionString());
        Report report = new Report(count);
        int warmUp = Math.max(100, Math.min(1000, count / 10));
        for (int rep = 1; rep <= reps; rep++) {
            raw.run(warmUp);
            record(report, rep, Scenario.RAW, raw.run(count));
            Map<Integer, String> sessions = new LinkedHashMap<>();
            try {
                for (int nodes : List.of(1, 2)) {
                    String id = runner.create(nodes);
                    sessions.put(nodes, id);
                    runner.send(id, warmUp, 1, false);
                }
                for (Scenario scenario : List.of(Scenario.E2E_1, Scenario.E2E_2, Scenario.PACKED_1, Scenario.PACKED_2)) {
                    record(report, rep, scenario, runner.send(sessions.get(scenario.nodes), count, scenario.pack, true)
                            .measurement());
                }
            } finally {
                for (String id : sessions.values()) {
                    runner.delete(id);
                }
            }
        }
        if (idle) {
            report.idle(new IdleProbe(runner).run());
        }
        report.lines().forEach(System.out::println);
    }

    private static void record(Report report, int rep, Scenario scenario, Measurement m) {
        report.add(scenario, m);
        System.err.printf(Locale.ROOT, "bench: rep %d %-20s %s rt/s, %s tx/rt, p50 %s ms, p99 %s ms, worker %s MB, client %s MB%n",
                rep, scenario.label, Figures.format(m.throughput(), 1), Figures.format(m.transactionsPerRt(), 2),
                Figures.format(m.p50Ms(), 1), Figures.format(m.p99Ms(), 1), Figures.format(m.workerRssMb(), 0),
                Figures.format(m.clientRssMb(), 0));
    }
}
