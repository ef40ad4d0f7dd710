package com.sessionjar;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code onWake} whenever a file is made or touched, on a daemon thread of its own that
 * sleeps in the kernel's file notifications (inotify on Linux): no polling, no storage
 * transaction. Workers watch their session's wake file, a client its run's (see the protocol's
 * {@code WakeFile}). It owns that thread and its watch service: {@link #start}, {@link #shutdown}.
 */
public final class WakeWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(WakeWatcher.class);

    private final Path file;
    private final Runnable onWake;
    private final WatchService watcher;
    private final Thread thread;

    private WakeWatcher(Path file, Runnable onWake, WatchService watcher, String threadName) {
        this.file = file;
        this.onWake = onWake;
        this.watcher = watcher;
        this.thread = new DaemonThreads(threadName).newThread(this::watch);
    }

    /**
     * Starts watching {@code file} (its folder is made, user-only, if missing) on a thread named
     * after {@code threadName}, running {@code onWake} on each change.
     *
     * @throws IOException if it cannot be watched
     */
    public static WakeWatcher start(Path file, Runnable onWake, String threadName) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path folder = absolute.getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        WatchService watcher = FileSystems.getDefault().newWatchService();
        try {
            folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException | RuntimeException e) {
            watcher.close();
            throw e;
        }
        WakeWatcher started = new WakeWatcher(absolute, onWake, watcher, threadName);
        started.thread.start();
        return started;
    }

    /** Stops watching; the thread ends at once. */
    public void shutdown() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("Closing the watch of {}: {}", file, e.toString());
        }
    }

    private void watch() {
        Path name = file.getFileName();
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean woken = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    // An overflow may have dropped the touch: waking once too often costs one poll.
                    woken |= event.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(event.context());
                }
                if (woken) {
                    onWake.run();
                }
                if (!key.reset()) {
                    LOG.warn("The folder of {} is gone: no more wakes, polling alone from now on", file);
                    return;
                }
            }
        } catch (ClosedWatchServiceException e) {
            // shut down
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
