package com.sessionjar.cluster.local;

import com.sessionjar.cluster.ClusterId;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a local session, whatever is left of it: its workers, found by the session's marker in
 * their command lines (recorded or not, each verified before it is signalled); its queues, found
 * by the {@link #SESSION_ID} metadata they are created with and by the session's id in their names
 * (which covers custom names, the poison queue, reply queues and queues made before the metadata);
 * its folder, record or none. Called under {@link LocalState#lock()}.
 */
final class LocalCleanup {
    /** The metadata key that ties a queue to its local session: the session's guid. */
    static final String SESSION_ID = "sessionjarid";
    private static final Logger LOG = LoggerFactory.getLogger(LocalCleanup.class);

    private final LocalState state;
    private final Azurite azurite;
    private final SupervisorProcess supervisor;

    LocalCleanup(LocalState state, Azurite azurite, SupervisorProcess supervisor) {
        this.state = state;
        this.azurite = azurite;
        this.supervisor = supervisor;
    }

    /** The metadata a queue of session {@code id} is created with. */
    static Map<String, String> metadata(ClusterId id) {
        return Map.of(SESSION_ID, id.guid().toString());
    }

    /** Deletes session {@code record}: its recorded workers and any other process with its marker, its queues, its folder. */
    void delete(LocalSessionRecord record) {
        LocalWorkers.stop(record.workers());
        removeWithoutRecord(record.id());
        stopWhenNoSessionIsLeft();
    }

    /**
     * Deletes what is left of session {@code id} without its record (unreadable, missing, or only a
     * half-written {@code .tmp}); returns whether anything of it was found.
     */
    boolean deleteWithoutRecord(ClusterId id) {
        boolean found = removeWithoutRecord(id);
        stopWhenNoSessionIsLeft();
        return found;
    }

    private boolean removeWithoutRecord(ClusterId id) {
        int stopped = LocalWorkers.stopAll(id);
        int queues = deleteQueues(id);
        boolean folder = Files.exists(state.sessionDirectory(id));
        state.removeSession(id);
        if (stopped > 0 || queues > 0) {
            LOG.info("Session {}: stopped {} worker process(es), deleted {} queue(s)", id, stopped, queues);
        }
        return stopped > 0 || queues > 0 || folder;
    }

    /** Deletes every queue of session {@code id} in the home's Azurite, if one serves; returns how many. */
    private int deleteQueues(ClusterId id) {
        if (!Files.exists(state.azuriteDirectory()) || !azurite.isServing()) {
            return 0; // no Azurite of this home: no queue to find (and no account to make for looking)
        }
        QueueAccount account = QueueAccount.fromConnectionString(azurite.connectionString(azurite.port()));
        MessageQueue any = account.queue(id.resourceName("requests"));
        String prefix = id.resourceName("");
        String guid = id.guid().toString();
        int deleted = 0;
        for (Map.Entry<String, Map<String, String>> queue : any.siblingsStartingWith("").entrySet()) {
            if ((queue.getKey().startsWith(prefix) || guid.equals(queue.getValue().get(SESSION_ID)))
                    && any.sibling(queue.getKey()).deleteIfExists()) {
                deleted++;
            }
        }
        return deleted;
    }

    /** After the last local session is gone: the supervisor first (so it restarts nothing), then Azurite. */
    void stopWhenNoSessionIsLeft() {
        List<ClusterId> left = state.sessionIds();
        if (left.isEmpty()) {
            supervisor.stop();
            azurite.stopIfOurs();
        }
    }
}
