package com.sessionjar.cluster.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.ClusterConfigReader;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.queue.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The files under the local home directory: one folder per session with its record and worker
 * logs, and Azurite's folder. Folders are user-only (0700) and files user-only (0600): a session
 * record holds the config, secure values included. Changes are made under {@link #lock()}, which
 * excludes other session.jar processes as well as other threads.
 */
final class LocalState {
    private static final Set<PosixFilePermission> USER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> USER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final Path home;
    private final ObjectMapper mapper = ClusterConfigReader.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    LocalState(Path home) {
        this.home = home;
    }

    Path home() {
        return home;
    }

    Path sessionDirectory(ClusterId id) {
        return home.resolve("sessions").resolve(id.guid().toString());
    }

    Path azuriteDirectory() {
        return home.resolve("azurite");
    }

    /** Takes the home directory's lock; close the result to release it. */
    Lock lock() {
        IN_PROCESS.lock();
        try {
            createDirectories(home);
            FileChannel channel = FileChannel.open(home.resolve(".lock"),
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(USER_ONLY_FILE));
            return new Lock(channel, channel.lock());
        } catch (IOException e) {
            IN_PROCESS.unlock();
            throw new InfrastructureException("Cannot lock " + home + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            IN_PROCESS.unlock();
            throw e;
        }
    }

    /** The lock on the home directory. */
    static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                IN_PROCESS.unlock();
            }
        }
    }

    Optional<LocalSessionRecord> readSession(ClusterId id) {
        return read(sessionDirectory(id).resolve("session.json"), LocalSessionRecord.class);
    }

    void writeSession(LocalSessionRecord record) {
        write(sessionDirectory(record.id()).resolve("session.json"), record);
    }

    void removeSession(ClusterId id) {
        deleteTree(sessionDirectory(id));
    }

    /** The ids of the sessions recorded here. */
    List<ClusterId> sessionIds() {
        Path sessions = home.resolve("sessions");
        List<ClusterId> ids = new ArrayList<>();
        if (!Files.isDirectory(sessions)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(sessions)) {
            for (Path entry : entries) {
                if (Files.exists(entry.resolve("session.json"))) {
                    ids.add(new ClusterId(ClusterId.LOCAL, UUID.fromString(entry.getFileName().toString())));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InfrastructureException("Cannot list the sessions in " + sessions + ": " + e.getMessage(), e);
        }
        return ids;
    }

    <T> Optional<T> read(Path file, Class<T> type) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(file.toFile(), type));
        } catch (IOException e) {
            throw new UnreadableRecordException(file, e);
        }
    }

    /** Writes {@code value} as JSON to {@code file}, user-only, replacing it atomically. */
    void write(Path file, Object value) {
        try {
            writeBytes(file, mapper.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new InfrastructureException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} to {@code file}, user-only, replacing it atomically. */
    void writeText(Path file, String text) {
        try {
            writeBytes(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InfrastructureException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeBytes(Path file, byte[] bytes) throws IOException {
        createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(USER_ONLY_FILE));
            Files.write(temporary, bytes);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Half-written (a full disk, say): gone, so that no later command finds it; the file itself is as it was.
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Creates {@code directory} and its missing parents below the home, each user-only. */
    static void createDirectories(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Path parent = directory.getParent();
                if (parent != null) {
                    createDirectories(parent);
                }
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(USER_ONLY_DIR));
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // created meanwhile by another process: fine
        } catch (IOException e) {
            throw new InfrastructureException("Cannot create " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Creates (or truncates nothing of) a user-only file, for logs that processes append to. */
    static Path userOnlyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(USER_ONLY_FILE));
            }
            return file;
        } catch (IOException e) {
            throw new InfrastructureException("Cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new InfrastructureException("Cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
