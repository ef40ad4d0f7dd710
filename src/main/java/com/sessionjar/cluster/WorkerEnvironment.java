package com.sessionjar.cluster;

import com.sessionjar.protocol.WorkerSettings;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The environment every worker of a cluster gets, whoever provides the nodes: the user's
 * {@code EnvironmentVariables} plus the variables that point the worker at the session's queues.
 * It holds the queue connection string, so it goes to a process's environment, never its arguments.
 */
public final class WorkerEnvironment {
    /** What stands for a secret wherever one is shown: dry-run plans, redacted scripts. */
    public static final String REDACTED = "<redacted>";

    private WorkerEnvironment() {
    }

    /** The variables for a worker of a cluster running {@code config} on the given queues. */
    public static Map<String, String> of(ClusterConfig config, String connectionString, String requestQueue,
                                         String responseQueue) {
        Map<String, String> environment = config.environment();
        environment.put(WorkerSettings.QUEUE_TYPE, WorkerSettings.STORAGE_QUEUE);
        environment.put(WorkerSettings.CONNECTION_STRING, connectionString);
        environment.put(WorkerSettings.REQUEST_QUEUE, requestQueue);
        environment.put(WorkerSettings.RESPONSE_QUEUE, responseQueue);
        environment.put(WorkerSettings.MESSAGE_LEASE, Integer.toString(config.queueOptions().messageLease()));
        environment.put(WorkerSettings.MAX_DEQUEUE_COUNT, Integer.toString(config.queueOptions().maxDequeueCount()));
        environment.put(WorkerSettings.SERVICE, config.service());
        return environment;
    }

    /** The names among {@link #of}'s variables whose values are secrets: the connection string and every SecureValue. */
    public static Set<String> secretNames(ClusterConfig config) {
        Set<String> names = new LinkedHashSet<>();
        names.add(WorkerSettings.CONNECTION_STRING);
        config.environmentVariables().stream().filter(EnvironmentVariable::isSecure).map(EnvironmentVariable::name)
                .forEach(names::add);
        return names;
    }

    /** {@code environment} with the values of the {@code secret} names shown as {@link #REDACTED}. */
    public static Map<String, String> redacted(Map<String, String> environment, Set<String> secret) {
        Map<String, String> shown = new LinkedHashMap<>();
        environment.forEach((name, value) -> shown.put(name, secret.contains(name) ? REDACTED : value));
        return shown;
    }
}
