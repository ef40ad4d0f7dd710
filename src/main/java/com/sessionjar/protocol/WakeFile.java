package com.sessionjar.protocol;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The wake files of a local session, whose workers share the client's file system: touched by one
 * side, watched by the other with the kernel's file notifications, so a wake costs no storage
 * transaction. Each is a hint only: a wake that is lost costs latency, never a request.
 *
 * <ul>
 *   <li>{@value #NAME}, named to the workers by {@value #VARIABLE}: a client touches it after it
 *       sends, so that workers idling in their back-off poll at once instead of up to
 *       {@code Queues__QueryInterval} later;</li>
 *   <li>one per client run, named as the run's reply queue ({@link #ofRun}): the run makes it and
 *       watches it, and a worker touches it after it sends a reply there (if it exists), so the run
 *       receives at once instead of polling its reply queue.</li>
 * </ul>
 *
 * <p>They live in a folder of their own ({@value #FOLDER}, beside the session's record), which
 * nothing else changes; folder and files are user-only.
 */
public final class WakeFile {
    /** Environment variable: the file whose change makes the worker poll at once (none if unset). */
    public static final String VARIABLE = "Worker__WakeFile";
    /** The wake file's folder, in the session's folder. */
    public static final String FOLDER = "wake";
    /** The wake file's name, in {@link #FOLDER}. */
    public static final String NAME = "requests";

    private WakeFile() {
    }

    /** The workers' wake file of the session whose folder is {@code sessionDirectory}. */
    public static Path in(Path sessionDirectory) {
        return sessionDirectory.resolve(FOLDER).resolve(NAME);
    }

    /**
     * The wake file of the run whose reply queue is {@code replyQueue}, beside the workers' wake
     * file {@code workersFile}; empty for a name that is not a reply queue of {@code responseQueue}
     * (a request names its reply queue: no other file is ever touched).
     */
    public static Optional<Path> ofRun(Path workersFile, String responseQueue, String replyQueue) {
        return ReplyQueues.isReplyQueue(responseQueue, replyQueue)
                ? Optional.of(workersFile.resolveSibling(replyQueue)) : Optional.empty();
    }

    /** Touches {@code file} if it exists (a run that watches it); false, touching nothing, if not. */
    public static boolean touchIfExists(Path file) throws IOException {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Deletes the run wake files beside {@code workersFile} of runs that are gone: those named as a
     * reply queue of {@code responseQueue} that is not among the {@code live} ones, and untouched
     * since {@code before} (a run makes its queue before its file, so a file newer than a listing
     * may be a live run's). Returns how many; a folder that cannot be read deletes nothing.
     */
    public static int deleteGoneRuns(Path workersFile, String responseQueue, Set<String> live, Instant before) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(workersFile.getParent())) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (ReplyQueues.isReplyQueue(responseQueue, name) && !live.contains(name)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(before) && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            // the next sweep tries again
        }
        return deleted;
    }

    /** Makes {@code file}, user-only, if it is not there: a run's wake file, for workers to touch. */
    public static void create(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // a run id seen twice: the file serves both
        }
    }

    /**
     * Touches {@code file}: sets its modification time to now, or makes it (user-only) if it is
     * not there. Returns false, touching nothing, if its folder does not exist (a session made by
     * a version without wake files: its workers watch nothing).
     *
     * @throws IOException if the file system refuses
     */
    public static boolean touch(Path file) throws IOException {
        if (!Files.isDirectory(file.getParent())) {
            return false;
        }
        if (!touchIfExists(file)) {
            create(file); // its making wakes the workers as a touch does
        }
        return true;
    }
}
