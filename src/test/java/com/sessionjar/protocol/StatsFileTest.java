package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.protocol.TransactionCounts;
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
    void noFileYetMeansNoTransactions() throws Exception {
        assertEquals(TransactionCounts.NONE, StatsFile.transactions(directory.resolve("worker-9.stats.json")));
    }

    @Test
    void transactionsIn_sumsTheSessionsWorkers_andNothingElse() throws Exception {
        Files.writeString(directory.resolve(StatsFile.fileName(1)), "{\"transactions\":{\"send\":5,\"other\":1}}");
        Files.writeString(directory.resolve(StatsFile.fileName(2)), "{\"transactions\":{\"send\":7,\"delete\":2}}");
        Files.writeString(directory.resolve("worker-1.log"), "{\"transactions\":{\"send\":1000}}");
        Files.writeString(directory.resolve("worker-3.stats.json.tmp"), "{\"transactions\":{\"send\":1000}}");

        assertEquals(Optional.of(new TransactionCounts(12, 0, 2, 0, 1)), StatsFile.transactionsIn(directory));
    }

    @Test
    void transactionsIn_aSessionWithoutStatsFiles_isNotKnown() throws Exception {
        Files.writeString(directory.resolve("worker-1.log"), "started");
        assertEquals(Optional.empty(), StatsFile.transactionsIn(directory));
    }

    @Test
    void read_givesBackWhatJsonWrote_requestsAndTransactions() throws Exception {
        StatsFile.Requests requests = new StatsFile.Requests(400, 1, 2, 3, 4, 5, 6, 8);
        TransactionCounts transactions = new TransactionCounts(10, 20, 30, 40, 50);
        Path file = Files.writeString(directory.resolve(StatsFile.fileName(1)), StatsFile.json(transactions, requests));

        assertEquals(Optional.of(new StatsFile.Stats(transactions, requests)), StatsFile.read(file));
        assertEquals(Optional.empty(), StatsFile.read(directory.resolve(StatsFile.fileName(2))), "no file yet: not known");
    }

    @Test
    void parse_aCounterMissing_countsZero_andTheTextMustBeAnObject() throws Exception {
        StatsFile.Stats stats = StatsFile.parse("{\"requests\":{\"processed\":7}}");
        assertEquals(new StatsFile.Requests(7, 0, 0, 0, 0, 0, 0, 0), stats.requests());
        assertEquals(TransactionCounts.NONE, stats.transactions());

        assertThrows(java.io.IOException.class, () -> StatsFile.parse("active"));
    }

    @Test
    void stats_plus_addsEveryCounter() {
        StatsFile.Stats one = new StatsFile.Stats(new TransactionCounts(1, 2, 3, 4, 5), new StatsFile.Requests(1, 2, 3, 4, 5, 6, 7, 8));
        assertEquals(new StatsFile.Stats(new TransactionCounts(2, 4, 6, 8, 10), new StatsFile.Requests(2, 4, 6, 8, 10, 12, 14, 16)),
                one.plus(one));
    }
}
