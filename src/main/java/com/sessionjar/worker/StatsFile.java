package com.sessionjar.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionjar.queue.StorageTransactions.Counts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A worker's running totals in a file, {@value #VARIABLE}, for whoever watches the worker (the
 * local provider, the benchmark): its storage transactions by kind and its request counters, as
 * one JSON object. The file is user-only and replaced whole, so a reader never sees half of it.
 */
public final class StatsFile {
    /** Environment variable: the file a worker keeps its totals in (none if unset). */
    public static final String VARIABLE = "Worker__StatsFile";
    /** How often a worker writes its stats file while its totals change. */
    public static final Duration INTERVAL = Duration.ofMillis(250);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern FILE_NAME = Pattern.compile("worker-\\d+\\.stats\\.json");

    private final Path file;
    private final Supplier<Counts> transactions;
    private final WorkerCounters counters;
    private String written;

    /** A file at {@code file} holding what {@code transactions} and {@code counters} say when written. */
    public StatsFile(Path file, Supplier<Counts> transactions, WorkerCounters counters) {
        this.file = file;
        this.transactions = transactions;
        this.counters = counters;
    }

    /** Writes the totals, unless they are what the file already holds. */
    public synchronized void write() throws IOException {
        String json = json(transactions.get(), counters);
        if (json.equals(written)) {
            return;
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, json);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        written = json;
    }

    /** The file's JSON for {@code transactions} and {@code counters}. */
    static String json(Counts transactions, WorkerCounters counters) {
        ObjectNode node = MAPPER.createObjectNode();
        node.set("transactions", MAPPER.createObjectNode()
                .put("send", transactions.send())
                .put("receive", transactions.receive())
                .put("delete", transactions.delete())
                .put("update", transactions.update())
                .put("other", transactions.other())
                .put("total", transactions.total()));
        node.set("requests", MAPPER.createObjectNode()
                .put("processed", counters.processed())
                .put("failed", counters.failed())
                .put("returned", counters.returned())
                .put("poisoned", counters.poisoned())
                .put("undeleted", counters.undeleted())
                .put("renewalsFailed", counters.renewalsFailed())
                .put("dropped", counters.dropped()));
        return node.toString();
    }

    /** The name of worker {@code n}'s stats file in its session's folder: {@code worker-<n>.stats.json}. */
    public static String fileName(int n) {
        return "worker-" + n + ".stats.json";
    }

    /**
     * The transactions of the workers whose stats files ({@link #fileName}) are in {@code directory},
     * summed; empty if there is none (workers that keep no stats file: not known).
     */
    public static Optional<Counts> transactionsIn(Path directory) throws IOException {
        Counts total = null;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> FILE_NAME.matcher(f.getFileName().toString()).matches()).toList()) {
                Counts counts = transactions(file);
                total = total == null ? counts : total.plus(counts);
            }
        }
        return Optional.ofNullable(total);
    }

    /** The transactions a worker's stats file holds: none if there is no such file yet. */
    public static Counts transactions(Path file) throws IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree(Files.readString(file)).path("transactions");
        } catch (NoSuchFileException e) {
            return Counts.NONE;
        }
        return new Counts(node.path("send").asLong(), node.path("receive").asLong(), node.path("delete").asLong(),
                node.path("update").asLong(), node.path("other").asLong());
    }
}
