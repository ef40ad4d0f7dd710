package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
