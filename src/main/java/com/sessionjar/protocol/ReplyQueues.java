package com.sessionjar.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reply queues of client runs. Every enveloped send run gets a queue of its own, named after
 * the session's response queue ({@code <response queue>-c<run>}), and says so in each request's
 * envelope ({@code to=}); workers answer there, so clients running at once on one session never
 * take each other's replies. The run deletes its queue when it ends.
 *
 * <p>A client that is killed cannot delete its queue, so each queue carries who made it in its
 * metadata: host, process id and process start, and a heartbeat the run renews every
 * {@link #BEAT_PERIOD}. The next run on the session deletes the queues whose run is gone: on this
 * host, a process that no longer runs; elsewhere, a heartbeat older than {@link #ORPHAN_AFTER}.
 * A run that counts the others (one whose window is split with them) deletes them as it starts,
 * and every worker does every {@link #SWEEP_PERIOD}; a small run (a single send) leaves them to
 * those, so that it costs no listing. Deleting the session deletes them all.
 */
public final class ReplyQueues {
    /** How often a run renews its queue's heartbeat. */
    public static final Duration BEAT_PERIOD = Duration.ofMinutes(1);
    /** A queue whose heartbeat is older than this belongs to a run that is gone. */
    public static final Duration ORPHAN_AFTER = Duration.ofMinutes(10);
    /** How often each worker deletes the queues of runs that are gone (one listing: 0.003 transactions/s). */
    public static final Duration SWEEP_PERIOD = Duration.ofMinutes(5);
    static final String HOST = "host";
    static final String PID = "pid";
    static final String STARTED = "started";
    static final String BEAT = "beat";

    private static final Pattern RUN = Pattern.compile("[0-9a-f]{8}");
    private static final int MAX_NAME = 63;

    private ReplyQueues() {
    }

    /** What every reply queue of the session with {@code responseQueue} starts with. */
    public static String prefix(String responseQueue) {
        String base = responseQueue.substring(0, Math.min(responseQueue.length(), MAX_NAME - 2 - 8));
        while (base.endsWith("-")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "-c";
    }

    /** The reply queue of run {@code run} (8 hex digits) of the session with {@code responseQueue}. */
    public static String name(String responseQueue, String run) {
        if (!RUN.matcher(run).matches()) {
            throw new IllegalArgumentException("A run id is 8 lowercase hex digits (was " + run + ")");
        }
        return prefix(responseQueue) + run;
    }

    /** Whether {@code queue} is a reply queue of the session with {@code responseQueue}. */
    public static boolean isReplyQueue(String responseQueue, String queue) {
        String prefix = prefix(responseQueue);
        return queue.startsWith(prefix) && RUN.matcher(queue.substring(prefix.length())).matches();
    }

    /** The metadata a run puts on its queue at {@code now}: this process and a heartbeat. */
    public static Map<String, String> ownerMetadata(Instant now) {
        ProcessHandle self = ProcessHandle.current();
        return Map.of(HOST, hostName(), PID, Long.toString(self.pid()), STARTED, startOf(self).map(Object::toString).orElse("0"),
                BEAT, Long.toString(now.getEpochSecond()));
    }

    /**
     * Whether the queue with {@code metadata} belongs to a run that is gone, seen at {@code now}
     * from this host: its process no longer runs here, or its heartbeat is older than
     * {@link #ORPHAN_AFTER}. A queue without a heartbeat (its metadata lost or changed) is gone too.
     */
    public static boolean isOrphan(Map<String, String> metadata, Instant now) {
        long beat = number(metadata.get(BEAT));
        if (beat < 0 || now.getEpochSecond() - beat > ORPHAN_AFTER.toSeconds()) {
            return true;
        }
        if (!hostName().equals(metadata.get(HOST))) {
            return false;
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(number(metadata.get(PID)));
        return owner.isEmpty() || !owner.get().isAlive()
                || !startOf(owner.get()).map(Object::toString).orElse("0").equals(metadata.get(STARTED));
    }

    /** When {@code process} started, in whole seconds since the epoch (as stable as /proc gives it). */
    private static Optional<Long> startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::getEpochSecond);
    }

    private static long number(String text) {
        try {
            return text == null ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** This machine's name, read without a DNS lookup where the kernel gives it. */
    static String hostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                return sanitized(Files.readString(kernel).strip());
            }
        } catch (IOException e) {
            // fall through to the environment
        }
        String fromEnvironment = System.getenv("HOSTNAME");
        return sanitized(fromEnvironment == null ? "unknown" : fromEnvironment);
    }

    /** A host name fit for a metadata value (an HTTP header): printable ASCII only. */
    private static String sanitized(String name) {
        String clean = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return clean.isEmpty() ? "unknown" : clean;
    }
}
