package com.sessionjar.cluster.local;

import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.Plan;
import com.sessionjar.cluster.WorkerEnvironment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code --dry-run} shows of a local session: built from the config and the state folder, calling nothing. */
record LocalPlans(LocalState state, Azurite azurite) {

    /**
     * What create would do here: the queues, the worker processes and their environment (secrets
     * redacted), the Azurite they use.
     */
    Plan create(ClusterConfig config) {
        return plan("create", ClusterId.newLocal(), config);
    }

    /** What update would make of session {@code id}, as {@link #create} shows it. */
    Plan update(ClusterId id, ClusterConfig config) {
        return plan("update", id, config);
    }

    /** What delete would remove of session {@code id}. */
    Plan delete(ClusterId id) {
        Map<String, Object> facts = whereIs(id);
        facts.put("deletes", "its worker processes, its queues (with the poison and reply queues) and its records");
        return Plan.of("delete", id, "local", facts);
    }

    private Plan plan(String action, ClusterId id, ClusterConfig config) {
        LocalConfigCheck.runnable(config);
        Map<String, Object> facts = whereIs(id);
        Map<String, String> queues = new LinkedHashMap<>();
        queues.put("requests", LocalConfigCheck.queueName(id, config.queueOptions().requestQueueName()));
        queues.put("responses", LocalConfigCheck.queueName(id, config.queueOptions().responseQueueName()));
        facts.put("queues", queues);
        facts.put("service", config.service());
        facts.put("workers", config.nodeCount());
        Map<String, String> environment = WorkerEnvironment.redacted(WorkerEnvironment.of(config,
                WorkerEnvironment.REDACTED, queues.get("requests"), queues.get("responses")),
                WorkerEnvironment.secretNames(config));
        List<Plan.Share> shares = config.fileShares().stream()
                .map(share -> new Plan.Share(share.name(), share.mountPath(), null, null, null)).toList();
        return new Plan(action, id, "local", facts, environment, shares, null, null);
    }

    /** Where session {@code id}'s records and queues are. */
    private Map<String, Object> whereIs(ClusterId id) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("home", state.sessionDirectory(id).toString());
        facts.put("azuritePort", azurite.port());
        return facts;
    }
}
