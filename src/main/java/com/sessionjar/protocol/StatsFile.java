package com.sessionjar.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The format of a worker's stats file, {@value #VARIABLE}: its storage transactions by kind and
 * its request counters, as one JSON object, for whoever watches the worker (the local provider,
 * the benchmark). The worker writes it (user-only, replaced whole, so a reader never sees half of
 * it); clients and providers read it here.
 */
public final class StatsFile {
    /** Environment variable: the file a worker keeps its totals in (none if unset). */
    public static final String VARIABLE = "Worker__StatsFile";
    /** How often a worker writes its stats file while its totals change. */
    public static final Duration INTERVAL = Duration.ofMillis(250);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern FILE_NAME = Pattern.compile("worker-\\d+\\.stats\\.json");

    private StatsFile() {
    }

    /**
     * A worker's request counters.
     *
     * @param processed      requests whose reply was sent and that were then deleted
     * @param failed         service calls that failed (their requests were made visible again)
     * @param returned       requests made visible again, on failure or on stop
     * @param poisoned       requests moved to the poison queue (each answered with an error reply)
     * @param undeleted      requests answered whose delete then failed
     * @param renewalsFailed lease renewals that failed
     * @param dropped        replies dropped because their client had ended
     * @param expired        requests skipped, never called, because their run had ended
     */
    public record Requests(long processed, long failed, long returned, long poisoned, long undeleted, long renewalsFailed,
                           long dropped, long expired) {
        /** No requests counted. */
        public static final Requests NONE = new Requests(0, 0, 0, 0, 0, 0, 0, 0);

        /** Both counts together. */
        public Requests plus(Requests other) {
            return new Requests(processed + other.processed, failed + other.failed, returned + other.returned,
                    poisoned + other.poisoned, undeleted + other.undeleted, renewalsFailed + other.renewalsFailed,
                    dropped + other.dropped, expired + other.expired);
        }
    }

    /**
     * What a stats file holds: the worker's storage transactions and its request counters.
     *
     * @param transactions the storage transactions, by kind
     * @param requests     the request counters
     */
    public record Stats(TransactionCounts transactions, Requests requests) {
        /** Both workers' totals together. */
        public Stats plus(Stats other) {
            return new Stats(transactions.plus(other.transactions), requests.plus(other.requests));
        }
    }

    /** The file's JSON for {@code transactions} and {@code requests}. */
    public static String json(TransactionCounts transactions, Requests requests) {
        ObjectNode node = MAPPER.createObjectNode();
        node.set("transactions", MAPPER.createObjectNode()
                .put("send", transactions.send())
                .put("receive", transactions.receive())
                .put("delete", transactions.delete())
                .put("update", transactions.update())
                .put("other", transactions.other())
                .put("total", transactions.total()));
        node.set("requests", MAPPER.createObjectNode()
                .put("processed", requests.processed())
                .put("failed", requests.failed())
                .put("returned", requests.returned())
                .put("poisoned", requests.poisoned())
                .put("undeleted", requests.undeleted())
                .put("renewalsFailed", requests.renewalsFailed())
                .put("dropped", requests.dropped())
                .put("expired", requests.expired()));
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
    public static Optional<TransactionCounts> transactionsIn(Path directory) throws IOException {
        TransactionCounts total = null;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> FILE_NAME.matcher(f.getFileName().toString()).matches()).toList()) {
                TransactionCounts counts = transactions(file);
                total = total == null ? counts : total.plus(counts);
            }
        }
        return Optional.ofNullable(total);
    }

    /** The transactions a worker's stats file holds: none if there is no such file yet. */
    public static TransactionCounts transactions(Path file) throws IOException {
        return read(file).map(Stats::transactions).orElse(TransactionCounts.NONE);
    }

    /** What a worker's stats file holds; empty if there is no such file (yet: it is written once there is something to count). */
    public static Optional<Stats> read(Path file) throws IOException {
        try {
            return Optional.of(parse(Files.readString(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The stats in {@code json}, a stats file's text (read on this machine or passed on from a node);
     * a counter it lacks counts 0.
     *
     * @throws IOException if the text is not a JSON object
     */
    public static Stats parse(String json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("a stats file holds a JSON object, not: " + json);
        }
        JsonNode node = root.path("transactions");
        TransactionCounts transactions = new TransactionCounts(node.path("send").asLong(), node.path("receive").asLong(),
                node.path("delete").asLong(), node.path("update").asLong(), node.path("other").asLong());
        JsonNode counted = root.path("requests");
        Requests requests = new Requests(counted.path("processed").asLong(), counted.path("failed").asLong(),
                counted.path("returned").asLong(), counted.path("poisoned").asLong(), counted.path("undeleted").asLong(),
                counted.path("renewalsFailed").asLong(), counted.path("dropped").asLong(),
                counted.path("expired").asLong());
        return new Stats(transactions, requests);
    }
}
