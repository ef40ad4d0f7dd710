package com.sessionjar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceTest {
    @TempDir
    Path folder;

    @Test
    void bytes_areSaidInTheLargestWholeUnit() {
        assertEquals("0 B", DiskSpace.bytes(0));
        assertEquals("1023 B", DiskSpace.bytes(1023));
        assertEquals("512 KB", DiskSpace.bytes(512 * 1024));
        assertEquals("1.5 MB", DiskSpace.bytes(1536 * 1024));
        assertEquals("20 MB", DiskSpace.bytes(20L * 1024 * 1024));
        assertEquals("12 GB", DiskSpace.bytes(12L * 1024 * 1024 * 1024 + 5));
    }

    @Test
    void saysNoSpace_findsTheOperatingSystemsWordsInAnyCause() {
        IOException enospc = new IOException("No space left on device");
        assertTrue(DiskSpace.saysNoSpace(new IllegalStateException("Cannot write x", new UncheckedIOException(enospc))));
        assertFalse(DiskSpace.saysNoSpace(new IOException("Permission denied")));
        assertFalse(DiskSpace.saysNoSpace(new IllegalStateException()));
    }

    @Test
    void full_isEmptyForAFileSystemWithRoom_evenForAPathNotMadeYet() {
        // The build's temporary folder has more than a megabyte free; a full one is DiskFullIT's (a 20 MB tmpfs).
        assertEquals(Optional.empty(), DiskSpace.full(folder));
        assertEquals(Optional.empty(), DiskSpace.full(folder.resolve("not").resolve("yet")));
    }
}
