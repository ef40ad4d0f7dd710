package com.sessionjar.cluster.local;

import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a local session's workers to a new config without ever leaving it with none: the workers
 * the new config needs are started and ready before any old one is stopped, and if they fail to
 * start, the old workers keep running and the record keeps the old config.
 *
 * <p>A replacement worker takes the number, and so the log and stats file names, of the old worker
 * it replaces: for the few seconds both run, both append to the log, and the old worker's last
 * stats are overwritten by the new one's next write (at its next poll at the latest).
 */
final class WorkerReplacement {
    /** Starts workers numbered {@code first} to {@code first + count - 1} of a session as its record says. */
    @FunctionalInterface
    interface Starter {
        List<ProcessRecord> start(LocalSessionRecord record, int first, int count);
    }

    private static final Logger LOG = LoggerFactory.getLogger(WorkerReplacement.class);
    private final Starter starter;

    WorkerReplacement(Starter starter) {
        this.starter = starter;
    }

    /**
     * {@code record} with {@code config} and the workers that run it. Workers are replaced when the
     * service, its environment, the shares or the queue options change, otherwise only added or
     * removed to match {@code NodeCount}, or, with {@code AutoScale}, to keep the size the supervisor
     * scaled the session to within {@code NodeCount} to {@code MaxNodeCount}.
     *
     * @throws InfrastructureException if a new worker fails to start; the session is then as it was
     */
    LocalSessionRecord apply(LocalSessionRecord record, ClusterConfig config) {
        ClusterConfig old = record.config();
        LocalSessionRecord updated = record.withConfig(config);
        boolean replace = !old.service().equals(config.service())
                || !old.environmentVariables().equals(config.environmentVariables())
                || !old.fileShares().equals(config.fileShares())
                || !old.queueOptions().equals(config.queueOptions());
        int size = size(record, config);
        if (replace) {
            LOG.info("Starting {} worker(s) of session {} with the new config before stopping its {} old one(s)",
                    size, record.id(), record.workers().size());
            List<ProcessRecord> started = start(updated, 1, size, record);
            LocalWorkers.stop(record.workers());
            return updated.withWorkers(started);
        }
        List<ProcessRecord> workers = new ArrayList<>(record.workers());
        if (workers.size() < size) {
            workers.addAll(start(updated, workers.size() + 1, size - workers.size(), record));
        }
        if (workers.size() > size) {
            List<ProcessRecord> surplus = workers.subList(size, workers.size());
            LocalWorkers.stop(surplus);
            surplus.clear();
        }
        return updated.withWorkers(workers);
    }

    /** How many workers the session runs under {@code config}: NodeCount, or with AutoScale its present size within the new bounds. */
    static int size(LocalSessionRecord record, ClusterConfig config) {
        if (config.autoScale() == null) {
            return config.nodeCount();
        }
        return Math.max(config.nodeCount(), Math.min(config.maxNodeCount(), record.workers().size()));
    }

    /** Starts workers for {@code updated}; if they fail, says that {@code before} is kept as it was. */
    private List<ProcessRecord> start(LocalSessionRecord updated, int first, int count, LocalSessionRecord before) {
        try {
            return starter.start(updated, first, count);
        } catch (InfrastructureException e) {
            long running = before.workers().stream().filter(ProcessRecord::isRunning).count();
            throw new InfrastructureException(e.getMessage() + "; nothing was changed: session " + before.id()
                    + " keeps its previous config and its " + running + " running worker(s)", e);
        }
    }
}
