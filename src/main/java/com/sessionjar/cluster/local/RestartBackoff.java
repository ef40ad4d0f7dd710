package com.sessionjar.cluster.local;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * When the supervisor may start a dead worker again. A worker that ran for a while and died is
 * restarted at once; one that died soon after it was started, or did not start, counts as a
 * failure, and each failure in a row doubles the wait (1 s, 2 s, 4 s, ... at most a minute), so a
 * worker that keeps crashing is retried less and less often, never in a tight loop.
 * Keyed by worker, e.g. {@code <session guid>/<n>}; not thread-safe (the supervisor has one thread).
 */
final class RestartBackoff {
    /** A worker that ran this long before it died did not crash at start-up: its restart is not delayed. */
    static final Duration STABLE = Duration.ofSeconds(30);
    /** The longest wait between two starts of a worker that keeps failing. */
    static final Duration LONGEST = Duration.ofMinutes(1);
    /** Failures in a row after which a worker is reported as crashing, not just restarted. */
    static final int REPORT_AFTER = 3;

    /** A worker's failures in a row, when it was last started, the dead pid last noted, and when it may start again. */
    private record Slot(int failures, Instant lastStart, long deadPid, Instant notBefore) {
    }

    private final Map<String, Slot> slots = new HashMap<>();

    /** Whether the dead worker {@code key} may be started at {@code now}. */
    boolean due(String key, Instant now) {
        Slot slot = slots.get(key);
        return slot == null || !now.isBefore(slot.notBefore);
    }

    /** Worker {@code key} was started at {@code now} and is polling. */
    void started(String key, Instant now) {
        slots.put(key, new Slot(failures(key), now, 0, now));
    }

    /**
     * Notes that worker {@code key}, process {@code pid}, was found dead at {@code now}; returns
     * false if that death was noted already. Its death is a failure if it had been started less
     * than {@link #STABLE} before; otherwise the count of failures starts again.
     */
    boolean noteDeath(String key, long pid, Instant now) {
        Slot slot = slots.get(key);
        if (slot != null && slot.deadPid == pid) {
            return false;
        }
        boolean early = slot != null && slot.lastStart != null && Duration.between(slot.lastStart, now).compareTo(STABLE) < 0;
        int failures = early ? slot.failures + 1 : 0;
        slots.put(key, new Slot(failures, null, pid, now.plus(delay(failures))));
        return true;
    }

    /** Worker {@code key} failed to start at {@code now}; returns the failures in a row so far. */
    int failed(String key, Instant now) {
        Slot slot = slots.get(key);
        int failures = failures(key) + 1;
        slots.put(key, new Slot(failures, null, slot == null ? 0 : slot.deadPid, now.plus(delay(failures))));
        return failures;
    }

    /** The failures in a row of worker {@code key}. */
    int failures(String key) {
        Slot slot = slots.get(key);
        return slot == null ? 0 : slot.failures;
    }

    /** How long after {@code now} worker {@code key} may be started again (zero if at once). */
    Duration wait(String key, Instant now) {
        Slot slot = slots.get(key);
        return slot == null || !now.isBefore(slot.notBefore) ? Duration.ZERO : Duration.between(now, slot.notBefore);
    }

    /** Forgets worker {@code key} (its session was deleted or scaled in). */
    void forget(String key) {
        slots.remove(key);
    }

    /** The wait after {@code failures} failures in a row: none after none, then 1 s, 2 s, 4 s, ... at most {@link #LONGEST}. */
    static Duration delay(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofSeconds(Math.min(1L << Math.min(failures - 1, 20), LONGEST.toSeconds()));
    }
}
