package com.sessionjar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.queue.StorageTransactions.Counts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsFileTest {
    @TempDir
    Path directory;

    @Test
    void holdsTheTransactionsAndCounters_userOnly_andReadsBack() throws Exception {
        Path file = directory.resolve("worker-1.stats.json");
        AtomicReference<Counts> transactions = new AtomicReference<>(new Counts(3, 2, 1, 4, 5));
        WorkerCounters counters = new WorkerCounters();
        counters.processed.set(7);
        counters.poisoned.set(1);
        StatsFile stats = new StatsFile(file, transactions::get, counters);

        stats.write();

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(15, json.path("transactions").path("total").asLong());
        assertEquals(7, json.path("requests").path("processed").asLong());
        assertEquals(1, json.path("requests").path("poisoned").asLong());
        assertEquals(new Counts(3, 2, 1, 4, 5), StatsFile.transactions(file));

        transactions.set(new Counts(30, 20, 10, 40, 50));
        stats.write();
        assertEquals(new Counts(30, 20, 10, 40, 50), StatsFile.transactions(file));
        assertFalse(Files.exists(directory.resolve("worker-1.stats.json.tmp")), "the file is replaced whole");
    }

    @Test
    void unchangedTotalsAreNotWrittenAgain() throws Exception {
        Path file = directory.resolve("worker-2.stats.json");
        StatsFile stats = new StatsFile(file, () -> Counts.NONE, new WorkerCounters());
        stats.write();
        Files.writeString(file, "{\"transactions\":{\"send\":99}}"); // changed behind its back

        stats.write();

        assertEquals(99, StatsFile.transactions(file).send(), "same totals: the file was left alone");
    }

    @Test
    void noFileYetMeansNoTransactions() throws Exception {
        assertEquals(Counts.NONE, StatsFile.transactions(directory.resolve("worker-9.stats.json")));
    }

    @Test
    void transactionsIn_sumsTheSessionsWorkers_andNothingElse() throws Exception {
        Files.writeString(directory.resolve(StatsFile.fileName(1)), "{\"transactions\":{\"send\":5,\"other\":1}}");
        Files.writeString(directory.resolve(StatsFile.fileName(2)), "{\"transactions\":{\"send\":7,\"delete\":2}}");
        Files.writeString(directory.resolve("worker-1.log"), "{\"transactions\":{\"send\":1000}}");
        Files.writeString(directory.resolve("worker-3.stats.json.tmp"), "{\"transactions\":{\"send\":1000}}");

        assertEquals(Optional.of(new Counts(12, 0, 2, 0, 1)), StatsFile.transactionsIn(directory));
    }

    @Test
    void transactionsIn_aSessionWithoutStatsFiles_isNotKnown() throws Exception {
        Files.writeString(directory.resolve("worker-1.log"), "started");
        assertEquals(Optional.empty(), StatsFile.transactionsIn(directory));
    }
}
