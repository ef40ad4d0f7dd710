package com.sessionjar.cluster.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** The last lines of a log file, read from its end: a worker's log grows without bound. */
final class LogTail {
    private static final int BLOCK = 8192;

    private LogTail() {
    }

    /**
     * The last {@code count} lines of {@code file}, oldest first, without line ends.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file
     */
    static List<String> lastLines(Path file, int count) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("count (" + count + ") must be at least 1");
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = in.size();
            // A log's last line ends with a line end; that one ends no line of its own.
            if (end > 0 && byteAt(in, end - 1) == '\n') {
                end--;
            }
            // Back from the end, block by block, until count line ends are behind us or the file's start is.
            long start = end;
            int found = 0;
            ByteBuffer block = ByteBuffer.allocate(BLOCK);
            while (start > 0 && found < count) {
                int length = (int) Math.min(BLOCK, start);
                block.clear().limit(length);
                readFully(in, block, start - length);
                int i = length - 1;
                for (; i >= 0; i--) {
                    if (block.get(i) == '\n' && ++found == count) {
                        break;
                    }
                }
                start = i >= 0 ? start - length + i + 1 : start - length;
            }
            if (end == 0) {
                return List.of();
            }
            ByteBuffer tail = ByteBuffer.allocate((int) (end - start));
            readFully(in, tail, start);
            return new String(tail.array(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static int byteAt(FileChannel in, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        readFully(in, one, position);
        return one.get(0);
    }

    private static void readFully(FileChannel in, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = in.read(buffer, at);
            if (read < 0) {
                throw new IOException("the file became shorter while it was read");
            }
            at += read;
        }
    }
}
