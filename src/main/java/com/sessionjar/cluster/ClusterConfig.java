package com.sessionjar.cluster;

import com.sessionjar.BadInputException;
import com.sessionjar.protocol.ServiceKind;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * What a cluster (and so a session) is made of: the original's config file, PascalCase keys and
 * defaults. Immutable; read and checked by {@link ClusterConfigReader}.
 *
 * @param subscriptionId       {@code SubScriptionId}: the Azure subscription GUID; empty for a local session
 * @param location             {@code Location}: the Azure region, default {@code southeastasia}
 * @param service              {@code Service}: {@code echo}, {@code grpc} or {@code cgi}, default echo, in lower case
 * @param environmentVariables {@code EnvironmentVariables}: passed to every worker
 * @param fileShares           {@code FileShares}: mounted on every node
 * @param nodeCount            {@code NodeCount}: how many nodes (workers), default 1
 * @param nodeOptions          {@code NodeOptions}: CPUs, memory and image of each node
 * @param queueOptions         {@code QueueOptions}: queue names and message lease
 * @param autoScale            {@code AutoScale}: how the session grows with its queue; null for a fixed size
 */
@JsonPropertyOrder({"SubScriptionId", "Location", "Service", "EnvironmentVariables", "FileShares", "NodeCount",
        "NodeOptions", "QueueOptions", "AutoScale"})
public record ClusterConfig(@JsonProperty("SubScriptionId") String subscriptionId,
                            @JsonProperty("Location") String location,
                            @JsonProperty("Service") String service,
                            @JsonProperty("EnvironmentVariables") List<EnvironmentVariable> environmentVariables,
                            @JsonProperty("FileShares") List<FileShareMount> fileShares,
                            @JsonProperty("NodeCount") Integer nodeCount,
                            @JsonProperty("NodeOptions") NodeOptions nodeOptions,
                            @JsonProperty("QueueOptions") QueueOptions queueOptions,
                            @JsonProperty("AutoScale") @JsonInclude(JsonInclude.Include.NON_NULL) AutoScale autoScale) {
    /**
     * The service this config runs.
     *
     * @throws IllegalArgumentException if {@code Service} names none (the validator refuses such a config)
     */
    public ServiceKind serviceKind() {
        return ServiceKind.of(service);
    }

    /**
     * Checks this config as a config file is checked (see {@link ClusterConfigReader}), the
     * worker's settings among its variables included.
     *
     * @throws BadInputException naming each problem, its key and what would do
     */
    public void check() {
        List<String> problems = ClusterConfigValidator.problems(this);
        if (!problems.isEmpty()) {
            throw new BadInputException("Config: " + String.join("; ", problems));
        }
    }

    /** The region used when the config names none. */
    public static final String DEFAULT_LOCATION = "southeastasia";

    public ClusterConfig {
        subscriptionId = subscriptionId == null ? "" : subscriptionId.trim();
        location = location == null ? DEFAULT_LOCATION : location;
        service = service == null ? ServiceKind.ECHO.configName() : service.toLowerCase(Locale.ROOT);
        // Copies that keep null items, so that the validator can name them.
        environmentVariables = environmentVariables == null ? List.of()
                : Collections.unmodifiableList(new ArrayList<>(environmentVariables));
        fileShares = fileShares == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(fileShares));
        nodeCount = nodeCount == null ? 1 : nodeCount;
        nodeOptions = nodeOptions == null ? NodeOptions.DEFAULT : nodeOptions;
        queueOptions = queueOptions == null ? QueueOptions.DEFAULT : queueOptions;
    }

    /** The user's {@code EnvironmentVariables} as name to value, secure values included, in config order. */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environmentVariables.forEach(v -> environment.put(v.name(), v.effectiveValue()));
        return environment;
    }

    /** The echo config with every default: what {@code EchoSessionConfig.json} says. */
    public static ClusterConfig defaults() {
        return new ClusterConfig(null, null, null, null, null, null, null, null, null);
    }

    /** This config with another node count. */
    public ClusterConfig withNodeCount(int count) {
        return new ClusterConfig(subscriptionId, location, service, environmentVariables, fileShares, count, nodeOptions,
                queueOptions, autoScale);
    }

    /** This config with another service. */
    public ClusterConfig withService(String newService) {
        return new ClusterConfig(subscriptionId, location, newService, environmentVariables, fileShares, nodeCount,
                nodeOptions, queueOptions, autoScale);
    }

    /** This config with other environment variables. */
    public ClusterConfig withEnvironmentVariables(List<EnvironmentVariable> variables) {
        return new ClusterConfig(subscriptionId, location, service, variables, fileShares, nodeCount, nodeOptions,
                queueOptions, autoScale);
    }

    /** This config with other queue options. */
    public ClusterConfig withQueueOptions(QueueOptions options) {
        return new ClusterConfig(subscriptionId, location, service, environmentVariables, fileShares, nodeCount,
                nodeOptions, options, autoScale);
    }

    /** This config with another {@code AutoScale}, or none. */
    public ClusterConfig withAutoScale(AutoScale scale) {
        return new ClusterConfig(subscriptionId, location, service, environmentVariables, fileShares, nodeCount,
                nodeOptions, queueOptions, scale);
    }

    /** The most nodes this session may have: {@code AutoScale.MaxNodeCount}, or {@code NodeCount} without autoscale. */
    public int maxNodeCount() {
        return autoScale == null ? nodeCount : autoScale.maxNodeCount();
    }
}
