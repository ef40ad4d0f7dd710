package com.sessionjar.cluster.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.resources.fluent.ResourceGroupsClient;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import com.azure.resourcemanager.storage.fluent.StorageAccountsClient;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.sessionjar.BadInputException;
import com.sessionjar.cluster.Cluster;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.ClusterNotFoundException;
import com.sessionjar.cluster.ClusterProvider;
import com.sessionjar.cluster.CreateOptions;
import com.sessionjar.cluster.NodeLog;
import com.sessionjar.cluster.Plan;
import com.sessionjar.cluster.SessionStatus;
import com.sessionjar.cluster.SessionSummary;
import com.sessionjar.queue.QueueAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clusters in Azure: per session a resource group holding a storage account (the queues and the
 * runtime share with session.jar), a virtual network and a Linux VM scale set whose nodes run our
 * worker. Everything is named from the cluster guid and the session's settings are tags on its
 * resource group, so {@code --use}, {@code --update} and {@code --delete} need nothing but the id.
 * Changes (create, update, delete) are {@link AzureDeployer}'s; this class reads sessions, plans and
 * hands each request to the class that serves it.
 */
public final class AzureClusterProvider implements ClusterProvider {
    private static final Logger LOG = LoggerFactory.getLogger(AzureClusterProvider.class);

    private final AzureAccess access;
    private final Path jar;
    private final Progress progress;
    private final AzureSignIn signIn;
    private final AzureDeployer deployer;

    /**
     * A provider reaching Azure through {@code access}, uploading {@code jar} to the nodes (null: the
     * session.jar this class was loaded from), reporting long steps to the log every {@code tick}.
     */
    public AzureClusterProvider(AzureAccess access, Path jar, Duration tick) {
        this(access, jar, tick, LOG::info, LOG::warn);
    }

    /** As above, with progress lines to {@code info} and failed nodes and clean-up to {@code warn}: stderr, or a test. */
    AzureClusterProvider(AzureAccess access, Path jar, Duration tick, Consumer<String> info, Consumer<String> warn) {
        this.access = access;
        this.jar = jar;
        this.progress = new Progress(info, tick);
        this.signIn = new AzureSignIn(access);
        this.deployer = new AzureDeployer(access, signIn, this::jar, progress, warn);
    }

    /** A provider for Azure's public cloud with {@code DefaultAzureCredential}, uploading this session.jar. */
    public static AzureClusterProvider fromEnvironment() {
        return new AzureClusterProvider(AzureAccess.defaults(), null, Progress.TICK);
    }

    @Override
    public boolean owns(ClusterId id) {
        return !id.isLocal();
    }

    @Override
    public Cluster create(ClusterConfig config) {
        return create(config, CreateOptions.DEFAULT);
    }

    /**
     * Creates a cluster running {@code config}. If that fails, its resource group is deleted, unless
     * {@code options} say to keep it for inspection; a node that failed is reported with its script's output.
     */
    @Override
    public Cluster create(ClusterConfig config, CreateOptions options) {
        return create(ClusterId.newAzure(subscriptionOf(config)), config, options);
    }

    /** As {@link #create(ClusterId, ClusterConfig, CreateOptions)}, deleting what a failed create made. */
    Cluster create(ClusterId id, ClusterConfig config) {
        return create(id, config, CreateOptions.DEFAULT);
    }

    /** As {@link AzureDeployer#create}: the cluster {@code id} running {@code config}, made again idempotently. */
    Cluster create(ClusterId id, ClusterConfig config, CreateOptions options) {
        config.check(); // as a config file is checked, for SDK callers: before anything is made
        return deployer.create(id, config, options);
    }

    @Override
    public Cluster get(ClusterId id) {
        AzureNames names = AzureNames.of(id);
        AzureManagers azure = signIn.authenticated(id.scope()).withSubscription(id.scope());
        ResourceGroupInner group = findGroup(azure, id, names);
        ClusterConfig config = AzureTags.configOf(group.tags(), id.scope(), group.location());
        return cluster(access, id, config, connectionString(azure, names));
    }

    @Override
    public Cluster update(ClusterId id, ClusterConfig config) {
        config.check(); // as a config file is checked, for SDK callers: before anything changes
        return deployer.update(id, config);
    }

    @Override
    public void delete(ClusterId id) {
        deployer.delete(id);
    }

    /**
     * Session {@code id} as it is: its queues' depths (through its storage account's key), then each
     * node's instance view and, on each running node, its worker's state, uptime and counters through
     * run-command, each node waiting at most {@link AzureNodes#RUN_COMMAND_TIMEOUT}. Changes nothing.
     */
    @Override
    public SessionStatus status(ClusterId id) {
        return status(id, AzureNodes.RUN_COMMAND_TIMEOUT);
    }

    /** As {@link #status(ClusterId)}, each node's run-command waited for at most {@code runCommandTimeout}. */
    SessionStatus status(ClusterId id, Duration runCommandTimeout) {
        AzureNames names = AzureNames.of(id);
        AzureManagers azure = signIn.authenticated(id.scope()).withSubscription(id.scope());
        ResourceGroupInner group = findGroup(azure, id, names);
        ClusterConfig config = AzureTags.configOf(group.tags(), id.scope(), group.location());
        return new AzureInspector(azure, progress, runCommandTimeout).status(id, config,
                () -> cluster(access, id, config, connectionString(azure, names)));
    }

    /**
     * The last {@code tail} lines of each node's worker journal ({@code journalctl -u}), through
     * run-command: at most the last 4,096 bytes of output per node, so a long tail may come back
     * shorter (the result says so).
     */
    @Override
    public List<NodeLog> logs(ClusterId id, Integer node, int tail) {
        return logs(id, node, tail, AzureNodes.RUN_COMMAND_TIMEOUT);
    }

    /** As {@link #logs(ClusterId, Integer, int)}, each node's run-command waited for at most {@code runCommandTimeout}. */
    List<NodeLog> logs(ClusterId id, Integer node, int tail, Duration runCommandTimeout) {
        AzureNames names = AzureNames.of(id);
        AzureManagers azure = signIn.authenticated(id.scope()).withSubscription(id.scope());
        findGroup(azure, id, names);
        return new AzureInspector(azure, progress, runCommandTimeout).logs(id, node, tail);
    }

    /**
     * The sessions of subscription {@code scope} (null: the only one the credential can use), from
     * the resource groups tagged {@value AzureTags#ID}.
     *
     * @throws BadInputException if {@code scope} is null and the credential can use no subscription, or several
     */
    @Override
    public List<SessionSummary> list(String scope) {
        AzureManagers.SignedIn signedIn = signIn.authenticated(scope);
        String subscription = scope != null ? scope : AzureInspector.onlySubscription(signedIn);
        return new AzureInspector(signedIn.withSubscription(subscription), progress, AzureNodes.RUN_COMMAND_TIMEOUT)
                .list(subscription);
    }

    /**
     * What {@code --dry-run} prints for a create: every request body the deployment would send and
     * the nodes' bootstrap script, secrets redacted. Calls nothing.
     */
    @Override
    public Plan planCreate(ClusterConfig config) {
        return AzurePlan.of(ClusterId.newAzure(subscriptionOf(config)), config, jar(), access);
    }

    /**
     * What {@code --dry-run} prints for an update: the session and the scale set's model read, the changes PUT to
     * that model, the nodes not on it upgraded (deallocated and started around a change of size family), each
     * node's state read, the tags written. Calls nothing, so the model itself is not shown.
     */
    @Override
    public Plan planUpdate(ClusterId id, ClusterConfig config) {
        return AzurePlan.ofUpdate(id, config, jar(), access);
    }

    /** What a delete would remove: the resource group and everything in it. Calls nothing. */
    @Override
    public Plan planDelete(ClusterId id) {
        return AzurePlan.ofDelete(id);
    }

    /** Session {@code id}'s resource group, or a ClusterNotFoundException saying it does not exist. */
    static ResourceGroupInner findGroup(AzureManagers azure, ClusterId id, AzureNames names) {
        try {
            return AzureErrors.call("reading resource group " + names.resourceGroup(),
                    () -> groups(azure).get(names.resourceGroup()));
        } catch (ManagementException e) {
            throw new ClusterNotFoundException(id, "in subscription " + id.scope() + ": its resource group "
                    + names.resourceGroup() + " does not exist (deleted, or a mistyped id)");
        }
    }

    /** The session's queues, reached with {@code connectionString} over {@code access}'s HTTP client. */
    static Cluster cluster(AzureAccess access, ClusterId id, ClusterConfig config, String connectionString) {
        QueueAccount queues = access.httpClient() == null ? QueueAccount.fromConnectionString(connectionString)
                : QueueAccount.fromConnectionString(connectionString, QueueAccount.RETRIES, List.of(), access.httpClient());
        return new Cluster(id, config, queues, config.queueOptions().requestQueueName(),
                config.queueOptions().responseQueueName());
    }

    private String connectionString(AzureManagers azure, AzureNames names) {
        StorageAccountInner account = AzureErrors.call("reading storage account " + names.storageAccount(),
                () -> storage(azure).getByResourceGroup(names.resourceGroup(), names.storageAccount()));
        return Deployment.connectionString(account, key(azure, names));
    }

    /** The first key of the session's storage account. */
    static String key(AzureManagers azure, AzureNames names) {
        return AzureErrors.call("listing the keys of storage account " + names.storageAccount(),
                () -> storage(azure).listKeys(names.resourceGroup(), names.storageAccount())).keys().get(0).value();
    }

    private Path jar() {
        return jar != null ? jar : RunningJar.path();
    }

    static UUID subscriptionOf(ClusterConfig config) {
        if (config.subscriptionId().isEmpty()) {
            throw new BadInputException("SubScriptionId is empty: fill in your Azure subscription id (az account "
                    + "show --query id) to create an Azure session, or create the session on this machine with --local");
        }
        return UUID.fromString(config.subscriptionId());
    }

    static ResourceGroupsClient groups(AzureManagers azure) {
        return azure.resources().getResourceGroups();
    }

    static StorageAccountsClient storage(AzureManagers azure) {
        return azure.storage().getStorageAccounts();
    }
}
