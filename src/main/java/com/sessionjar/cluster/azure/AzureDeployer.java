package com.sessionjar.cluster.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.sessionjar.BadInputException;
import com.sessionjar.BuildInfo;
import com.sessionjar.cluster.Cluster;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.CreateOptions;
import com.sessionjar.cluster.WorkerEnvironment;
import com.sessionjar.queue.Errors;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes a session's resources in Azure: creates them (a failed create deletes its resource group, or keeps
 * it for inspection when asked), makes them what a new config says (update) and deletes them. What can be
 * refused without Azure is refused before the first call, what needs Azure (subscription, shares, VM size and
 * quotas) before the first change. Create and update share one idempotent path: every resource is PUT as it
 * should be.
 */
final class AzureDeployer {
    private static final Logger LOG = LoggerFactory.getLogger(AzureDeployer.class);

    private final AzureAccess access;
    private final AzureSignIn signIn;
    private final Supplier<Path> jar;
    private final Progress progress;
    private final Consumer<String> warn;
    private final Preflight preflight;

    /**
     * Deploys through {@code access} (signed in by {@code signIn}) nodes running {@code jar}, reporting steps to
     * {@code progress} and failed nodes and clean-up to {@code warn}.
     */
    AzureDeployer(AzureAccess access, AzureSignIn signIn, Supplier<Path> jar, Progress progress, Consumer<String> warn) {
        this.access = access;
        this.signIn = signIn;
        this.jar = jar;
        this.progress = progress;
        this.warn = warn;
        this.preflight = new Preflight(access);
    }

    /**
     * Creates the cluster {@code id} running {@code config}; run again with the same id and config,
     * it changes nothing (every resource is PUT as it already is, the jar is not uploaded again). If it
     * fails, the resource group it made is deleted, unless {@code options} say to keep it.
     */
    Cluster create(ClusterId id, ClusterConfig config, CreateOptions options) {
        AzureNames names = AzureNames.of(id);
        String jarSha256 = checkBeforeCalls(id, names, config);
        AzureManagers.SignedIn signedIn = signIn.authenticated(id.scope());
        preflight(signedIn, id, config);
        AzureManagers azure = signedIn.withSubscription(id.scope());
        boolean existed = groupExists(azure, names);
        if (!existed) {
            // Storage account names are global; a session run again owns its own, so only a new one is checked.
            progress.step("checking storage account name " + names.storageAccount(),
                    () -> preflight.storageAccountName(azure, names.storageAccount()));
        }
        progress.step("creating resource group " + names.resourceGroup() + " in " + config.location(),
                () -> AzureErrors.call("creating resource group " + names.resourceGroup(),
                        () -> AzureClusterProvider.groups(azure).createOrUpdate(names.resourceGroup(),
                                Deployment.resourceGroup(config.location(), tags(id, config)))));
        try {
            return deploy(azure, id, config, jarSha256, false);
        } catch (RuntimeException e) {
            if (existed) {
                throw e; // not ours to remove: it was there before this run
            }
            if (options.keepOnFailure()) {
                warn.accept("Creating session " + id + " failed; its resource group " + names.resourceGroup()
                        + " is kept for inspection (--keep-on-failure): delete it with java -jar session.jar --delete "
                        + id);
                throw e;
            }
            warn.accept("Creating session " + id + " failed; deleting resource group " + names.resourceGroup()
                    + " so that nothing is left to pay for (--keep-on-failure keeps it for inspection)");
            try {
                deleteGroup(azure, names);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
                warn.accept("Could not delete it (" + Errors.oneLine(again) + "): run --delete " + id);
            }
            throw e;
        }
    }

    /**
     * Makes session {@code id} run {@code config}: its resources PUT again, its nodes brought to the new model
     * (and session.jar), the tags written last. What a session cannot change (subscription, location, queue
     * names, a VM size Azure cannot resize to) is refused before anything changes.
     */
    Cluster update(ClusterId id, ClusterConfig config) {
        if (!config.subscriptionId().isEmpty() && !config.subscriptionId().equalsIgnoreCase(id.scope())) {
            throw new BadInputException("SubScriptionId (" + config.subscriptionId() + ") is not the session's ("
                    + id.scope() + "): a session cannot move; leave SubScriptionId empty or create a new session");
        }
        AzureNames names = AzureNames.of(id);
        String jarSha256 = checkBeforeCalls(id, names, config);
        AzureManagers.SignedIn signedIn = signIn.authenticated(id.scope());
        AzureManagers azure = signedIn.withSubscription(id.scope());
        ResourceGroupInner group = AzureClusterProvider.findGroup(azure, id, names);
        ClusterConfig old = AzureTags.configOf(group.tags(), id.scope(), group.location());
        if (!group.location().equalsIgnoreCase(config.location())) {
            throw new BadInputException("Location (" + config.location() + ") is not the session's ("
                    + group.location() + "): a session cannot move; create a new session there");
        }
        if (!old.queueOptions().requestQueueName().equals(config.queueOptions().requestQueueName())
                || !old.queueOptions().responseQueueName().equals(config.queueOptions().responseQueueName())) {
            throw new BadInputException("QueueOptions' queue names cannot change on update (the session's are "
                    + old.queueOptions().requestQueueName() + " and " + old.queueOptions().responseQueueName() + ")");
        }
        // Refused before anything changes; the scale set's own size decides again, before its PUT.
        SizeChange.of(old.nodeOptions().vmSize(), VmSizes.choose(config));
        preflight(signedIn, id, config);
        Cluster cluster = deploy(azure, id, config, jarSha256, true);
        if (old.autoScale() != null && config.autoScale() == null) {
            // The nodes' new environment has stopped their publishing already.
            new QueueAutoscale(azure, names, progress).remove();
        }
        // Last, so the tags describe the session only once its nodes have been changed.
        progress.step("recording the new settings on resource group " + names.resourceGroup(),
                () -> AzureErrors.call("updating resource group " + names.resourceGroup(),
                        () -> AzureClusterProvider.groups(azure).createOrUpdate(names.resourceGroup(),
                                Deployment.resourceGroup(group.location(), tags(id, config)))));
        return cluster;
    }

    /** Deletes session {@code id}: its resource group and everything in it. */
    void delete(ClusterId id) {
        AzureNames names = AzureNames.of(id);
        AzureManagers azure = signIn.authenticated(id.scope()).withSubscription(id.scope());
        ResourceGroupInner group = AzureClusterProvider.findGroup(azure, id, names);
        if (AzureTags.autoScaled(group.tags())) {
            // Azure's docs do not say a role assignment goes with its scope: removed first, to leave nothing behind.
            try {
                progress.step("removing the nodes' role on " + names.scaleSet(),
                        new QueueAutoscale(azure, names, progress)::removeRole);
            } catch (RuntimeException e) {
                warn.accept("Could not remove the nodes' role assignment on " + names.scaleSet() + " ("
                        + Errors.oneLine(e) + "); deleting the resource group anyway");
            }
        }
        deleteGroup(azure, names);
    }

    /**
     * Refuses, before the first call, whatever in a deployment of {@code config} as {@code id} can be refused without
     * Azure; returns the SHA-256 of the session.jar the nodes are to run.
     */
    private String checkBeforeCalls(ClusterId id, AzureNames names, ClusterConfig config) {
        VmSizes.choose(config);
        QueueAutoscale.check(config);
        Deployment.imageUrn(config.nodeOptions().image());
        // The script with stand-ins for what Azure and the jar give later: the config's part of it is checked here,
        // before the jar is read, so a bad config is refused as such even where no session.jar runs.
        NodeBootstrap.script(AzurePlan.bootstrapInput(id, names, config, WorkerEnvironment.REDACTED,
                WorkerEnvironment.REDACTED, access, "0".repeat(64)));
        return RuntimeShare.sha256(jar.get());
    }

    /**
     * The pre-flight checks that need Azure: the subscription answers, every file share takes its key,
     * the VM size is offered in the region and the vCPU quotas have room for the nodes.
     */
    private void preflight(AzureManagers.SignedIn signedIn, ClusterId id, ClusterConfig config) {
        progress.step("checking subscription " + id.scope() + " and " + config.fileShares().size() + " file share(s)",
                () -> {
                    preflight.subscription(signedIn, id.scope());
                    preflight.fileShares(config);
                });
        progress.step("checking that " + config.nodeCount() + " x " + VmSizes.choose(config) + " can run in "
                + config.location() + " (sizes offered, vCPU quotas)",
                () -> preflight.vmSize(signedIn.withSubscription(id.scope()), AzureNames.of(id), config));
    }

    /**
     * Makes the session's resources what {@code config} says, in its existing resource group, the nodes running the
     * session.jar whose SHA-256 is {@code jarSha256}; when {@code updating}, a queue of the session found gone (deleted,
     * or its storage account's data lost) is made again and said so.
     */
    private Cluster deploy(AzureManagers azure, ClusterId id, ClusterConfig config, String jarSha256,
                           boolean updating) {
        AzureNames names = AzureNames.of(id);
        String group = names.resourceGroup();
        Map<String, String> tags = tags(id, config);
        QueueAutoscale autoscale = new QueueAutoscale(azure, names, progress);
        if (config.autoScale() != null) {
            // Here, not in the pre-flight: permissions are listed for a resource group, which create has just made.
            progress.step("checking that you may give the nodes a role (AutoScale)", autoscale::checkMayAssignRoles);
        }
        StorageAccountInner account = progress.step("creating storage account " + names.storageAccount(),
                () -> AzureErrors.call("creating storage account " + names.storageAccount(),
                        () -> AzureClusterProvider.storage(azure).create(group, names.storageAccount(),
                                Deployment.storageAccount(config.location(), tags))));
        String key = AzureClusterProvider.key(azure, names);
        String connectionString = Deployment.connectionString(account, key);
        Cluster cluster = AzureClusterProvider.cluster(access, id, config, connectionString);
        progress.step("creating queues " + cluster.requestQueue() + " and " + cluster.responseQueue(), () -> {
            List<String> made = cluster.makeMissingQueues(Map.of());
            if (updating) {
                made.forEach(name -> LOG.info("Session {}: its queue {} was gone; made it again", id, name));
            }
        });
        boolean uploaded = progress.step("publishing session.jar on file share " + names.runtimeShare(),
                () -> new RuntimeShare(connectionString, names.runtimeShare(), access.httpClient()).publish(jar.get()));
        LOG.info(uploaded ? "Uploaded session.jar" : "The share's session.jar is already this one");
        progress.step("creating virtual network " + names.virtualNetwork(),
                () -> AzureErrors.call("creating virtual network " + names.virtualNetwork(),
                        () -> azure.network().getVirtualNetworks().createOrUpdate(group,
                                names.virtualNetwork(), Deployment.network(config.location(), names.subnet(), tags))));
        BootstrapInput input = AzurePlan.bootstrapInput(id, names, config, connectionString, key, access, jarSha256);
        Deployment.NodeSpec nodes = new Deployment.NodeSpec(VmSizes.choose(config),
                config.nodeOptions().image(), config.nodeCount(), tags, NodeBootstrap.script(input),
                config.autoScale() != null);
        new ScaleSet(azure, names, progress, warn).apply(config, nodes, subnetId(id, names), NodeBootstrap.secrets(input));
        if (config.autoScale() != null) {
            autoscale.apply(config);
        }
        return cluster;
    }

    private void deleteGroup(AzureManagers azure, AzureNames names) {
        progress.step("deleting resource group " + names.resourceGroup() + " and everything in it",
                () -> AzureErrors.call("deleting resource group " + names.resourceGroup(), () -> {
                    AzureClusterProvider.groups(azure).delete(names.resourceGroup());
                    return null;
                }));
    }

    private static boolean groupExists(AzureManagers azure, AzureNames names) {
        try {
            AzureErrors.call("reading resource group " + names.resourceGroup(),
                    () -> AzureClusterProvider.groups(azure).get(names.resourceGroup()));
            return true;
        } catch (ManagementException e) {
            return false;
        }
    }

    private static String subnetId(ClusterId id, AzureNames names) {
        return "/subscriptions/" + id.scope() + "/resourceGroups/" + names.resourceGroup()
                + "/providers/Microsoft.Network/virtualNetworks/" + names.virtualNetwork() + "/subnets/" + names.subnet();
    }

    private static Map<String, String> tags(ClusterId id, ClusterConfig config) {
        return AzureTags.of(id, config, VmSizes.choose(config), BuildInfo.version());
    }
}
