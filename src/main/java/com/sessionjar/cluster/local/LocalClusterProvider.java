package com.sessionjar.cluster.local;

import com.sessionjar.BadInputException;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.Cluster;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.ClusterNotFoundException;
import com.sessionjar.cluster.ClusterProvider;
import com.sessionjar.cluster.NodeLog;
import com.sessionjar.cluster.Plan;
import com.sessionjar.cluster.SessionStatus;
import com.sessionjar.cluster.SessionSummary;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.protocol.TransactionCounts;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.protocol.WorkerSettings;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clusters on this machine: queues in a local Azurite, one worker process per node. Sessions
 * outlive the command that created them; everything about one is found again from its id under
 * the home directory.
 */
public final class LocalClusterProvider implements ClusterProvider {
    /** The most nodes a local session may have: each is a JVM on this machine. */
    public static final int MAX_NODES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(LocalClusterProvider.class);

    private final LocalState state;
    private final Azurite azurite;
    private final SessionWorkers workers;
    private final SupervisorProcess supervisor;
    private final LocalPlans plans;
    private final LocalInspector inspector;
    private final LocalCleanup cleanup;
    private final WorkerReplacement replacement = new WorkerReplacement(this::startWorkers);

    /** A provider keeping its state and Azurite as {@code settings} say. */
    public LocalClusterProvider(LocalSettings settings) {
        this.state = new LocalState(settings.home());
        this.azurite = new Azurite(settings, state);
        this.workers = new SessionWorkers(state, new LocalShares(settings.home()), azurite);
        this.supervisor = new SupervisorProcess(state);
        this.plans = new LocalPlans(state, azurite);
        this.inspector = new LocalInspector(state, azurite);
        this.cleanup = new LocalCleanup(state, azurite, supervisor);
    }

    /** A provider configured by the environment variables {@link LocalSettings} names. */
    public static LocalClusterProvider fromEnvironment() {
        return new LocalClusterProvider(LocalSettings.fromEnvironment());
    }

    @Override
    public boolean owns(ClusterId id) {
        return id.isLocal();
    }

    /**
     * Creates a session. A SIGINT or SIGTERM meanwhile rolls it back ({@link InterruptedCreate}): the
     * session is either complete, and its id returned, or nothing of it is kept.
     */
    @Override
    public Cluster create(ClusterConfig config) {
        checkRunnable(config);
        ClusterId id = ClusterId.newLocal();
        try (LocalState.Lock lock = state.lock(); InterruptedCreate signal = InterruptedCreate.install(id)) {
            LocalSessionRecord record = new LocalSessionRecord(id, config, azurite.port(),
                    queueName(id, config.queueOptions().requestQueueName()),
                    queueName(id, config.queueOptions().responseQueueName()), List.of(),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            boolean recorded = false;
            try {
                azurite.ensureRunning();
                signal.check();
                recorded = true;
                // Recorded before anything of the session is made, so that a failure part-way can always be deleted.
                state.writeSession(record);
                Cluster cluster = toCluster(record, azurite);
                signal.check();
                cluster.requests().create(LocalCleanup.metadata(id));
                cluster.responses().create(LocalCleanup.metadata(id));
                signal.check();
                record = record.withWorkers(startWorkers(record, 1, config.nodeCount()));
                signal.check();
                state.writeSession(record);
                supervisor.ensureRunning();
                signal.commit();
                return cluster;
            } catch (RuntimeException e) {
                signal.rollingBack();
                if (recorded) {
                    LOG.warn("Creating session {} failed; removing what was made of it", id);
                }
                cleanup.delete(readableOr(record));
                if (e instanceof WorkerStartFailure failure && !signal.came()) {
                    // Its log went with the session's folder: name what it said, not where it was.
                    throw new InfrastructureException(failure.reason() + "; nothing was kept of the session", failure);
                }
                throw signal.came() ? new InfrastructureException("Interrupted: nothing was kept of session " + id, e) : e;
            }
        }
    }

    /** The session's record as written, or {@code made} when there is none yet (or it cannot be read). */
    private LocalSessionRecord readableOr(LocalSessionRecord made) {
        try {
            return state.readSession(made.id()).orElse(made);
        } catch (UnreadableRecordException e) {
            return made;
        }
    }

    @Override
    public Cluster get(ClusterId id) {
        try (LocalState.Lock lock = state.lock()) {
            LocalSessionRecord record = find(id);
            azurite.ensureRunning();
            record = restartStoppedWorkers(record);
            supervisor.ensureRunning();
            return toCluster(record, azurite);
        }
    }

    @Override
    public Optional<TransactionCounts> workerTransactions(ClusterId id) {
        try {
            return StatsFile.transactionsIn(state.sessionDirectory(id));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no folder (deleted meanwhile) or a file half gone: not known
        }
    }

    @Override
    public Cluster update(ClusterId id, ClusterConfig config) {
        checkRunnable(config);
        try (LocalState.Lock lock = state.lock()) {
            LocalSessionRecord record = find(id);
            checkQueueNamesKept(record.config(), config);
            azurite.ensureRunning();
            toCluster(record, azurite).makeMissingQueues(LocalCleanup.metadata(id))
                    .forEach(name -> LOG.info("Session {}: its queue {} was gone; made it again", id, name));
            record = replacement.apply(record, config);
            state.writeSession(record);
            supervisor.ensureRunning();
            LOG.info("Session {} now runs {} x {}", id, record.workers().size(), config.service());
            return toCluster(record, azurite);
        }
    }

    /**
     * Deletes session {@code id}: with its record if it can be read; otherwise whatever of it is found
     * (workers by their marker, queues by their metadata or names, its folder), or not found if nothing is.
     */
    @Override
    public void delete(ClusterId id) {
        try (LocalState.Lock lock = state.lock()) {
            Optional<LocalSessionRecord> record;
            try {
                record = state.readSession(checkLocal(id));
            } catch (UnreadableRecordException e) {
                LOG.warn("{}; deleting the session without it", e.getMessage());
                cleanup.deleteWithoutRecord(id);
                return;
            }
            if (record.isPresent()) {
                cleanup.delete(checkPort(record.get()));
            } else if (!cleanup.deleteWithoutRecord(id)) {
                throw notFound(id);
            }
        }
    }

    /** Session {@code id} as it is; see {@link LocalInspector#status}. Starts nothing. */
    @Override
    public SessionStatus status(ClusterId id) {
        return inspector.status(find(id));
    }

    /** The last {@code tail} lines of each worker's log file, or of worker {@code node}'s. */
    @Override
    public List<NodeLog> logs(ClusterId id, Integer node, int tail) {
        return inspector.logs(find(id), node, tail);
    }

    /** Every session recorded under the home folder, oldest first; {@code scope} is not used. */
    @Override
    public List<SessionSummary> list(String scope) {
        return inspector.list();
    }

    /** What create would do here; see {@link LocalPlans}. Calls nothing, starts nothing. */
    @Override
    public Plan planCreate(ClusterConfig config) {
        return plans.create(config);
    }

    /** What update would make of session {@code id}. Calls nothing. */
    @Override
    public Plan planUpdate(ClusterId id, ClusterConfig config) {
        return plans.update(id, config);
    }

    /** What delete would remove of session {@code id}. Calls nothing. */
    @Override
    public Plan planDelete(ClusterId id) {
        return plans.delete(id);
    }

    private LocalSessionRecord find(ClusterId id) {
        return checkPort(state.readSession(checkLocal(id)).orElseThrow(() -> notFound(id)));
    }

    private ClusterId checkLocal(ClusterId id) {
        if (!owns(id)) {
            throw new IllegalArgumentException("Session " + id + " is not a local session");
        }
        return id;
    }

    private ClusterNotFoundException notFound(ClusterId id) {
        return new ClusterNotFoundException(id, "on this machine (looked in " + state.sessionDirectory(id) + "; is "
                + LocalSettings.HOME + " the same as when it was created?)");
    }

    /** {@code record}, if its queues are in the Azurite on this home's port. */
    private LocalSessionRecord checkPort(LocalSessionRecord record) {
        ClusterId id = record.id();
        if (record.azuritePort() != azurite.port()) {
            throw new InfrastructureException("Session " + id + " has its queues in the Azurite on port "
                    + record.azuritePort() + ", but " + LocalSettings.AZURITE_PORT + " is " + azurite.port()
                    + ": run with " + LocalSettings.AZURITE_PORT + "=" + record.azuritePort());
        }
        return record;
    }

    /** Starts the workers that should run but do not, e.g. after a reboot. */
    private LocalSessionRecord restartStoppedWorkers(LocalSessionRecord record) {
        List<ProcessRecord> workers = new ArrayList<>(record.workers());
        int stopped = 0;
        for (int i = 0; i < workers.size(); i++) {
            if (!workers.get(i).isRunning()) {
                workers.set(i, startWorkers(record, i + 1, 1).get(0));
                stopped++;
            }
        }
        if (stopped == 0) {
            return record;
        }
        LOG.warn("Restarted {} worker(s) of session {} that were no longer running", stopped, record.id());
        LocalSessionRecord updated = record.withWorkers(workers);
        state.writeSession(updated);
        return updated;
    }

    private List<ProcessRecord> startWorkers(LocalSessionRecord record, int first, int count) {
        return workers.start(record, first, count);
    }

    /** The session's queues, in the home's account of the Azurite on the record's port. */
    static Cluster toCluster(LocalSessionRecord record, Azurite azurite) {
        QueueAccount account = QueueAccount.fromConnectionString(azurite.connectionString(record.azuritePort()));
        return new Cluster(record.id(), record.config(), account, record.requestQueue(), record.responseQueue());
    }

    /** Refuses, before anything is made, what a local session cannot run. */
    static void checkRunnable(ClusterConfig config) {
        config.check();
        if (config.nodeCount() > MAX_NODES) {
            throw new BadInputException("NodeCount (" + config.nodeCount() + ") must be at most " + MAX_NODES
                    + " for a local session: each node is a process on this machine");
        }
        if (config.maxNodeCount() > MAX_NODES) {
            throw new BadInputException("AutoScale.MaxNodeCount (" + config.maxNodeCount() + ") must be at most " + MAX_NODES
                    + " for a local session: each node is a process on this machine");
        }
        LocalCapacity.warning(config, Runtime.getRuntime().availableProcessors()).ifPresent(LOG::warn);
        queueName(ClusterId.newLocal(), config.queueOptions().requestQueueName() + WorkerSettings.POISON_SUFFIX);
        queueName(ClusterId.newLocal(), config.queueOptions().responseQueueName());
    }

    private static void checkQueueNamesKept(ClusterConfig old, ClusterConfig config) {
        if (!old.queueOptions().requestQueueName().equals(config.queueOptions().requestQueueName())
                || !old.queueOptions().responseQueueName().equals(config.queueOptions().responseQueueName())) {
            throw new BadInputException("QueueOptions queue names cannot change on update (the session has '"
                    + old.queueOptions().requestQueueName() + "' and '" + old.queueOptions().responseQueueName()
                    + "'): create a new session instead");
        }
    }

    /** A session's queue in the shared Azurite account: {@code clw-<guid>-<name>}, at most 63 characters. */
    static String queueName(ClusterId id, String name) {
        String queue = id.resourceName(name);
        if (queue.length() > 63) {
            throw new BadInputException("QueueOptions queue name '" + name + "' is too long for a local session: "
                    + "at most " + (63 - id.resourceName("").length()) + " characters");
        }
        return queue;
    }
}
