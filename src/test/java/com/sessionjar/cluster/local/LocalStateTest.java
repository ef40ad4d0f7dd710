package com.sessionjar.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.EnvironmentVariable;
import com.sessionjar.cluster.NodeOptions;
import com.sessionjar.cluster.QueueOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateTest {
    @TempDir
    Path home;

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** Reads back what {@link LocalState#write} wrote, independently of LocalState. */
    private static Map<?, ?> readJson(Path file) throws Exception {
        return new ObjectMapper().readValue(file.toFile(), Map.class);
    }

    private static LocalSessionRecord record(ClusterConfig config) {
        ClusterId id = ClusterId.newLocal();
        return new LocalSessionRecord(id, config, 10001, id.resourceName("requests"), id.resourceName("responses"),
                List.of(new ProcessRecord(4242, "2025-01-02T03:04:05.678Z", "marker-" + id.guid())), "2025-01-02T03:04:00Z");
    }

    @Test
    void write_createsUserOnlyFileAndFolders() throws Exception {
        LocalState state = new LocalState(home);
        Path file = home.resolve("a").resolve("b").resolve("value.json");

        state.write(file, Map.of("key", "value"));

        assertEquals("rw-------", mode(file));
        assertEquals("rwx------", mode(home.resolve("a")));
        assertEquals("rwx------", mode(home.resolve("a").resolve("b")));
        assertEquals("value", readJson(file).get("key"));
    }

    @Test
    void write_thatFails_leavesNoTemporaryFile_andTheFileAsItWas() throws Exception {
        LocalState state = new LocalState(home);
        Path file = home.resolve("session.json");
        Files.createDirectory(file); // the move cannot replace a folder holding a file, as a full disk cannot take the bytes
        Files.writeString(file.resolve("inside"), "x");

        assertThrows(InfrastructureException.class, () -> state.write(file, Map.of("key", "value")));

        assertFalse(Files.exists(home.resolve("session.json.tmp")), "no half-written file for a later command to find");
        assertTrue(Files.isDirectory(file));
    }

    @Test
    void write_existingReadableFile_isReplacedUserOnlyWithoutLeftovers() throws Exception {
        LocalState state = new LocalState(home);
        Path file = home.resolve("value.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        state.write(file, Map.of("key", "new"));

        assertEquals("rw-------", mode(file));
        assertEquals("new", readJson(file).get("key"));
        try (var files = Files.list(home)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void writeSession_thenReadSession_givesSameRecord() {
        LocalState state = new LocalState(home);
        ClusterConfig config = ClusterConfig.defaults().withService("grpc").withNodeCount(3)
                .withQueueOptions(new QueueOptions("in", "out", 120, 7));
        LocalSessionRecord record = record(config);

        state.writeSession(record);

        assertEquals(Optional.of(record), state.readSession(record.id()));
        assertTrue(Files.isRegularFile(state.sessionDirectory(record.id()).resolve("session.json")));
    }

    @Test
    void writeSession_nodeImage_survivesRoundTrip() {
        LocalState state = new LocalState(home);
        ClusterConfig config = new ClusterConfig(null, null, null, null, null, null,
                new NodeOptions(2, 4, "example/image:1", "Standard_D2s_v5"), null, null);
        LocalSessionRecord record = record(config);

        state.writeSession(record);

        assertEquals(new NodeOptions(2, 4, "example/image:1", "Standard_D2s_v5"), state.readSession(record.id()).orElseThrow()
                .config().nodeOptions());
    }

    @Test
    void writeSession_secureValue_survivesRoundTrip() {
        LocalState state = new LocalState(home);
        ClusterConfig config = ClusterConfig.defaults().withEnvironmentVariables(List.of(
                new EnvironmentVariable("TOKEN", null, "top-secret"),
                new EnvironmentVariable("PLAIN", "visible", null)));
        LocalSessionRecord record = record(config);

        state.writeSession(record);

        LocalSessionRecord read = state.readSession(record.id()).orElseThrow();
        assertEquals(record, read);
        assertEquals("top-secret", read.config().environmentVariables().get(0).secureValue());
    }

    @Test
    void readSession_aRecordOfAVersionBeforeList_hasNoCreationTime() throws Exception {
        LocalState state = new LocalState(home);
        LocalSessionRecord record = record(ClusterConfig.defaults());
        state.writeSession(record);
        Path file = state.sessionDirectory(record.id()).resolve("session.json");
        ObjectNode written = (ObjectNode) new ObjectMapper().readTree(file.toFile());
        written.remove("created");
        Files.writeString(file, written.toString());

        assertEquals(null, state.readSession(record.id()).orElseThrow().created());
        assertEquals(record.workers(), state.readSession(record.id()).orElseThrow().workers());
    }

    @Test
    void readSession_unknownId_isEmpty() {
        assertEquals(Optional.empty(), new LocalState(home).readSession(ClusterId.newLocal()));
    }

    @Test
    void sessionIds_listsWrittenSessionsOnly() throws Exception {
        LocalState state = new LocalState(home);
        LocalSessionRecord first = record(ClusterConfig.defaults());
        LocalSessionRecord second = record(ClusterConfig.defaults());
        state.writeSession(first);
        state.writeSession(second);
        // A folder without a record (e.g. left half-made) is not a session.
        Files.createDirectories(state.sessionDirectory(ClusterId.newLocal()));

        assertEquals(Set.of(first.id(), second.id()), new HashSet<>(state.sessionIds()));
        assertEquals(2, state.sessionIds().size());
    }

    @Test
    void sessionIds_noSessionsFolder_isEmpty() {
        assertEquals(List.of(), new LocalState(home.resolve("fresh")).sessionIds());
    }

    @Test
    void removeSession_deletesItsFolder() throws Exception {
        LocalState state = new LocalState(home);
        LocalSessionRecord kept = record(ClusterConfig.defaults());
        LocalSessionRecord removed = record(ClusterConfig.defaults());
        state.writeSession(kept);
        state.writeSession(removed);
        Files.writeString(state.sessionDirectory(removed.id()).resolve("worker-1.log"), "log");

        state.removeSession(removed.id());

        assertFalse(Files.exists(state.sessionDirectory(removed.id())));
        assertEquals(List.of(kept.id()), state.sessionIds());
        assertEquals(Optional.empty(), state.readSession(removed.id()));
    }

    @Test
    void removeSession_unknownId_doesNothing() {
        LocalState state = new LocalState(home);
        LocalSessionRecord kept = record(ClusterConfig.defaults());
        state.writeSession(kept);

        state.removeSession(ClusterId.newLocal());

        assertEquals(List.of(kept.id()), state.sessionIds());
    }

    @Test
    void readSession_corruptRecord_namesFile() throws Exception {
        LocalState state = new LocalState(home);
        ClusterId id = ClusterId.newLocal();
        Path file = state.sessionDirectory(id).resolve("session.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{ \"id\": ");

        InfrastructureException e = assertThrows(InfrastructureException.class, () -> state.readSession(id));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("fix or remove it"), e.getMessage());
    }
}
