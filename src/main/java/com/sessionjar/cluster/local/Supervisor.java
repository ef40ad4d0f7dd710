package com.sessionjar.cluster.local;

import com.sessionjar.cluster.AutoScale;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.queue.Errors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local twin of a scale set, systemd and autoscale: every interval it restarts Azurite if it
 * stopped answering (same port, same data), restarts dead workers (with {@link RestartBackoff}),
 * and resizes sessions with {@code AutoScale} by {@link QueueScaling}. It reads records without
 * the lock, but changes workers only under {@link LocalState#lock()}, re-reading the record there,
 * so the CLI and the supervisor never race and the record stays the one truth. It stops itself
 * when no local session is left or another supervisor is recorded.
 */
final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final LocalState state;
    private final Azurite azurite;
    private final SessionWorkers workers;
    private final Duration interval;
    private final long self = ProcessHandle.current().pid();
    private final RestartBackoff backoff = new RestartBackoff();
    private final Map<ClusterId, QueueScaling> scaling = new HashMap<>();

    Supervisor(LocalSettings settings, Duration interval) {
        this.state = new LocalState(settings.home());
        this.azurite = new Azurite(settings, state);
        this.workers = new SessionWorkers(state, new LocalShares(settings.home()), azurite);
        this.interval = interval;
    }

    /** Supervises until it is no longer needed; a round that fails is logged and the next one tried. */
    void run() throws InterruptedException {
        LOG.info("Supervisor started (pid {}): checking Azurite on port {} and the sessions under {} every {} ms",
                self, azurite.port(), state.home(), interval.toMillis());
        while (true) {
            Thread.sleep(interval.toMillis());
            try {
                if (!stillNeeded()) {
                    return;
                }
                superviseAzurite();
                for (ClusterId id : state.sessionIds()) {
                    superviseSession(id);
                }
            } catch (RuntimeException e) {
                LOG.warn("Supervising failed this round: {}", Errors.oneLine(e));
            }
        }
    }

    /** Whether this process is still the recorded supervisor and a session is left; if not, it says why. */
    private boolean stillNeeded() {
        if (isRecorded() && !state.sessionIds().isEmpty()) {
            return true;
        }
        try (LocalState.Lock lock = state.lock()) {
            if (!isRecorded()) {
                LOG.info("Supervisor stopping: another supervisor is recorded in {}", SupervisorProcess.recordFile(state));
                return false;
            }
            if (state.sessionIds().isEmpty()) {
                LOG.info("Supervisor stopping: no local session is left");
                LocalState.deleteTree(SupervisorProcess.recordFile(state));
                return false;
            }
            return true;
        }
    }

    private boolean isRecorded() {
        return state.read(SupervisorProcess.recordFile(state), ProcessRecord.class).map(r -> r.pid() == self).orElse(false);
    }

    /** Starts Azurite again, on the same port and data, if it stopped answering. */
    private void superviseAzurite() {
        if (azurite.isServing()) {
            return;
        }
        try (LocalState.Lock lock = state.lock()) {
            if (state.sessionIds().isEmpty() || azurite.isServing()) {
                return;
            }
            LOG.warn("Azurite does not answer on 127.0.0.1:{}: starting it again, on its data", azurite.port());
            long start = System.nanoTime();
            azurite.ensureRunning();
            LOG.info("Azurite serves again on 127.0.0.1:{}, after {} ms", azurite.port(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    private void superviseSession(ClusterId id) {
        Optional<LocalSessionRecord> read;
        try {
            read = state.readSession(id);
        } catch (UnreadableRecordException e) {
            return; // the CLI reports it, and --delete removes the session without it
        }
        if (read.isEmpty() || read.get().azuritePort() != azurite.port()) {
            scaling.remove(id);
            return;
        }
        LocalSessionRecord record = read.get();
        Instant now = Instant.now();
        int size = record.workers().size();
        int target = target(record, now);
        boolean restart = false;
        for (int n = 1; n <= size; n++) {
            restart |= !record.workers().get(n - 1).isRunning() && backoff.due(key(id, n), now);
        }
        if (!restart && target == size) {
            return;
        }
        try (LocalState.Lock lock = state.lock()) {
            Optional<LocalSessionRecord> current = state.readSession(id);
            if (current.isEmpty()) {
                return;
            }
            record = restartDead(current.get(), Instant.now());
            if (record.workers().size() == size && target != size) {
                resize(record, target);
            }
        }
    }

    /** The nodes session {@code record} should have now: its size, unless {@code AutoScale} says otherwise. */
    private int target(LocalSessionRecord record, Instant now) {
        AutoScale autoScale = record.config().autoScale();
        if (autoScale == null) {
            return record.workers().size();
        }
        OptionalLong depth = LocalClusterProvider.toCluster(record, azurite).requests().approximateDepthIfExists();
        if (depth.isEmpty()) {
            return record.workers().size();
        }
        return scaling.computeIfAbsent(record.id(), id -> new QueueScaling())
                .target(record.workers().size(), record.config().nodeCount(), autoScale, depth.getAsLong(), now);
    }

    /** Starts the dead workers of {@code record} whose back-off allows it; returns the record as written. */
    private LocalSessionRecord restartDead(LocalSessionRecord record, Instant now) {
        ClusterId id = record.id();
        List<ProcessRecord> list = new ArrayList<>(record.workers());
        boolean changed = false;
        for (int n = 1; n <= list.size(); n++) {
            ProcessRecord worker = list.get(n - 1);
            String key = key(id, n);
            if (worker.isRunning()) {
                continue;
            }
            if (backoff.noteDeath(key, worker.pid(), now)) {
                LOG.warn("Worker {} of session {} (pid {}) is not running{}", n, id, worker.pid(),
                        backoff.failures(key) == 0 ? ": starting it again" : ", soon after its start: starting it again in "
                                + backoff.wait(key, now).toSeconds() + " s");
            }
            if (!backoff.due(key, now)) {
                continue;
            }
            long start = System.nanoTime();
            try {
                list.set(n - 1, workers.start(record.withWorkers(list), n, 1).get(0));
                backoff.started(key, Instant.now());
                LocalState.deleteTree(LocalWorkers.reportFile(state.sessionDirectory(id), n));
                changed = true;
                LOG.info("Restarted worker {} of session {}: pid {}, polling after {} ms", n, id, list.get(n - 1).pid(),
                        (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                reportFailedStart(id, n, e);
            }
        }
        if (!changed) {
            return record;
        }
        LocalSessionRecord updated = record.withWorkers(list);
        state.writeSession(updated);
        return updated;
    }

    private void reportFailedStart(ClusterId id, int n, RuntimeException e) {
        String key = key(id, n);
        int failures = backoff.failed(key, Instant.now());
        long wait = backoff.wait(key, Instant.now()).toSeconds();
        if (failures >= RestartBackoff.REPORT_AFTER) {
            // --status shows it too, in the dead worker's row.
            state.writeText(LocalWorkers.reportFile(state.sessionDirectory(id), n), "keeps crashing at start-up ("
                    + failures + " times in a row): " + Errors.oneLine(e) + "; the supervisor tries again at most every "
                    + RestartBackoff.LONGEST.toSeconds() + " s");
            LOG.error("Worker {} of session {} keeps crashing at start-up ({} times in a row): {}; next try in {} s"
                    + " (at most every {} s); fix the cause, or --update or --delete the session", n, id, failures,
                    Errors.oneLine(e), wait, RestartBackoff.LONGEST.toSeconds());
        } else {
            LOG.warn("Worker {} of session {} did not start: {}; next try in {} s", n, id, Errors.oneLine(e), wait);
        }
    }

    /** Scales session {@code record} to {@code target} nodes: new ones started last, or the last ones stopped (SIGTERM). */
    private void resize(LocalSessionRecord record, int target) {
        ClusterId id = record.id();
        List<ProcessRecord> list = new ArrayList<>(record.workers());
        int size = list.size();
        if (target > size) {
            String key = key(id, size + 1);
            if (!backoff.due(key, Instant.now())) {
                return;
            }
            try {
                list.addAll(workers.start(record, size + 1, target - size));
                backoff.started(key, Instant.now());
            } catch (RuntimeException e) {
                reportFailedStart(id, size + 1, e);
                return;
            }
            state.writeSession(record.withWorkers(list));
            LOG.info("Scaled session {} out from {} to {} node(s): its request queue is deeper than {} per node", id, size,
                    target, record.config().autoScale().requestsPerNode());
        } else {
            List<ProcessRecord> stopping = List.copyOf(list.subList(target, size));
            LocalWorkers.stop(stopping);
            list.subList(target, size).clear();
            state.writeSession(record.withWorkers(list));
            for (int n = target + 1; n <= size; n++) {
                backoff.forget(key(id, n));
            }
            LOG.info("Scaled session {} in from {} to {} node(s): its request queue stayed at most {} per remaining node for {} s",
                    id, size, target, record.config().autoScale().requestsPerNode(),
                    record.config().autoScale().scaleInAfterSeconds());
        }
    }

    private static String key(ClusterId id, int n) {
        return id.guid() + "/" + n;
    }
}
