package com.sessionjar.cluster.local;

import com.sessionjar.DiskSpace;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.NodeLog;
import com.sessionjar.cluster.NodeStatus;
import com.sessionjar.cluster.QueueDepth;
import com.sessionjar.cluster.QueueDepths;
import com.sessionjar.cluster.SessionStatus;
import com.sessionjar.cluster.SessionSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** What {@code --status}, {@code --logs} and {@code --list} see of local sessions: it reads, and starts nothing. */
record LocalInspector(LocalState state, Azurite azurite) {

    /**
     * Session {@code id} as it is: each worker's pid, whether it runs, its uptime and counters (from
     * its stats file), and the queues' depths if the session's Azurite is serving. Reads its record
     * without the lock (records are replaced whole) and starts nothing: a dead worker shows as dead.
     */
    SessionStatus status(LocalSessionRecord record) {
        ClusterId id = record.id();
        Path directory = state.sessionDirectory(id);
        List<NodeStatus> nodes = new ArrayList<>();
        for (int n = 1; n <= record.workers().size(); n++) {
            nodes.add(LocalWorkers.status(record.workers().get(n - 1), directory, n));
        }
        List<String> notes = new ArrayList<>();
        List<QueueDepth> queues = List.of();
        azurite.lostDataFolder().ifPresent(data -> notes.add(azurite.lostDataLine(data, "the session's queues were",
                "--delete " + id + " and create the session again")));
        DiskSpace.full(state.home()).ifPresent(full -> notes.add(full + ": free space, or the queue service and the workers"
                + " fail to write"));
        if (azurite.isServing()) {
            queues = QueueDepths.of(LocalClusterProvider.toCluster(record, azurite));
        } else {
            notes.add("queue depths not known: no Azurite serves on port " + record.azuritePort()
                    + " (the supervisor or the next --use of the session starts it)");
        }
        return SessionStatus.of(id, record.config().service(), nodes, queues, notes);
    }

    /**
     * The last {@code tail} lines of each worker's log file ({@code worker-<n>.log} in the session's
     * folder), then, unless one node is asked for, of the supervisor's (it serves every session here).
     */
    List<NodeLog> logs(LocalSessionRecord record, Integer node, int tail) {
        ClusterId id = record.id();
        int count = record.workers().size();
        List<String> names = IntStream.rangeClosed(1, count).mapToObj(Integer::toString).toList();
        if (node != null && (node < 1 || node > count)) {
            throw NodeLog.unknownNode(id, node, names);
        }
        Path directory = state.sessionDirectory(id);
        List<NodeLog> logs = new ArrayList<>((node == null ? IntStream.rangeClosed(1, count) : IntStream.of(node))
                .mapToObj(n -> LocalWorkers.log(directory, n, tail)).toList());
        if (node == null) {
            logs.add(LocalWorkers.log("supervisor", SupervisorProcess.logFile(state), tail));
        }
        return logs;
    }

    /** Every session recorded under the home folder, oldest first. */
    List<SessionSummary> list() {
        List<SessionSummary> sessions = new ArrayList<>();
        for (ClusterId id : state.sessionIds()) {
            try {
                state.readSession(id).ifPresent(record -> sessions.add(new SessionSummary(id, record.config().service(),
                        record.config().nodeCount(), record.created() == null ? null : Instant.parse(record.created()),
                        null)));
            } catch (UnreadableRecordException e) {
                sessions.add(new SessionSummary(id, null, 0, null, e.getMessage()));
            }
        }
        sessions.sort(Comparator.comparing(SessionSummary::created, Comparator.nullsFirst(Comparator.naturalOrder())));
        return sessions;
    }
}
