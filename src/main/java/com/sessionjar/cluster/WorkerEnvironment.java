package com.sessionjar.cluster;

import com.sessionjar.worker.WorkerSettings;
import java.util.Map;

/**
 * The environment every worker of a cluster gets, whoever provides the nodes: the user's
 * {@code EnvironmentVariables} plus the variables that point the worker at the session's queues.
 * It holds the queue connection string, so it goes to a process's environment, never its arguments.
 */
public final class WorkerEnvironment {
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
}
