package com.sessionjar.cluster.local;

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
import com.sessionjar.protocol.WakeFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        LocalConfigCheck.runnable(config);
        FullHome.refuseIfFull(state.home(), "a session");
        azurite.lostDataFolder().ifPresent(data -> {
            throw new InfrastructureException(azurite.lostDataLine(data, "the queues of every local session were",
                    "--delete each local session (--list shows them), then create again: Azurite starts afresh after the last"
                            + " delete"));
        });
        ClusterId id = ClusterId.newLocal();
        try (LocalState.Lock lock = state.lock(); InterruptedCreate signal = InterruptedCreate.install(id)) {
            LocalSessionRecord record = new LocalSessionRecord(id, config, azurite.port(),
                    LocalConfigCheck.queueName(id, config.queueOptions().requestQueueName()),
                    LocalConfigCheck.queueName(id, config.queueOptions().responseQueueName()), List.of(),
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
                throw signal.came() ? new InfrastructureException("Interrupted: nothing was kept of session " + id, e)
                        : FullHome.explained(e, state.home());
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
            refuseIfDataLost(id);
            azurite.ensureRunning();
            record = restartStoppedWorkers(record);
            supervisor.ensureRunning();
            return toCluster(record, azurite);
        } catch (RuntimeException e) {
            throw FullHome.explained(e, state.home());
        }
    }

    /** The home: Azurite's data, the session records and the workers' logs are all under it. */
    @Override
    public Optional<Path> dataFolder(ClusterId id) {
        return Optional.of(state.home());
    }

    @Override
    public Optional<TransactionCounts> workerTransactions(ClusterId id) {
        try {
            return StatsFile.transactionsIn(state.sessionDirectory(id));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no folder (deleted meanwhile) or a file half gone: not known
        }
    }

    /** The session's wake file, if its folder is there (workers made by earlier versions watch none). */
    @Override
    public Optional<Path> wakeFile(ClusterId id) {
        Path file = WakeFile.in(state.sessionDirectory(id));
        return Files.isDirectory(file.getParent()) ? Optional.of(file) : Optional.empty();
    }

    @Override
    public Cluster update(ClusterId id, ClusterConfig config) {
        LocalConfigCheck.runnable(config);
        FullHome.refuseIfFull(state.home(), "an update");
        try (LocalState.Lock lock = state.lock()) {
            LocalSessionRecord record = find(id);
            LocalConfigCheck.queueNamesKept(record.config(), config);
            refuseIfDataLost(id);
            azurite.ensureRunning();
            toCluster(record, azurite).makeMissingQueues(LocalCleanup.metadata(id))
                    .forEach(name -> LOG.info("Session {}: its queue {} was gone; made it again", id, name));
            record = replacement.apply(record, config);
            state.writeSession(record);
            supervisor.ensureRunning();
            LOG.info("Session {} now runs {} x {}", id, record.workers().size(), config.service());
            return toCluster(record, azurite);
        } catch (RuntimeException e) {
            throw FullHome.explained(e, state.home());
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

    /** Refuses to use or update session {@code id} when its queues went with Azurite's data folder. */
    private void refuseIfDataLost(ClusterId id) {
        azurite.lostDataFolder().ifPresent(data -> {
            throw new InfrastructureException(azurite.lostDataLine(data, "the queues of session " + id + " were",
                    "--delete " + id + " and create the session again"));
        });
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
}
