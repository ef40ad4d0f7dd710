package com.sessionjar.cluster.local;

import com.sessionjar.cluster.WorkerEnvironment;
import java.util.List;
import java.util.Map;

/**
 * Starts workers for a recorded session, with the environment its config gives them: what both the
 * CLI (create, update, --use) and the supervisor (restarts, scaling out) do, always under
 * {@link LocalState#lock()}, and always followed by writing the record.
 */
record SessionWorkers(LocalState state, LocalShares shares, Azurite azurite) {

    /** Starts workers numbered {@code first} to {@code first + count - 1} of {@code record}'s session and waits until each polls. */
    List<ProcessRecord> start(LocalSessionRecord record, int first, int count) {
        shares.create(record.config());
        Map<String, String> environment = shares.rewrite(record.config(), WorkerEnvironment.of(record.config(),
                azurite.connectionString(record.azuritePort()), record.requestQueue(), record.responseQueue()));
        return LocalWorkers.start(record.id(), state.sessionDirectory(record.id()), first, count, environment);
    }
}
