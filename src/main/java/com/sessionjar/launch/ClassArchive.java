package com.sessionjar.launch;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class-data-sharing archive of one build of session.jar on one JVM: a file under
 * {@code <cache>/cds} (the user's cache folder, {@code ~/.cache/session-jar} by default: it holds
 * nothing of any session, so every home shares it) whose name is a hash of the jar (path, size,
 * time) and of the JVM (home, version), so that a new jar or JDK gets an archive of its own and never a stale one. It is made
 * in two steps: a real command records the classes it loads ({@code -XX:DumpLoadedClassList}), then
 * a detached {@code java -Xshare:dump} writes the archive from that list into a temporary file,
 * renamed into place when complete. The dump runs none of our code and touches no session; if it
 * fails, there is simply no archive. The folder is user-only (0700), as is the archive (0600).
 */
final class ClassArchive {
    /** The first four bytes of a static archive: {@code 0xf00baba2}, little-endian. */
    private static final byte[] MAGIC = {(byte) 0xa2, (byte) 0xab, 0x0b, (byte) 0xf0};
    /** A build older than this is taken as dead (killed machine) and may be started again. */
    static final Duration BUILD_LOCK_AGE = Duration.ofMinutes(10);
    /** Archives of other builds not made for this long are deleted when a new one is built. */
    static final Duration UNUSED_AGE = Duration.ofDays(7);
    /** After a failed build, no other is tried for this long: a dump this JVM cannot make would fail again. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofDays(1);
    /** Renames the finished archive into place, or notes the failure, and cleans up whatever the dump did. */
    private static final String BUILD_SCRIPT = "list=$1 tmp=$2 final=$3 lock=$4 failed=$5; shift 5\n"
            + "if \"$@\" && [ -s \"$tmp\" ] && chmod 600 \"$tmp\" && mv -f \"$tmp\" \"$final\"; then rm -f \"$failed\";"
            + " else : > \"$failed\"; fi\n"
            + "rm -f \"$tmp\" \"$list\" \"$lock\"\n";

    private final Path directory;
    private final String key;
    private final Path jar;
    private final Path java;

    ClassArchive(Path directory, String key, Path jar, Path java) {
        this.directory = directory;
        this.key = key;
        this.jar = jar;
        this.java = java;
    }

    /** The archive of {@code jar} run by the JVM in {@code javaHome} (version {@code vmVersion}), under {@code cache}. */
    static ClassArchive of(Path cache, Path jar, Path javaHome, String vmVersion) throws IOException {
        String identity = jar.toAbsolutePath().normalize() + "|" + Files.size(jar) + "|"
                + Files.getLastModifiedTime(jar).toMillis() + "|" + javaHome + "|" + vmVersion;
        return new ClassArchive(cache.resolve("cds"), key(identity), jar.toAbsolutePath().normalize(),
                javaHome.resolve("bin").resolve("java"));
    }

    /** A 64-bit FNV-1a hash of {@code identity}, in hex: short, stable, and no crypto provider to load. */
    static String key(String identity) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : identity.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return String.format("%016x", hash);
    }

    /** The archive file, whether or not it exists yet. */
    Path file() {
        return directory.resolve("session-" + key + ".jsa");
    }

    Path directory() {
        return directory;
    }

    /**
     * Whether the archive exists and starts as a static archive does; one that does not is deleted,
     * so that the next send records a new one. What else the JVM finds wrong, it ignores
     * ({@code -Xshare:auto}); {@link #dropIfNotMapped} then deletes it too.
     */
    boolean usable() {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
                return true;
            }
        } catch (IOException e) {
            return false; // unreadable: left alone, and not used
        }
        deleteQuietly(file);
        return false;
    }

    /** Makes the user-only folder if need be; false if it cannot be made or written (then no archive). */
    boolean prepareDirectory() {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return Files.isWritable(directory);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Whether a build failed less than {@link #RETRY_AFTER_FAILURE} ago: then commands record nothing. */
    boolean failedRecently() {
        try {
            return Files.getLastModifiedTime(failedMarker()).toInstant().isAfter(Instant.now().minus(RETRY_AFTER_FAILURE));
        } catch (IOException e) {
            return false; // no marker
        }
    }

    private Path failedMarker() {
        return directory.resolve("session-" + key + ".failed");
    }

    /** Where the command of process {@code pid} records the classes it loads. */
    Path classList(long pid) {
        return directory.resolve("session-" + key + "." + pid + ".classlist");
    }

    /** The JVM options that make a run record its classes into {@code list}. */
    static List<String> recordOptions(Path list) {
        return List.of("-XX:DumpLoadedClassList=" + list);
    }

    /**
     * Starts, detached, the dump of the archive from the class list {@code list} (then deleted),
     * unless another is under way; returns whether it started. Its output goes to a log beside it.
     */
    boolean startBuild(Path list) {
        Path lock = directory.resolve("session-" + key + ".building");
        try {
            if (!takeLock(lock)) {
                Files.deleteIfExists(list);
                return false;
            }
            deleteOld();
            Path tmp = directory.resolve("session-" + key + ".jsa." + ProcessHandle.current().pid() + ".tmp");
            List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", BUILD_SCRIPT, "sh",
                    list.toString(), tmp.toString(), file().toString(), lock.toString(), failedMarker().toString()));
            command.addAll(dumpCommand(list, tmp));
            Path log = directory.resolve("session-" + key + ".log");
            Files.deleteIfExists(log);
            Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput(new File("/dev/null"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return true;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(lock);
            deleteQuietly(list);
            return false;
        }
    }

    /** The {@code java -Xshare:dump} that writes the archive of the classes in {@code list} to {@code output}. */
    List<String> dumpCommand(Path list, Path output) {
        return List.of(java.toString(), "-Xshare:dump", "-XX:SharedClassListFile=" + list,
                "-XX:SharedArchiveFile=" + output, "-XX:ErrorFile=" + directory.resolve("hs_err_%p.log"),
                "-cp", jar.toString());
    }

    /**
     * In the JVM started with the archive: deletes it if this JVM does not share classes after all
     * (a damaged or foreign file the JVM turned down), so that the next send makes a new one.
     */
    static void dropIfNotMapped(Path archive, String vmInfo) {
        if (vmInfo == null || !vmInfo.contains("sharing")) {
            deleteQuietly(archive);
        }
    }

    /** Creates the lock file; one older than {@link #BUILD_LOCK_AGE} is from a dead build and is taken over. */
    private static boolean takeLock(Path lock) throws IOException {
        try {
            Files.createFile(lock, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return true;
        } catch (FileAlreadyExistsException e) {
            FileTime made = Files.getLastModifiedTime(lock);
            if (made.toInstant().isAfter(Instant.now().minus(BUILD_LOCK_AGE))) {
                return false;
            }
            Files.setLastModifiedTime(lock, FileTime.from(Instant.now()));
            return true;
        }
    }

    /** Deletes the archives, lists and temporary files of other builds left for {@link #UNUSED_AGE}. */
    private void deleteOld() throws IOException {
        Instant old = Instant.now().minus(UNUSED_AGE);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                String name = path.getFileName().toString();
                if (name.startsWith("session-") && !name.startsWith("session-" + key)
                        && Files.getLastModifiedTime(path).toInstant().isBefore(old)) {
                    deleteQuietly(path);
                }
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Not ours to fix: an archive left is turned down by the JVM, a list left is overwritten.
        }
    }
}
