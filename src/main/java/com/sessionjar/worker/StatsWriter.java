package com.sessionjar.worker;

import com.sessionjar.protocol.StatsFile;
import com.sessionjar.protocol.TransactionCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Writes a worker's {@link StatsFile}: user-only and replaced whole, so a reader never sees half
 * of it, and only when the totals changed.
 */
final class StatsWriter {
    private final Path file;
    private final Supplier<TransactionCounts> transactions;
    private final WorkerCounters counters;
    private String written; // guarded by this

    /** A writer of {@code file} holding what {@code transactions} and {@code counters} say when written. */
    StatsWriter(Path file, Supplier<TransactionCounts> transactions, WorkerCounters counters) {
        this.file = file;
        this.transactions = transactions;
        this.counters = counters;
    }

    /** Writes the totals, unless they are what the file already holds. */
    synchronized void write() throws IOException {
        String json = StatsFile.json(transactions.get(), counters.snapshot());
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
}
