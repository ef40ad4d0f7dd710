package com.sessionjar.cluster;

import com.sessionjar.protocol.StatsFile;
import java.util.List;
import java.util.Objects;

/**
 * What a session is doing now: its nodes, its queues' depths and its workers' totals. Taken by
 * looking only: nothing is started, restarted or changed.
 *
 * @param id       the session's id
 * @param provider {@code local} or {@code azure}
 * @param service  the service its workers run
 * @param nodes    each node, in order
 * @param queues   each queue with its depth; empty if the queue service could not be asked (see notes)
 * @param counters the totals of the workers whose counters are known; null if none is
 * @param notes    what could not be found out about the session as a whole, a line each
 */
public record SessionStatus(ClusterId id, String provider, String service, List<NodeStatus> nodes, List<QueueDepth> queues,
                            StatsFile.Stats counters, List<String> notes) {
    public SessionStatus {
        Objects.requireNonNull(id, "id");
        nodes = List.copyOf(nodes);
        queues = List.copyOf(queues);
        notes = List.copyOf(notes);
    }

    /** The status of session {@code id}, its counters summed from its nodes'. */
    public static SessionStatus of(ClusterId id, String service, List<NodeStatus> nodes, List<QueueDepth> queues,
                                   List<String> notes) {
        StatsFile.Stats total = nodes.stream().map(NodeStatus::counters).filter(Objects::nonNull)
                .reduce(StatsFile.Stats::plus).orElse(null);
        return new SessionStatus(id, providerOf(id), service, nodes, queues, total, notes);
    }

    /** {@code local} or {@code azure}: where the session {@code id} runs, as status and list name it. */
    public static String providerOf(ClusterId id) {
        return id.isLocal() ? "local" : "azure";
    }
}
