package com.sessionjar;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a file system is full, said in words: the path, its free space and its size. Used where
 * a write fails (our own records, logs and stats) or the local queue service answers HTTP 500 (it
 * cannot write its data), so that a full disk is named as such rather than as a failed call.
 */
public final class DiskSpace {
    /**
     * A file system with less free than this counts as full: Azurite's next write of a queue's data,
     * a session record or a log line may not fit (and a user's "0 B free" is often a few KB).
     */
    public static final long NEARLY_FULL_BYTES = 1024 * 1024;
    /** What the operating system says when a write finds no room (ENOSPC). */
    private static final String NO_SPACE = "No space left on device";

    private DiskSpace() {
    }

    /**
     * {@code the file system of PATH is full (0 B free of 20 MB)} when the file system holding
     * {@code path} (or its nearest existing parent) has less than {@link #NEARLY_FULL_BYTES} free;
     * empty when it has more, or cannot be asked.
     */
    public static Optional<String> full(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty();
        }
        try {
            FileStore store = Files.getFileStore(existing);
            long free = store.getUsableSpace();
            if (free >= NEARLY_FULL_BYTES) {
                return Optional.empty();
            }
            return Optional.of("the file system of " + path + " is full (" + bytes(free) + " free of "
                    + bytes(store.getTotalSpace()) + ")");
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code e}, or one of its causes, is the operating system saying a write found no room. */
    public static boolean saysNoSpace(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(NO_SPACE)) {
                return true;
            }
        }
        return false;
    }

    /** {@code bytes} in words, e.g. {@code 0 B}, {@code 512 KB}, {@code 20 MB}, {@code 1.5 GB} (units of 1,024). */
    public static String bytes(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0 || value >= 10 || value == Math.floor(value)) {
            return Math.round(value) + " " + units[unit];
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
