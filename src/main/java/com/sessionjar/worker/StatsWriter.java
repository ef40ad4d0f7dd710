package com.sessionjar.worker;

import com.sessionjar.DiskSpace;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.protocol.TransactionCounts;
import com.sessionjar.queue.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Writes a worker's {@link StatsFile}: user-only and replaced whole, so a reader never sees half
 * of it, and only when the totals changed. A write that fails leaves no temporary file behind.
 */
final class StatsWriter {
    private final Path file;
    private final Supplier<TransactionCounts> transactions;
    private final WorkerCounters counters;
    private String written; // guarded by this
    private boolean failing; // guarded by this: the last write failed (and said so)

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
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, json);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        written = json;
    }

    /**
     * Writes as {@link #write} does, saying a failure on {@code log} once, not at every try (a full
     * disk fails 4 times a second), and once more when the file can be written again.
     */
    synchronized void writeLogged(Logger log) {
        try {
            write();
            if (failing) {
                failing = false;
                log.info("The stats file {} is written again", file);
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("Cannot write the stats file {} ({}); trying again every {} ms", file,
                        DiskSpace.full(file.getParent()).orElse(Errors.oneLine(e)), StatsFile.INTERVAL.toMillis());
            }
        }
    }
}
