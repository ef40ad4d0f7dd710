package com.sessionjar.cluster.local;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A process this tool started, recorded so that a later run can find it again: its pid, its start
 * time and a marker in its command line. A pid alone is not enough, since pids are reused: a
 * process is only taken to be ours if all three still match.
 *
 * @param pid       the process id
 * @param startedAt the start time the operating system reports for it (an ISO-8601 instant)
 * @param marker    text its command line contains
 */
record ProcessRecord(long pid, String startedAt, String marker) {
    /** Records {@code process}, which was started with {@code marker} in its command line. */
    static ProcessRecord of(ProcessHandle process, String marker) {
        return new ProcessRecord(process.pid(), startOf(process), marker);
    }

    /** The process, if it is still running and still ours. */
    @JsonIgnore
    Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> !isZombie(pid))
                .filter(p -> startOf(p).equals(startedAt))
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false));
    }

    /** Whether the process is still running and still ours. */
    @JsonIgnore
    boolean isRunning() {
        return handle().isPresent();
    }

    /**
     * Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it (SIGKILL).
     * Returns false if it had to be killed. A process that is gone or no longer ours is left alone.
     */
    boolean stop(Duration grace) {
        Optional<ProcessHandle> process = handle();
        if (process.isEmpty()) {
            return true;
        }
        process.get().destroy();
        if (waitForExit(grace)) {
            return true;
        }
        process.get().destroyForcibly();
        waitForExit(Duration.ofSeconds(10));
        return false;
    }

    private boolean waitForExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning();
            }
        }
        return true;
    }

    private static String startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toString).orElse("unknown");
    }

    /** Whether the process is running, ours, and stopped (state T: SIGSTOP, or a debugger): it answers nothing. */
    @JsonIgnore
    boolean isStopped() {
        return isRunning() && state(pid) == 'T';
    }

    /**
     * Whether the process has exited but not been reaped: it keeps its pid, yet runs nothing.
     * A process whose parent is gone may stay so when no init process reaps orphans.
     */
    private static boolean isZombie(long pid) {
        return state(pid) == 'Z';
    }

    /** The process's state letter in /proc (R, S, T, Z, ...), or a blank if it cannot be read. */
    private static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : ' ';
        } catch (IOException e) {
            return ' ';
        }
    }
}
