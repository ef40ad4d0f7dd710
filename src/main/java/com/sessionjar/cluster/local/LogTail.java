package com.sessionjar.cluster.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last lines of a log file, read from its end: a worker's log grows without bound. */
final class LogTail {
    private static final int BLOCK = 8192;

    private LogTail() {
    }

    /** The last {@code count} lines of {@code file}, oldest first, without line ends. */
    static List<String> lastLines(Path file, int count) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("count (" + count + ") must be at least 1");
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = in.length();
            // A log's last line ends with a line end; that one ends no line of its own.
            if (end > 0 && byteAt(in, end - 1) == '\n') {
                end--;
            }
            // Back from the end, block by block, until count line ends are behind us or the file's start is.
            long start = end;
            int found = 0;
            byte[] block = new byte[BLOCK];
            while (start > 0 && found < count) {
                int length = (int) Math.min(BLOCK, start);
                in.seek(start - length);
                in.readFully(block, 0, length);
                int i = length - 1;
                for (; i >= 0; i--) {
                    if (block[i] == '\n' && ++found == count) {
                        break;
                    }
                }
                start = i >= 0 ? start - length + i + 1 : start - length;
            }
            byte[] tail = new byte[(int) (end - start)];
            in.seek(start);
            in.readFully(tail);
            Deque<String> lines = new ArrayDeque<>();
            if (tail.length > 0 || end > 0) {
                for (String line : new String(tail, StandardCharsets.UTF_8).split("\n", -1)) {
                    lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
                }
            }
            return List.copyOf(lines);
        }
    }

    private static int byteAt(RandomAccessFile in, long position) throws IOException {
        in.seek(position);
        return in.read();
    }
}
