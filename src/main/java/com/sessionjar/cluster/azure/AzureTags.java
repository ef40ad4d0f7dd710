package com.sessionjar.cluster.azure;

import com.sessionjar.BadInputException;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.AutoScale;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.EnvironmentVariable;
import com.sessionjar.cluster.NodeOptions;
import com.sessionjar.cluster.QueueOptions;
import com.sessionjar.protocol.WorkerSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tags of an Azure session's resource group: what {@code --use}, {@code --update} and
 * {@code --delete} need to find and rebuild the session with no local state. Tags are readable by
 * anyone with read access to the subscription, so they never carry a secret or any user variable
 * but {@code Worker__Concurrency}.
 */
final class AzureTags {
    static final String ID = "sessionjar-id";
    static final String SERVICE = "sessionjar-service";
    static final String NODE_COUNT = "sessionjar-node-count";
    static final String REQUEST_QUEUE = "sessionjar-request-queue";
    static final String RESPONSE_QUEUE = "sessionjar-response-queue";
    static final String MESSAGE_LEASE = "sessionjar-message-lease";
    static final String MAX_DEQUEUE_COUNT = "sessionjar-max-dequeue-count";
    /** Only when the config sets {@code Worker__Concurrency} as a plain {@code Value}. */
    static final String WORKER_CONCURRENCY = "sessionjar-worker-concurrency";
    static final String VM_SIZE = "sessionjar-vm-size";
    static final String VERSION = "sessionjar-version";
    /** Only with {@code AutoScale}: its three figures. */
    static final String MAX_NODE_COUNT = "sessionjar-max-node-count";
    static final String REQUESTS_PER_NODE = "sessionjar-requests-per-node";
    static final String SCALE_IN_AFTER_SECONDS = "sessionjar-scale-in-after-seconds";

    private AzureTags() {
    }

    /** The tags of the resource group of session {@code id} running {@code config} on {@code vmSize} nodes. */
    static Map<String, String> of(ClusterId id, ClusterConfig config, String vmSize, String version) {
        QueueOptions queues = config.queueOptions();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(ID, id.toString());
        tags.put(SERVICE, config.service());
        tags.put(NODE_COUNT, Integer.toString(config.nodeCount()));
        tags.put(REQUEST_QUEUE, queues.requestQueueName());
        tags.put(RESPONSE_QUEUE, queues.responseQueueName());
        tags.put(MESSAGE_LEASE, Integer.toString(queues.messageLease()));
        tags.put(MAX_DEQUEUE_COUNT, Integer.toString(queues.maxDequeueCount()));
        // A SecureValue stays out even here: whoever made it secret meant it.
        config.environmentVariables().stream()
                .filter(v -> WorkerSettings.CONCURRENCY.equals(v.name()) && !v.isSecure() && v.value() != null)
                .findFirst()
                .ifPresent(v -> tags.put(WORKER_CONCURRENCY, v.value()));
        tags.put(VM_SIZE, vmSize);
        tags.put(VERSION, version);
        AutoScale scale = config.autoScale();
        if (scale != null) {
            tags.put(MAX_NODE_COUNT, Integer.toString(scale.maxNodeCount()));
            tags.put(REQUESTS_PER_NODE, Integer.toString(scale.requestsPerNode()));
            tags.put(SCALE_IN_AFTER_SECONDS, Integer.toString(scale.scaleInAfterSeconds()));
        }
        return tags;
    }

    /**
     * The config a resource group's {@code tags} describe: service, node count, queue options,
     * {@code Worker__Concurrency} as a plain variable, the VM size as {@code NodeOptions.VmSize} and {@code AutoScale}.
     * File shares and other variables are not in tags, so the config has none.
     *
     * @throws InfrastructureException naming the resource group and the first tag missing or not a number
     */
    static ClusterConfig configOf(Map<String, String> tags, String subscriptionId, String location) {
        String group = group(tags);
        List<EnvironmentVariable> variables = tag(tags, WORKER_CONCURRENCY) == null ? List.of()
                : List.of(new EnvironmentVariable(WorkerSettings.CONCURRENCY, tag(tags, WORKER_CONCURRENCY), null));
        QueueOptions queues = new QueueOptions(required(tags, REQUEST_QUEUE, group), required(tags, RESPONSE_QUEUE, group),
                number(tags, MESSAGE_LEASE, group), number(tags, MAX_DEQUEUE_COUNT, group));
        return new ClusterConfig(subscriptionId, location, required(tags, SERVICE, group), variables, List.of(),
                number(tags, NODE_COUNT, group), new NodeOptions(null, null, null, required(tags, VM_SIZE, group)),
                queues, autoScale(tags, group));
    }

    /**
     * Whether the tags say the session has {@code AutoScale}: read alone, so that a tag changed by hand cannot stop
     * a delete.
     */
    static boolean autoScaled(Map<String, String> tags) {
        return tags != null && tag(tags, MAX_NODE_COUNT) != null;
    }

    /** The {@code AutoScale} the tags hold, or null: a session made without it, or by a session.jar before it. */
    private static AutoScale autoScale(Map<String, String> tags, String group) {
        if (tag(tags, MAX_NODE_COUNT) == null) {
            return null;
        }
        return new AutoScale(number(tags, MAX_NODE_COUNT, group), number(tags, REQUESTS_PER_NODE, group),
                number(tags, SCALE_IN_AFTER_SECONDS, group));
    }

    /** The session id in a resource group's {@code tags}; empty if they have none, or not one of ours. */
    static Optional<ClusterId> idOf(Map<String, String> tags) {
        String id = tags == null ? null : tag(tags, ID);
        try {
            return id == null ? Optional.empty() : Optional.of(ClusterId.parse(id));
        } catch (BadInputException e) {
            return Optional.empty();
        }
    }

    /** The group's name for messages, from its id tag when it has one. */
    private static String group(Map<String, String> tags) {
        String id = tag(tags, ID);
        try {
            return id == null ? "(with no " + ID + " tag)" : AzureNames.of(ClusterId.parse(id)).resourceGroup();
        } catch (IllegalArgumentException e) {
            return "(with " + ID + " tag '" + id + "')";
        }
    }

    private static String required(Map<String, String> tags, String name, String group) {
        String value = tag(tags, name);
        if (value == null) {
            throw new InfrastructureException("resource group " + group + " lacks tag " + name
                    + ": was it made by session.jar?");
        }
        return value;
    }

    private static int number(Map<String, String> tags, String name, String group) {
        String value = required(tags, name, group);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InfrastructureException("resource group " + group + " has tag " + name + " '" + value
                    + "', not a number: was it changed by hand?");
        }
    }

    // Azure treats tag names without regard to case, and the portal may change it.
    private static String tag(Map<String, String> tags, String name) {
        if (tags.containsKey(name)) {
            return tags.get(name);
        }
        return tags.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
