package com.sessionjar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's memory from Linux's {@code /proc/<pid>/status}: {@code VmHWM}, the peak resident
 * set, and {@code VmRSS}, the current one.
 */
final class ProcStatus {
    static final String PEAK = "VmHWM";
    static final String CURRENT = "VmRSS";

    private ProcStatus() {
    }

    /** The value of {@code field} in kB (a line {@code VmHWM:\t  123456 kB}), or empty if it has none. */
    static OptionalLong kilobytes(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                String[] words = line.substring(field.length() + 1).trim().split("\\s+");
                if (words.length == 2 && words[1].equals("kB")) {
                    try {
                        return OptionalLong.of(Long.parseLong(words[0]));
                    } catch (NumberFormatException e) {
                        return OptionalLong.empty();
                    }
                }
            }
        }
        return OptionalLong.empty();
    }

    /** {@code field} of process {@code pid} in kB, or empty if the process is gone (or a zombie, which has none). */
    static OptionalLong kilobytes(long pid, String field) {
        try {
            return kilobytes(Files.readString(Path.of("/proc", Long.toString(pid), "status")), field);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
