package com.sessionjar.cluster;

import com.sessionjar.protocol.QueueLengthMetric;
import com.sessionjar.protocol.ServiceKind;
import com.sessionjar.protocol.ServiceSettings;
import com.sessionjar.protocol.WorkerSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/** Checks a {@link ClusterConfig}; each problem names the key, its bad value and what would do. */
final class ClusterConfigValidator {
    /** Variables the provider sets for the worker and a user may not override. */
    static final List<String> RESERVED_VARIABLES = List.of(WorkerSettings.QUEUE_TYPE, WorkerSettings.CONNECTION_STRING,
            WorkerSettings.REQUEST_QUEUE, WorkerSettings.RESPONSE_QUEUE, WorkerSettings.MESSAGE_LEASE,
            WorkerSettings.MAX_DEQUEUE_COUNT, WorkerSettings.SERVICE, QueueLengthMetric.ENDPOINT,
            QueueLengthMetric.RESOURCE_ID);
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SHARE_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    private static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9]+");
    private static final int MAX_LEASE_SECONDS = 7 * 24 * 3600;
    private static final int MAX_DEQUEUE_COUNT = 1000;

    private ClusterConfigValidator() {
    }

    static List<String> problems(ClusterConfig config) {
        List<String> problems = new ArrayList<>();
        if (!config.subscriptionId().isEmpty() && ClusterId.uuidOrNull(config.subscriptionId()) == null) {
            problems.add("SubScriptionId ('" + config.subscriptionId()
                    + "') must be a GUID such as 9fda6ae5-1210-43b9-a2da-703f0cdc253e, or empty for a local session");
        }
        if (!LOCATION.matcher(config.location()).matches()) {
            problems.add("Location ('" + config.location() + "') must be an Azure region name such as southeastasia");
        }
        if (ServiceKind.find(config.service()).isEmpty()) {
            problems.add("Service ('" + config.service() + "') must be one of " + String.join(", ", ServiceKind.NAMES));
        }
        checkVariables(config.environmentVariables(), problems);
        checkShares(config.fileShares(), problems);
        if (config.nodeCount() < 1) {
            problems.add("NodeCount (" + config.nodeCount() + ") must be at least 1");
        }
        if (config.nodeOptions().cpuCount() < 1) {
            problems.add("NodeOptions.CpuCount (" + config.nodeOptions().cpuCount() + ") must be at least 1");
        }
        if (config.nodeOptions().memInGB() < 1) {
            problems.add("NodeOptions.MemInGB (" + config.nodeOptions().memInGB() + ") must be at least 1");
        }
        checkQueues(config.queueOptions(), problems);
        checkDequeueCount(config.queueOptions(), problems);
        checkAutoScale(config, problems);
        if (problems.isEmpty()) {
            checkWorkerSettings(config, problems);
        }
        return problems;
    }

    /**
     * Reads the worker's and its service's settings from the environment a worker of {@code config}
     * gets, with the code the worker reads them with at start-up ({@link ServiceSettings#check}), so
     * that what a worker would refuse is refused before anything is made or changed. Only once the
     * rest is sound: the environment is built from it.
     */
    private static void checkWorkerSettings(ClusterConfig config, List<String> problems) {
        QueueOptions queues = config.queueOptions();
        Map<String, String> environment = WorkerEnvironment.of(config, "not-checked-here", queues.requestQueueName(),
                queues.responseQueueName());
        try {
            ServiceSettings.check(environment);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            for (EnvironmentVariable variable : config.environmentVariables()) {
                if (variable.isSecure()) {
                    message = message.replace("(" + variable.secureValue() + ")", "(a SecureValue)");
                }
            }
            problems.add("EnvironmentVariables: " + message + " (the worker would refuse it at start-up)");
        }
    }

    private static void checkVariables(List<EnvironmentVariable> variables, List<String> problems) {
        Set<String> seen = new HashSet<>();
        eachItem(variables, "EnvironmentVariables", "{\"Name\": ..., \"Value\": ...}", problems, (key, variable) -> {
            if (variable.name() == null) {
                problems.add(key + ".Name is missing: each variable needs a Name");
            } else if (!VARIABLE_NAME.matcher(variable.name()).matches()) {
                problems.add(key + ".Name ('" + variable.name()
                        + "') must be letters, digits and underscores, not starting with a digit");
            } else if (RESERVED_VARIABLES.contains(variable.name())) {
                problems.add(key + ".Name (" + variable.name() + ") is set by the session itself and cannot be overridden");
            } else if (!seen.add(variable.name())) {
                problems.add(key + ".Name (" + variable.name() + ") is given twice");
            }
            if ((variable.value() == null) == (variable.secureValue() == null)) {
                problems.add(key + " (" + (variable.name() == null ? "no name" : variable.name())
                        + ") needs exactly one of Value and SecureValue");
            }
        });
    }

    private static void checkShares(List<FileShareMount> shares, List<String> problems) {
        Set<String> names = new HashSet<>();
        Set<String> paths = new HashSet<>();
        eachItem(shares, "FileShares", "Name, MountPath, FileShareName, StorageAccountName, StorageAccountKey", problems,
                (key, share) -> {
                    if (share.name() == null || !SHARE_NAME.matcher(share.name()).matches()) {
                        problems.add(key + ".Name (" + quoted(share.name())
                                + ") must be lowercase letters, digits and dashes, not starting or ending with a dash");
                    } else if (!names.add(share.name())) {
                        problems.add(key + ".Name (" + share.name() + ") is given twice");
                    }
                    if (share.mountPath() == null || !share.mountPath().startsWith("/")) {
                        problems.add(key + ".MountPath (" + quoted(share.mountPath())
                                + ") must be an absolute path such as /myfiles");
                    } else if (!paths.add(share.mountPath())) {
                        problems.add(key + ".MountPath (" + share.mountPath() + ") is used twice");
                    }
                    missing(key + ".FileShareName", share.fileShareName(), problems);
                    missing(key + ".StorageAccountName", share.storageAccountName(), problems);
                    missing(key + ".StorageAccountKey", share.storageAccountKey(), problems);
                });
    }

    /** Checks each item of the config's list {@code listName} with {@code check}, given its key ({@code listName[i]}); a null item is a problem of its own. */
    private static <T> void eachItem(List<T> items, String listName, String whatToGive, List<String> problems,
                                     BiConsumer<String, T> check) {
        for (int i = 0; i < items.size(); i++) {
            String key = listName + "[" + i + "]";
            if (items.get(i) == null) {
                problems.add(key + " is null: give " + whatToGive);
            } else {
                check.accept(key, items.get(i));
            }
        }
    }

    private static void missing(String key, String value, List<String> problems) {
        if (value == null) {
            problems.add(key + " is missing");
        }
    }

    private static void checkQueues(QueueOptions queues, List<String> problems) {
        for (String[] named : new String[][] {{"RequestQueueName", queues.requestQueueName()},
                {"ResponseQueueName", queues.responseQueueName()}}) {
            if (!QUEUE_NAME.matcher(named[1]).matches()) {
                problems.add("QueueOptions." + named[0] + " ('" + named[1] + "') must be 3 to 63 lowercase letters, digits"
                        + " and single dashes, starting and ending with a letter or digit");
            }
        }
        if (queues.requestQueueName().equals(queues.responseQueueName())) {
            problems.add("QueueOptions.RequestQueueName and ResponseQueueName ('" + queues.requestQueueName()
                    + "') must differ");
        }
        if (queues.messageLease() < 1 || queues.messageLease() > MAX_LEASE_SECONDS) {
            problems.add("QueueOptions.MessageLease (" + queues.messageLease() + ") must be from 1 to " + MAX_LEASE_SECONDS
                    + " seconds");
        }
    }

    private static void checkDequeueCount(QueueOptions queues, List<String> problems) {
        if (queues.maxDequeueCount() < 1 || queues.maxDequeueCount() > MAX_DEQUEUE_COUNT) {
            problems.add("QueueOptions.MaxDequeueCount (" + queues.maxDequeueCount() + ") must be from 1 to "
                    + MAX_DEQUEUE_COUNT + " attempts");
        }
    }

    private static void checkAutoScale(ClusterConfig config, List<String> problems) {
        AutoScale scale = config.autoScale();
        if (scale == null) {
            return;
        }
        if (scale.maxNodeCount() == null) {
            problems.add("AutoScale.MaxNodeCount is missing: give the most nodes the session may grow to (NodeCount is the"
                    + " fewest)");
        } else if (scale.maxNodeCount() < config.nodeCount() || scale.maxNodeCount() > AutoScale.MOST_NODES) {
            problems.add("AutoScale.MaxNodeCount (" + scale.maxNodeCount() + ") must be from NodeCount ("
                    + config.nodeCount() + ") to " + AutoScale.MOST_NODES);
        }
        if (scale.requestsPerNode() < 1 || scale.requestsPerNode() > AutoScale.MOST_REQUESTS_PER_NODE) {
            problems.add("AutoScale.RequestsPerNode (" + scale.requestsPerNode() + ") must be from 1 to "
                    + AutoScale.MOST_REQUESTS_PER_NODE + " waiting requests per node");
        }
        if (scale.scaleInAfterSeconds() < 1 || scale.scaleInAfterSeconds() > AutoScale.LONGEST_SCALE_IN_SECONDS) {
            problems.add("AutoScale.ScaleInAfterSeconds (" + scale.scaleInAfterSeconds() + ") must be from 1 to "
                    + AutoScale.LONGEST_SCALE_IN_SECONDS + " seconds");
        }
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "'" + value + "'";
    }
}
