package com.sessionjar.cluster.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.AzureResourceManager;
import com.azure.resourcemanager.resources.fluent.ResourceGroupsClient;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import com.azure.resourcemanager.storage.fluent.StorageAccountsClient;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.sessionjar.BadInputException;
import com.sessionjar.BuildInfo;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.Cluster;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.ClusterNotFoundException;
import com.sessionjar.cluster.ClusterProvider;
import com.sessionjar.cluster.CreateOptions;
import com.sessionjar.cluster.Plan;
import com.sessionjar.cluster.WorkerEnvironment;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.QueueAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Clusters in Azure: per session a resource group holding a storage account (the queues and the
 * runtime share with session.jar), a virtual network and a Linux VM scale set whose nodes run our
 * worker. Everything is named from the cluster guid and the session's settings are tags on its
 * resource group, so {@code --use}, {@code --update} and {@code --delete} need nothing but the id.
 * Create and update are one idempotent path: every resource is PUT as it should be.
 */
public final class AzureClusterProvider implements ClusterProvider {
    private static final Logger LOG = LoggerFactory.getLogger(AzureClusterProvider.class);

    private final AzureAccess access;
    private final Path jar;
    private final Progress progress;
    private final Consumer<String> warn;
    private final Preflight preflight;

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
        this.warn = warn;
        this.preflight = new Preflight(access);
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

    /**
     * Creates the cluster {@code id} running {@code config}; run again with the same id and config,
     * it changes nothing (every resource is PUT as it already is, the jar is not uploaded again).
     */
    Cluster create(ClusterId id, ClusterConfig config, CreateOptions options) {
        AzureNames names = AzureNames.of(id);
        String jarSha256 = checkBeforeCalls(id, names, config);
        AzureResourceManager.Authenticated signedIn = authenticated(id.scope());
        preflight(signedIn, id, config);
        AzureResourceManager azure = signedIn.withSubscription(id.scope());
        boolean existed = groupExists(azure, names);
        if (!existed) {
            // Storage account names are global; a session run again owns its own, so only a new one is checked.
            progress.step("checking storage account name " + names.storageAccount(),
                    () -> preflight.storageAccountName(azure, names.storageAccount()));
        }
        progress.step("creating resource group " + names.resourceGroup() + " in " + config.location(),
                () -> AzureErrors.call("creating resource group " + names.resourceGroup(),
                        () -> groups(azure).createOrUpdate(names.resourceGroup(),
                                Deployment.resourceGroup(config.location(), tags(id, config)))));
        try {
            return deploy(azure, id, config, jarSha256);
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

    @Override
    public Cluster get(ClusterId id) {
        AzureNames names = AzureNames.of(id);
        AzureResourceManager azure = authenticated(id.scope()).withSubscription(id.scope());
        ResourceGroupInner group = findGroup(azure, id, names);
        ClusterConfig config = AzureTags.configOf(group.tags(), id.scope(), group.location());
        return cluster(id, config, connectionString(azure, names));
    }

    @Override
    public Cluster update(ClusterId id, ClusterConfig config) {
        if (!config.subscriptionId().isEmpty() && !config.subscriptionId().equalsIgnoreCase(id.scope())) {
            throw new BadInputException("SubScriptionId (" + config.subscriptionId() + ") is not the session's ("
                    + id.scope() + "): a session cannot move; leave SubScriptionId empty or create a new session");
        }
        AzureNames names = AzureNames.of(id);
        String jarSha256 = checkBeforeCalls(id, names, config);
        AzureResourceManager.Authenticated signedIn = authenticated(id.scope());
        AzureResourceManager azure = signedIn.withSubscription(id.scope());
        ResourceGroupInner group = findGroup(azure, id, names);
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
        SizeChange.of(old.nodeOptions().vmSize(), VmSizes.choose(config.nodeOptions()));
        preflight(signedIn, id, config);
        Cluster cluster = deploy(azure, id, config, jarSha256);
        // Last, so the tags describe the session only once its nodes have been changed.
        progress.step("recording the new settings on resource group " + names.resourceGroup(),
                () -> AzureErrors.call("updating resource group " + names.resourceGroup(),
                        () -> groups(azure).createOrUpdate(names.resourceGroup(),
                                Deployment.resourceGroup(group.location(), tags(id, config)))));
        return cluster;
    }

    @Override
    public void delete(ClusterId id) {
        AzureNames names = AzureNames.of(id);
        AzureResourceManager azure = authenticated(id.scope()).withSubscription(id.scope());
        findGroup(azure, id, names);
        deleteGroup(azure, names);
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

    /**
     * Refuses, before the first call, whatever in a deployment of {@code config} as {@code id} can be refused without
     * Azure; returns the SHA-256 of the session.jar the nodes are to run.
     */
    private String checkBeforeCalls(ClusterId id, AzureNames names, ClusterConfig config) {
        VmSizes.choose(config.nodeOptions());
        Deployment.imageUrn(config.nodeOptions().image());
        // The script with stand-ins for what Azure and the jar give later: the config's part of it is checked here,
        // before the jar is read, so a bad config is refused as such even where no session.jar runs.
        NodeBootstrap.script(AzurePlan.bootstrapInput(id, names, config, WorkerEnvironment.REDACTED,
                WorkerEnvironment.REDACTED, access, "0".repeat(64)));
        return RuntimeShare.sha256(jar());
    }

    /** The pre-flight checks that need Azure: the subscription answers, every file share takes its key. */
    private void preflight(AzureResourceManager.Authenticated signedIn, ClusterId id, ClusterConfig config) {
        progress.step("checking subscription " + id.scope() + " and " + config.fileShares().size() + " file share(s)",
                () -> {
                    preflight.subscription(signedIn, id.scope());
                    preflight.fileShares(config);
                });
    }

    /**
     * Makes the session's resources what {@code config} says, in its existing resource group, the nodes running the
     * session.jar whose SHA-256 is {@code jarSha256}.
     */
    private Cluster deploy(AzureResourceManager azure, ClusterId id, ClusterConfig config, String jarSha256) {
        AzureNames names = AzureNames.of(id);
        String group = names.resourceGroup();
        Map<String, String> tags = tags(id, config);
        StorageAccountInner account = progress.step("creating storage account " + names.storageAccount(),
                () -> AzureErrors.call("creating storage account " + names.storageAccount(),
                        () -> storage(azure).create(group, names.storageAccount(),
                                Deployment.storageAccount(config.location(), tags))));
        String key = key(azure, names);
        String connectionString = Deployment.connectionString(account, key);
        Cluster cluster = cluster(id, config, connectionString);
        progress.step("creating queues " + cluster.requestQueue() + " and " + cluster.responseQueue(), () -> {
            cluster.requests().createIfNotExists();
            cluster.responses().createIfNotExists();
        });
        boolean uploaded = progress.step("publishing session.jar on file share " + names.runtimeShare(),
                () -> new RuntimeShare(connectionString, names.runtimeShare(), access.httpClient()).publish(jar()));
        LOG.info(uploaded ? "Uploaded session.jar" : "The share's session.jar is already this one");
        progress.step("creating virtual network " + names.virtualNetwork(),
                () -> AzureErrors.call("creating virtual network " + names.virtualNetwork(),
                        () -> azure.networks().manager().serviceClient().getVirtualNetworks().createOrUpdate(group,
                                names.virtualNetwork(), Deployment.network(config.location(), names.subnet(), tags))));
        BootstrapInput input = AzurePlan.bootstrapInput(id, names, config, connectionString, key, access, jarSha256);
        Deployment.NodeSpec nodes = new Deployment.NodeSpec(VmSizes.choose(config.nodeOptions()),
                config.nodeOptions().image(), config.nodeCount(), tags, NodeBootstrap.script(input));
        new ScaleSet(azure, names, progress, warn).apply(config, nodes, subnetId(id, names), NodeBootstrap.secrets(input));
        return cluster;
    }

    private void deleteGroup(AzureResourceManager azure, AzureNames names) {
        progress.step("deleting resource group " + names.resourceGroup() + " and everything in it",
                () -> AzureErrors.call("deleting resource group " + names.resourceGroup(), () -> {
                    groups(azure).delete(names.resourceGroup());
                    return null;
                }));
    }

    private boolean groupExists(AzureResourceManager azure, AzureNames names) {
        try {
            AzureErrors.call("reading resource group " + names.resourceGroup(), () -> groups(azure).get(names.resourceGroup()));
            return true;
        } catch (ManagementException e) {
            return false;
        }
    }

    private ResourceGroupInner findGroup(AzureResourceManager azure, ClusterId id, AzureNames names) {
        try {
            return AzureErrors.call("reading resource group " + names.resourceGroup(),
                    () -> groups(azure).get(names.resourceGroup()));
        } catch (ManagementException e) {
            throw new ClusterNotFoundException(id, "in subscription " + id.scope() + ": its resource group "
                    + names.resourceGroup() + " does not exist (deleted, or a mistyped id)");
        }
    }

    private Cluster cluster(ClusterId id, ClusterConfig config, String connectionString) {
        QueueAccount queues = access.httpClient() == null ? QueueAccount.fromConnectionString(connectionString)
                : QueueAccount.fromConnectionString(connectionString, QueueAccount.RETRIES, List.of(), access.httpClient());
        return new Cluster(id, config, queues, config.queueOptions().requestQueueName(),
                config.queueOptions().responseQueueName());
    }

    private String connectionString(AzureResourceManager azure, AzureNames names) {
        StorageAccountInner account = AzureErrors.call("reading storage account " + names.storageAccount(),
                () -> storage(azure).getByResourceGroup(names.resourceGroup(), names.storageAccount()));
        return Deployment.connectionString(account, key(azure, names));
    }

    private static String key(AzureResourceManager azure, AzureNames names) {
        return AzureErrors.call("listing the keys of storage account " + names.storageAccount(),
                () -> storage(azure).listKeys(names.resourceGroup(), names.storageAccount())).keys().get(0).value();
    }

    private static String subnetId(ClusterId id, AzureNames names) {
        return "/subscriptions/" + id.scope() + "/resourceGroups/" + names.resourceGroup()
                + "/providers/Microsoft.Network/virtualNetworks/" + names.virtualNetwork() + "/subnets/" + names.subnet();
    }

    private static Map<String, String> tags(ClusterId id, ClusterConfig config) {
        return AzureTags.of(id, config, VmSizes.choose(config.nodeOptions()), BuildInfo.version());
    }

    private AzureResourceManager.Authenticated authenticated(String subscription) {
        AzureResourceManager.Configurable configurable = AzureResourceManager.configure();
        if (access.httpClient() != null) {
            configurable = configurable.withHttpClient(access.httpClient());
        }
        AzureProfile profile = new AzureProfile(access.tenantId(), subscription, access.environment());
        TokenCredential credential = signedIn();
        return configurable.authenticate(credential, profile);
    }

    /**
     * The credential, with a token for Resource Manager taken now: credentials that do not work fail
     * here at once, in one line, instead of after the SDK's retries of every request. The token is
     * handed to the SDK while it is valid, so the credential (say the Azure CLI) is asked once.
     */
    private TokenCredential signedIn() {
        TokenCredential credential = credential();
        TokenRequestContext context = new TokenRequestContext()
                .addScopes(access.environment().getManagementEndpoint() + "/.default");
        AccessToken token = AzureErrors.call("signing in", () -> credential.getTokenSync(context));
        return request -> request.getScopes().equals(context.getScopes())
                && token.getExpiresAt().isAfter(OffsetDateTime.now().plusMinutes(5))
                ? Mono.just(token) : credential.getToken(request);
    }

    /**
     * The credential the environment configures. The SDK refuses a bad AZURE_TOKEN_CREDENTIALS with an
     * IllegalArgumentException and missing variables it requires with an IllegalStateException.
     */
    private TokenCredential credential() {
        try {
            return access.credential().get();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new InfrastructureException(e.getMessage(), e);
        }
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

    private static ResourceGroupsClient groups(AzureResourceManager azure) {
        return azure.genericResources().manager().serviceClient().getResourceGroups();
    }

    private static StorageAccountsClient storage(AzureResourceManager azure) {
        return azure.storageAccounts().manager().serviceClient().getStorageAccounts();
    }
}
