package com.sessionjar.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchiveTest {
    private static final byte[] STATIC_ARCHIVE_START = {(byte) 0xa2, (byte) 0xab, 0x0b, (byte) 0xf0, 0, 0, 0, 0};

    @TempDir
    Path temp;
    private Path home;
    private Path jar;
    private final Path javaHome = Path.of("/usr/lib/jvm/17");

    @BeforeEach
    void makeJar() throws IOException {
        home = temp.resolve("home");
        jar = Files.write(temp.resolve("session.jar"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    }

    private ClassArchive archive() throws IOException {
        return ClassArchive.of(home, jar, javaHome, "17.0.15+6");
    }

    @Test
    void file_isUnderTheHome_andTheSameForTheSameBuildAndJvm() throws IOException {
        assertEquals(home.resolve("cds"), archive().file().getParent());
        assertEquals(archive().file(), archive().file());
        assertTrue(archive().file().getFileName().toString().matches("session-[0-9a-f]{16}\\.jsa"));
    }

    @Test
    void file_changesWithTheJarOrTheJvm() throws IOException {
        Path before = archive().file();
        assertNotEquals(before, ClassArchive.of(home, jar, Path.of("/opt/jdk"), "17.0.15+6").file());
        assertNotEquals(before, ClassArchive.of(home, jar, javaHome, "17.0.16+8").file());
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));
        Path touched = archive().file();
        assertNotEquals(before, touched);
        Files.write(jar, new byte[] {1, 2, 3, 4});
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));
        assertNotEquals(touched, archive().file());
    }

    @Test
    void usable_onlyWhenTheFileStartsAsAStaticArchive() throws IOException {
        ClassArchive archive = archive();
        assertFalse(archive.usable());
        assertTrue(archive.prepareDirectory());
        Files.write(archive.file(), STATIC_ARCHIVE_START);
        assertTrue(archive.usable());
    }

    @Test
    void usable_deletesADamagedFile_soThatItIsMadeAgain() throws IOException {
        ClassArchive archive = archive();
        assertTrue(archive.prepareDirectory());
        Files.writeString(archive.file(), "half an archive");

        assertFalse(archive.usable());
        assertFalse(Files.exists(archive.file()));
    }

    @Test
    void dropIfNotMapped_deletesAnArchiveTheJvmTurnedDown() throws IOException {
        ClassArchive archive = archive();
        assertTrue(archive.prepareDirectory());
        Files.write(archive.file(), STATIC_ARCHIVE_START);

        ClassArchive.dropIfNotMapped(archive.file(), "mixed mode, emulated-client, sharing");
        assertTrue(Files.exists(archive.file()));
        ClassArchive.dropIfNotMapped(archive.file(), "mixed mode, emulated-client");
        assertFalse(Files.exists(archive.file()));
    }

    @Test
    void prepareDirectory_makesAUserOnlyFolder() throws IOException {
        ClassArchive archive = archive();
        assertTrue(archive.prepareDirectory());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.directory())));
    }

    @Test
    void prepareDirectory_fails_whenTheHomeCannotBeMade() throws IOException {
        Files.writeString(home, "a file where the home should be");
        assertFalse(archive().prepareDirectory());
    }

    @Test
    void startBuild_leavesTheArchiveToABuildUnderWay() throws IOException {
        ClassArchive archive = archive();
        assertTrue(archive.prepareDirectory());
        Path lock = archive.directory().resolve(archive.file().getFileName().toString().replace(".jsa", ".building"));
        Files.createFile(lock);
        Path list = Files.writeString(archive.classList(1), "java/lang/Object\n");

        assertFalse(archive.startBuild(list));
        assertFalse(Files.exists(list), "the list of a build not started is deleted");
        assertTrue(Files.exists(lock), "the other build's lock stays");
    }

    /** A dump this JVM cannot make is not tried on every command: the build notes its failure, and the archive waits a day. */
    @Test
    void aFailedBuild_isNotTriedAgainForADay() throws Exception {
        ClassArchive archive = new ClassArchive(home.resolve("cds"), "0123456789abcdef", jar, Path.of("/no/such/jdk"));
        assertTrue(archive.prepareDirectory());
        assertFalse(archive.failedRecently());
        Path list = Files.writeString(archive.classList(1), "java/lang/Object\n");

        assertTrue(archive.startBuild(list));
        Path lock = archive.directory().resolve("session-0123456789abcdef.building");
        for (int i = 0; i < 100 && Files.exists(lock); i++) {
            Thread.sleep(100);
        }
        assertFalse(Files.exists(lock), "the build is over");
        assertTrue(archive.failedRecently());
        assertFalse(Files.exists(archive.file()));
        assertFalse(Files.exists(list), "the list is deleted");
        Path failed = archive.directory().resolve("session-0123456789abcdef.failed");
        Files.setLastModifiedTime(failed, FileTime.from(Instant.now().minus(ClassArchive.RETRY_AFTER_FAILURE).minusSeconds(60)));
        assertFalse(archive.failedRecently());
    }

    @Test
    void dumpCommand_dumpsTheListOfThisJarWithThisJvm() throws IOException {
        ClassArchive archive = archive();
        Path list = archive.classList(7);
        List<String> command = archive.dumpCommand(list, temp.resolve("out.tmp"));

        assertEquals(javaHome.resolve("bin/java").toString(), command.get(0));
        assertTrue(command.containsAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + list,
                "-XX:SharedArchiveFile=" + temp.resolve("out.tmp"), "-cp", jar.toAbsolutePath().normalize().toString())),
                command::toString);
    }
}
