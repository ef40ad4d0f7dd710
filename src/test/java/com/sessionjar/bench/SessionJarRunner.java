package com.sessionjar.bench;

import com.sessionjar.it.SessionJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * Runs session.jar end to end as a user would ({@code java -jar target/session.jar}): creates
 * local echo sessions, sends through them with {@code --output json}, reads the summary and the
 * processes' memory, and deletes them.
 */
final class SessionJarRunner {
    private static final Duration SHORT = Duration.ofMinutes(3);
    private static final Duration SEND = Duration.ofMinutes(30);

    private final SessionJar jar;
    private final List<String> extraSendArgs;

    /** A runner on {@code jar}'s home and Azurite; {@code extraSendArgs} go on every measured send. */
    SessionJarRunner(SessionJar jar, List<String> extraSendArgs) {
        this.jar = jar;
        this.extraSendArgs = List.copyOf(extraSendArgs);
    }

    /** One send: the client's summary and the memory of the client and of the session's workers. */
    record Run(SendSummary summary, OptionalDouble workerRssMb, OptionalDouble clientRssMb) {
        Measurement measurement() {
            return new Measurement(summary.throughput(), summary.transactionsPerRt(), summary.p50Ms(), summary.p99Ms(),
                    workerRssMb, clientRssMb);
        }
    }

    /** Creates a local echo session of {@code nodes} workers and returns its id. */
    String create(int nodes) throws IOException, InterruptedException {
        Path config = jar.home().getParent().resolve("bench-" + nodes + "-nodes.json");
        Files.writeString(config, "{\"Service\": \"echo\", \"NodeCount\": " + nodes + "}\n");
        SessionJar.Result result = jar.run(SHORT, "--create", "--config", config.toString(), "--local");
        if (result.exitCode() != 0) {
            throw new IllegalStateException("session.jar --create failed: " + result);
        }
        return result.stdout().strip();
    }

    /** Sends {@code count} requests through session {@code id}, {@code pack} to a message, and checks every reply came. */
    Run send(String id, int count, int pack, boolean measured) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--use", id, "--send", "x", "--count", Integer.toString(count),
                "--output", "json"));
        if (pack > 1) {
            args.addAll(List.of("--pack", Integer.toString(pack)));
        }
        if (measured) {
            args.addAll(extraSendArgs);
        }
        Process process = jar.start(args.toArray(String[]::new));
        SessionJar.Result result;
        OptionalDouble clientRss;
        try (PeakRss peak = PeakRss.watch(process.toHandle())) {
            if (!process.waitFor(SEND.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                throw new IllegalStateException("session.jar " + String.join(" ", args) + " did not end within " + SEND);
            }
            result = SessionJar.result(process);
            clientRss = peak.totalMb();
        }
        if (result.exitCode() != 0) {
            throw new IllegalStateException("session.jar " + String.join(" ", args) + " failed: " + result);
        }
        SendSummary summary = SendSummary.parse(result.stdout());
        if (!summary.complete()) {
            throw new IllegalStateException("session.jar " + String.join(" ", args) + ": not every reply came back: "
                    + result.stdout());
        }
        return new Run(summary, workerPeakMb(id), clientRss);
    }

    /** The largest peak resident set among the session's live workers, MB. */
    static OptionalDouble workerPeakMb(String id) {
        return SessionJar.workersOf(id).stream()
                .map(pid -> ProcStatus.kilobytes(pid, ProcStatus.PEAK))
                .filter(java.util.OptionalLong::isPresent)
                .mapToDouble(kb -> kb.getAsLong() / 1024.0)
                .max();
    }

    /** The folder of session {@code id}, which holds its workers' logs and stats files. */
    Path sessionDirectory(String id) {
        return jar.sessionDirectory(id);
    }

    /** Deletes session {@code id}: its workers and queues. */
    void delete(String id) throws IOException, InterruptedException {
        SessionJar.Result result = jar.run(SHORT, "--delete", id);
        if (result.exitCode() != 0) {
            System.err.println("bench: session.jar --delete " + id + " failed: " + result);
        }
    }
}
