package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WakeFileTest {
    private static final String RESPONSES = "clw-0a09cd6f-b1d2-4e21-936a-e70df80412f3-responses";

    @TempDir
    Path session;

    @Test
    void touch_makesTheFileUserOnly_thenMovesItsTime_andTouchesNothingWithoutItsFolder() throws Exception {
        Path file = WakeFile.in(session);
        assertFalse(WakeFile.touch(file), "no wake folder: a session whose workers watch nothing");
        assertFalse(Files.exists(file));

        Files.createDirectory(file.getParent());
        assertTrue(WakeFile.touch(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertTrue(WakeFile.touch(file));
        assertTrue(Files.getLastModifiedTime(file).toInstant().isAfter(Instant.parse("2025-01-01T00:00:00Z")));
    }

    @Test
    void ofRun_namesOnlyTheSessionsReplyQueues_besideTheWorkersFile() {
        Path workers = WakeFile.in(session);
        assertEquals(Optional.of(workers.resolveSibling(RESPONSES + "-c0000abcd")),
                WakeFile.ofRun(workers, RESPONSES, RESPONSES + "-c0000abcd"));
        for (String other : new String[] {"../../etc/passwd", RESPONSES, RESPONSES + "-c0000abcd/../x", "requests",
                "clw-other-responses-c0000abcd"}) {
            assertEquals(Optional.empty(), WakeFile.ofRun(workers, RESPONSES, other), other);
        }
    }

    @Test
    void touchIfExists_touchesARunsFile_andMakesNone() throws Exception {
        Path run = WakeFile.in(session).resolveSibling(RESPONSES + "-c0000abcd");
        Files.createDirectories(run.getParent());
        assertFalse(WakeFile.touchIfExists(run));
        assertFalse(Files.exists(run), "a worker never makes a run's file: a run that is gone made none");
        WakeFile.create(run);
        WakeFile.create(run); // twice: no harm
        assertTrue(WakeFile.touchIfExists(run));
    }

    @Test
    void deleteGoneRuns_deletesOldFilesOfRunsNotGoing_only() throws Exception {
        Path workers = WakeFile.in(session);
        Files.createDirectories(workers.getParent());
        WakeFile.touch(workers);
        Instant old = Instant.parse("2020-01-01T00:00:00Z");
        Path gone = workers.resolveSibling(RESPONSES + "-c00000001");
        Path going = workers.resolveSibling(RESPONSES + "-c00000002");
        Path fresh = workers.resolveSibling(RESPONSES + "-c00000003");
        for (Path file : new Path[] {gone, going, fresh}) {
            WakeFile.create(file);
        }
        Files.setLastModifiedTime(gone, FileTime.from(old));
        Files.setLastModifiedTime(going, FileTime.from(old));
        Files.setLastModifiedTime(workers, FileTime.from(old));

        int deleted = WakeFile.deleteGoneRuns(workers, RESPONSES, Set.of(going.getFileName().toString()),
                Instant.parse("2024-01-01T00:00:00Z"));

        assertEquals(1, deleted);
        assertFalse(Files.exists(gone));
        assertTrue(Files.exists(going) && Files.exists(fresh) && Files.exists(workers));
    }
}
