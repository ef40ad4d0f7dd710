package com.sessionjar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.protocol.TransactionCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsWriterTest {
    @TempDir
    Path directory;

    @Test
    void holdsTheTransactionsAndCounters_userOnly_andReadsBack() throws Exception {
        Path file = directory.resolve("worker-1.stats.json");
        AtomicReference<TransactionCounts> transactions = new AtomicReference<>(new TransactionCounts(3, 2, 1, 4, 5));
        WorkerCounters counters = new WorkerCounters();
        counters.processed.set(7);
        counters.poisoned.set(1);
        StatsWriter stats = new StatsWriter(file, transactions::get, counters);

        stats.write();

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(15, json.path("transactions").path("total").asLong());
        assertEquals(7, json.path("requests").path("processed").asLong());
        assertEquals(1, json.path("requests").path("poisoned").asLong());
        assertEquals(new TransactionCounts(3, 2, 1, 4, 5), StatsFile.transactions(file));

        transactions.set(new TransactionCounts(30, 20, 10, 40, 50));
        stats.write();
        assertEquals(new TransactionCounts(30, 20, 10, 40, 50), StatsFile.transactions(file));
        assertFalse(Files.exists(directory.resolve("worker-1.stats.json.tmp")), "the file is replaced whole");
    }

    @Test
    void unchangedTotalsAreNotWrittenAgain() throws Exception {
        Path file = directory.resolve("worker-2.stats.json");
        StatsWriter stats = new StatsWriter(file, () -> TransactionCounts.NONE, new WorkerCounters());
        stats.write();
        Files.writeString(file, "{\"transactions\":{\"send\":99}}"); // changed behind its back

        stats.write();

        assertEquals(99, StatsFile.transactions(file).send(), "same totals: the file was left alone");
    }
}
