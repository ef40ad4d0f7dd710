package com.sessionjar.cluster.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's process as the CLI sees it: started (detached, like a worker) by the command
 * that finds it not running, recorded in {@code <home>/supervisor/supervisor.json} as a
 * {@link ProcessRecord}, and stopped once the last local session is deleted. Every call is made
 * under {@link LocalState#lock()}, so at most one supervisor runs per home folder.
 */
final class SupervisorProcess {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorProcess.class);

    private final LocalState state;

    SupervisorProcess(LocalState state) {
        this.state = state;
    }

    /** The marker in the supervisor's command line: its home folder, so that supervisors of other homes are told apart. */
    static String marker(Path home) {
        return "-Dsessionjar.supervisor=" + home;
    }

    static Path directory(LocalState state) {
        return state.home().resolve("supervisor");
    }

    static Path recordFile(LocalState state) {
        return directory(state).resolve("supervisor.json");
    }

    /** The supervisor's log file, which {@code --logs} shows after the workers' logs. */
    static Path logFile(LocalState state) {
        return directory(state).resolve("supervisor.log");
    }

    /** The supervisor recorded for this home folder, if it is running. */
    Optional<ProcessRecord> running() {
        return state.read(recordFile(state), ProcessRecord.class).filter(ProcessRecord::isRunning);
    }

    /**
     * Starts the supervisor unless it runs; it needs no waiting for, as it changes nothing until it
     * takes the lock. A bad {@value SupervisorMain#INTERVAL} is refused here, where the user sees it.
     */
    void ensureRunning() {
        if (running().isPresent()) {
            return;
        }
        SupervisorMain.interval(System.getenv());
        Path directory = directory(state);
        LocalState.createDirectories(directory);
        Path log = LocalState.userOnlyFile(logFile(state));
        Process process = Detached.start(command(), directory, log, Map.of());
        ProcessRecord record = ProcessRecord.of(process.toHandle(), marker(state.home()));
        state.write(recordFile(state), record);
        LOG.info("Started the supervisor (pid {}; it logs to {})", record.pid(), log);
    }

    /** Stops the supervisor if it runs, and removes its folder, log included (as Azurite's goes with the last session). */
    void stop() {
        state.read(recordFile(state), ProcessRecord.class).ifPresent(record -> {
            if (!record.stop(Duration.ofSeconds(10))) {
                LOG.warn("The supervisor (pid {}) did not stop on SIGTERM and was killed", record.pid());
            }
        });
        LocalState.deleteTree(directory(state));
    }

    /** {@code java -cp <this jar> SupervisorMain}, small heap, with the home folder's marker. */
    private List<String> command() {
        return Detached.javaCommand("128m", marker(state.home()), SupervisorMain.class.getName());
    }
}
