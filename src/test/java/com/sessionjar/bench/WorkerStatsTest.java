package com.sessionjar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerStatsTest {
    @Test
    void total_readsTransactionsTotal() {
        assertEquals(OptionalLong.of(42), WorkerStats.total(
                "{\"transactions\":{\"send\":10,\"receive\":12,\"delete\":10,\"update\":0,\"other\":10,\"total\":42},\"processed\":10}"));
    }

    @Test
    void total_withoutTheField_orNotJson_isEmpty() {
        assertTrue(WorkerStats.total("{\"processed\":10}").isEmpty());
        assertTrue(WorkerStats.total("{\"transactions\":{\"total\":\"many\"}}").isEmpty());
        assertTrue(WorkerStats.total("{\"transactions\":{\"tot").isEmpty());
    }

    @Test
    void total_ofASession_sumsItsWorkers(@TempDir Path session) throws IOException {
        Files.writeString(session.resolve("worker-1.stats.json"), "{\"transactions\":{\"total\":5}}");
        Files.writeString(session.resolve("worker-2.stats.json"), "{\"transactions\":{\"total\":7}}");
        Files.writeString(session.resolve("worker-1.log"), "{\"transactions\":{\"total\":1000}}");
        assertEquals(OptionalLong.of(12), WorkerStats.total(session));
    }

    @Test
    void total_ofASessionWithoutStatsFiles_isEmpty(@TempDir Path session) throws IOException {
        Files.writeString(session.resolve("worker-1.log"), "started");
        assertTrue(WorkerStats.total(session).isEmpty());
    }
}
