package com.sessionjar.bench;

import com.sessionjar.protocol.StatsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What an idle worker costs and how fast it wakes: a 1-node session left alone for
 * {@value #SETTLE_S} s, its workers' storage transactions over the next {@value #WINDOW_S} s
 * (from their stats files), then the latency of the first request after the pause.
 */
final class IdleProbe {
    static final int SETTLE_S = 60;
    static final int WINDOW_S = 60;

    /**
     * @param transactionsPerSecond the worker's storage transactions per second while idle
     * @param firstReplyMs          the round trip of one request sent after the idle time
     */
    record Result(OptionalDouble transactionsPerSecond, OptionalDouble firstReplyMs) {
    }

    private final SessionJarRunner runner;

    IdleProbe(SessionJarRunner runner) {
        this.runner = runner;
    }

    Result run() throws IOException, InterruptedException {
        String id = runner.create(1);
        try {
            log("idle: session " + id + " created; " + SETTLE_S + " s to settle, then " + WINDOW_S + " s counted");
            Thread.sleep(Duration.ofSeconds(SETTLE_S).toMillis());
            OptionalLong before = workersTotal(runner.sessionDirectory(id));
            long start = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(WINDOW_S).toMillis());
            OptionalLong after = workersTotal(runner.sessionDirectory(id));
            double seconds = (System.nanoTime() - start) / 1e9;
            OptionalDouble rate = before.isPresent() && after.isPresent()
                    ? OptionalDouble.of((after.getAsLong() - before.getAsLong()) / seconds) : OptionalDouble.empty();
            SendSummary first = runner.send(id, 1, 1, false).summary();
            // With one request its median is its round trip; an older client without latencies gives its send time.
            OptionalDouble firstMs = first.p50Ms().isPresent() ? first.p50Ms()
                    : first.seconds().isPresent() ? OptionalDouble.of(first.seconds().getAsDouble() * 1000) : OptionalDouble.empty();
            return new Result(rate, firstMs);
        } finally {
            runner.delete(id);
        }
    }

    /** The total transactions of a session's workers, from their stats files; empty if they keep none. */
    private static OptionalLong workersTotal(Path sessionDirectory) throws IOException {
        return StatsFile.transactionsIn(sessionDirectory).map(counts -> OptionalLong.of(counts.total()))
                .orElse(OptionalLong.empty());
    }

    private static void log(String line) {
        System.err.println("bench: " + line);
    }
}
