package com.sessionjar.cluster.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import com.azure.resourcemanager.resources.models.Subscription;
import com.azure.resourcemanager.resources.models.SubscriptionState;
import com.sessionjar.BadInputException;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.Cluster;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.NodeLog;
import com.sessionjar.cluster.NodeStatus;
import com.sessionjar.cluster.QueueDepth;
import com.sessionjar.cluster.QueueDepths;
import com.sessionjar.cluster.SessionStatus;
import com.sessionjar.cluster.SessionSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Looks into Azure sessions for {@code --status}, {@code --logs} and {@code --list}, signed in
 * already (the provider does that, once per command): reads, never changes.
 */
final class AzureInspector {
    private final AzureManagers azure;
    private final Progress progress;
    private final Duration runCommandTimeout;

    /** An inspector reading through {@code azure}, reporting slow steps to {@code progress}. */
    AzureInspector(AzureManagers azure, Progress progress, Duration runCommandTimeout) {
        this.azure = azure;
        this.progress = progress;
        this.runCommandTimeout = runCommandTimeout;
    }

    /**
     * Session {@code id}, running {@code config} (from its tags): its queues' depths, through the
     * queues of {@code cluster}, then its nodes. A storage account or scale set that is not there
     * is said in the notes.
     */
    SessionStatus status(ClusterId id, ClusterConfig config, Supplier<Cluster> cluster) {
        AzureNames names = AzureNames.of(id);
        List<String> notes = new ArrayList<>();
        List<QueueDepth> queues = List.of();
        try {
            queues = QueueDepths.of(cluster.get());
        } catch (ManagementException e) {
            notes.add("queue depths not known: storage account " + names.storageAccount() + " does not exist");
        }
        List<NodeStatus> nodes = List.of();
        try {
            nodes = progress.step("asking the nodes of " + names.scaleSet() + " through run-command (20 s or more; at most "
                    + runCommandTimeout.toSeconds() + " s)", () -> new AzureNodes(azure, names, runCommandTimeout).status());
        } catch (ManagementException e) {
            notes.add("no nodes: scale set " + names.scaleSet() + " does not exist");
        }
        return SessionStatus.of(id, config.service(), nodes, queues, notes);
    }

    /** The last {@code tail} lines of the worker journal of each node of session {@code id}, or of node {@code node}. */
    List<NodeLog> logs(ClusterId id, Integer node, int tail) {
        AzureNames names = AzureNames.of(id);
        try {
            return progress.step("reading the worker journal of " + (node == null ? "each node" : "node " + node)
                    + " through run-command (20 s or more; at most " + runCommandTimeout.toSeconds() + " s)",
                    () -> new AzureNodes(azure, names, runCommandTimeout).logs(id, node, tail));
        } catch (ManagementException e) {
            throw new InfrastructureException("Session " + id + " has no nodes: its scale set " + names.scaleSet()
                    + " does not exist", e);
        }
    }

    /**
     * The sessions of {@code subscription}: the resource groups tagged {@value AzureTags#ID}, each with
     * its service and node count from its tags, and its creation time, which is its storage
     * account's (a resource group's model has none); oldest first.
     */
    List<SessionSummary> list(String subscription) {
        List<ResourceGroupInner> groups = AzureErrors.call("listing the resource groups of subscription " + subscription,
                () -> AzureClusterProvider.groups(azure).list("tagName eq '" + AzureTags.ID + "'", null, Context.NONE)
                        .stream().toList());
        List<SessionSummary> sessions = new ArrayList<>();
        for (ResourceGroupInner group : groups) {
            Optional<ClusterId> id = AzureTags.idOf(group.tags());
            if (id.isEmpty()) {
                continue; // the filter is Azure's; a group without our tag is not a session
            }
            try {
                ClusterConfig config = AzureTags.configOf(group.tags(), subscription, group.location());
                sessions.add(new SessionSummary(id.get(), config.service(), config.nodeCount(),
                        created(AzureNames.of(id.get())), null));
            } catch (InfrastructureException e) {
                sessions.add(new SessionSummary(id.get(), null, 0, null, e.getMessage()));
            }
        }
        sessions.sort(Comparator.comparing(SessionSummary::created, Comparator.nullsFirst(Comparator.naturalOrder())));
        progress.say("Subscription " + subscription + " has " + sessions.size() + " session(s)");
        return sessions;
    }

    /**
     * The one enabled subscription {@code signedIn} can use.
     *
     * @throws BadInputException if it can use none, or several
     */
    static String onlySubscription(AzureManagers.SignedIn signedIn) {
        List<String> ids = AzureErrors.call("listing the subscriptions of the credential",
                () -> signedIn.subscriptions().list().stream()
                        .filter(subscription -> subscription.state() == SubscriptionState.ENABLED)
                        .map(Subscription::subscriptionId).toList());
        if (ids.size() != 1) {
            throw new BadInputException("the credential can use " + (ids.isEmpty() ? "no" : ids.size()) + " enabled "
                    + "subscriptions: name one with --subscription or AZURE_SUBSCRIPTION_ID");
        }
        return ids.get(0);
    }

    /** When the session's storage account was made (the session's creation, near enough); null if it is not there. */
    private Instant created(AzureNames names) {
        try {
            OffsetDateTime created = AzureErrors.call("reading storage account " + names.storageAccount(),
                    () -> AzureClusterProvider.storage(azure).getByResourceGroup(names.resourceGroup(),
                            names.storageAccount())).creationTime();
            return created == null ? null : created.toInstant();
        } catch (ManagementException e) {
            return null;
        }
    }
}
