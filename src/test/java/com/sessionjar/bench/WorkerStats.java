package com.sessionjar.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The storage transactions of a local session's workers, from the {@code worker-<n>.stats.json}
 * files each worker rewrites about every second in the session's folder:
 * {@code {"transactions": {"send": .., "receive": .., "delete": .., "update": .., "other": .., "total": ..}, ...}}.
 * Read defensively: a worker that writes no such file (an older build) gives an empty figure.
 */
final class WorkerStats {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WorkerStats() {
    }

    /** {@code transactions.total} of one stats file's text, or empty if it has none. */
    static OptionalLong total(String json) {
        try {
            JsonNode total = MAPPER.readTree(json).path("transactions").path("total");
            return total.isIntegralNumber() ? OptionalLong.of(total.asLong()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty(); // caught mid-rewrite, or not JSON
        }
    }

    /** The sum of the totals of every worker of the session in {@code sessionDirectory}; empty if no worker has one. */
    static OptionalLong total(Path sessionDirectory) throws IOException {
        long sum = 0;
        boolean any = false;
        try (Stream<Path> files = Files.list(sessionDirectory)) {
            for (Path file : files.filter(WorkerStats::isStatsFile).toList()) {
                OptionalLong total = read(file);
                if (total.isPresent()) {
                    sum += total.getAsLong();
                    any = true;
                }
            }
        }
        return any ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    /** One file's total; a read that catches the file mid-rewrite is tried again, a few times. */
    private static OptionalLong read(Path file) throws IOException {
        for (int attempt = 1; ; attempt++) {
            OptionalLong total = total(Files.readString(file));
            if (total.isPresent() || attempt == 5) {
                return total;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return total;
            }
        }
    }

    static boolean isStatsFile(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith("worker-") && name.endsWith(".stats.json");
    }
}
