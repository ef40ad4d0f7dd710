package com.sessionjar.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path folder;

    @Test
    void lastLines_areTheLastCount_oldestFirst_withoutLineEnds() throws Exception {
        Path log = Files.writeString(folder.resolve("worker-1.log"), "one\ntwo\r\nthree\nfour\n");

        assertEquals(List.of("three", "four"), LogTail.lastLines(log, 2));
        assertEquals(List.of("one", "two", "three", "four"), LogTail.lastLines(log, 10), "fewer lines: all of them");
    }

    @Test
    void lastLines_ofALogLongerThanAReadBlock_findTheLinesAcrossBlocks() throws Exception {
        String text = IntStream.rangeClosed(1, 5000).mapToObj(i -> "line " + i + " of a long log")
                .collect(Collectors.joining("\n", "", "\n"));
        Path log = Files.writeString(folder.resolve("worker-1.log"), text);

        List<String> lines = LogTail.lastLines(log, 1200);

        assertEquals(1200, lines.size());
        assertEquals("line 3801 of a long log", lines.get(0));
        assertEquals("line 5000 of a long log", lines.get(1199));
    }

    @Test
    void lastLines_aLastLineWithoutItsEnd_countsAsALine_andAnEmptyLogHasNone() throws Exception {
        assertEquals(List.of("b", "c"), LogTail.lastLines(Files.writeString(folder.resolve("a.log"), "a\nb\nc"), 2));
        assertEquals(List.of(), LogTail.lastLines(Files.writeString(folder.resolve("empty.log"), ""), 5));
        assertEquals(List.of("é ü"), LogTail.lastLines(Files.writeString(folder.resolve("utf8.log"), "x\né ü\n"), 1));
    }

    @Test
    void lastLines_noFile_isNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> LogTail.lastLines(folder.resolve("missing.log"), 1));
    }
}
