package com.sessionjar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.protocol.TransactionCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.Proxy;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

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

    @Test
    void aWriteThatFails_leavesNoTemporaryFile_andIsLoggedOnceUntilItWorksAgain() throws Exception {
        Path file = directory.resolve("worker-3.stats.json");
        AtomicReference<TransactionCounts> transactions = new AtomicReference<>(new TransactionCounts(1, 0, 0, 0, 0));
        StatsWriter stats = new StatsWriter(file, transactions::get, new WorkerCounters());
        Files.createDirectory(file);
        Files.writeString(file.resolve("inside"), "x"); // cannot be replaced, as a full disk cannot take the bytes
        List<String> lines = new ArrayList<>();
        Logger log = recording(lines);

        for (int i = 2; i < 6; i++) {
            transactions.set(new TransactionCounts(i, 0, 0, 0, 0));
            stats.writeLogged(log);
        }
        assertEquals(1, lines.size(), "said once, not at every try: " + lines);
        assertFalse(Files.exists(directory.resolve("worker-3.stats.json.tmp")), "no half-written file left");

        Files.delete(file.resolve("inside"));
        Files.delete(file);
        stats.writeLogged(log);
        assertEquals(2, lines.size(), lines::toString);
        assertEquals(5, StatsFile.transactions(file).send());
    }

    /** A logger that keeps the level and pattern of each warn and info call in {@code lines}. */
    private static Logger recording(List<String> lines) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("warn") || method.getName().equals("info")) {
                        lines.add(method.getName() + " " + args[0]);
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
    }
}
