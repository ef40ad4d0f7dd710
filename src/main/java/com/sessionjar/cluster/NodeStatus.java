package com.sessionjar.cluster;

import com.sessionjar.protocol.StatsFile;
import java.time.Duration;
import java.util.Objects;

/**
 * One node of a session as it is now: its worker and, on Azure, the VM under it. What a provider
 * cannot know is null: a local node has no VM, an Azure node's worker has no pid here.
 *
 * @param name              what {@code --logs ID --node N} takes: a local worker's number (1, 2, ...) or an Azure
 *                          scale set instance id (0, 1, ...)
 * @param workerState       local: {@code running} or {@code dead}; Azure: the worker unit's systemd state
 *                          ({@code active}, {@code activating}, {@code failed}, ...) or {@code unknown}
 * @param alive             whether the worker runs
 * @param pid               local: the worker's process id
 * @param uptime            how long the worker has run; null if it does not run or that is not known
 * @param provisioningState Azure: the VM's provisioning state ({@code succeeded}, {@code failed}, ...)
 * @param powerState        Azure: the VM's power state ({@code running}, {@code deallocated}, ...)
 * @param extensionStatus   Azure: the bootstrap extension's state ({@code succeeded}, {@code transitioning},
 *                          {@code failed: <its message's first line>})
 * @param counters          the worker's totals from its stats file; null if not known
 * @param problem           what could not be found out or is wrong, in one line; null if nothing
 */
public record NodeStatus(String name, String workerState, boolean alive, Long pid, Duration uptime,
                         String provisioningState, String powerState, String extensionStatus, StatsFile.Stats counters,
                         String problem) {
    /** The state of a local worker that runs. */
    public static final String RUNNING = "running";
    /** The state of a local worker that does not run (exited, or killed). */
    public static final String DEAD = "dead";
    /** The state of an Azure node's worker when run-command could not tell. */
    public static final String UNKNOWN = "unknown";

    public NodeStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workerState, "workerState");
    }

    /** Local worker {@code number}, process {@code pid}. */
    public static NodeStatus local(int number, long pid, boolean alive, Duration uptime, StatsFile.Stats counters,
                                   String problem) {
        return new NodeStatus(Integer.toString(number), alive ? RUNNING : DEAD, alive, pid, uptime, null, null, null,
                counters, problem);
    }

    /** Azure scale set instance {@code instanceId}; its worker is alive when its unit is {@code active}. */
    public static NodeStatus azure(String instanceId, String provisioningState, String powerState, String extensionStatus,
                                   String workerState, Duration uptime, StatsFile.Stats counters, String problem) {
        return new NodeStatus(instanceId, workerState, "active".equals(workerState), null, uptime, provisioningState,
                powerState, extensionStatus, counters, problem);
    }
}
