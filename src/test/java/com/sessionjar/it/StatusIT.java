package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.protocol.ReplyQueues;
import com.sessionjar.queue.MessageQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * --status, --logs and --list on a real local session (the real jar, a real Azurite, real worker
 * processes), as a user runs them: what they show after a send, and a killed worker shown dead and
 * left dead by them (the supervisor, which restarts it, is made to look only once an hour). One
 * session of two workers for all; the worker is killed last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SENT = 300;

    @RegisterExtension
    // The supervisor would restart the killed worker within a second: here it looks once an hour, so the dead one stays dead.
    static final LocalSessionsExtension sessions = new LocalSessionsExtension()
            .withEnvironment("SESSIONJAR_SUPERVISOR_POLL_MS", "3600000");

    private final SessionJar jar = sessions.jar();
    private String id;
    private String replyQueue;

    @BeforeAll
    void createSessionAndSend() throws Exception {
        Path config = Files.writeString(sessions.temp().resolve("echo.json"), "{\"Service\": \"echo\", \"NodeCount\": 2}");
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local", "--send", "hi",
                "--count", Integer.toString(SENT));
        assertEquals(0, created.exitCode(), created::toString);
        id = created.stdout().trim();
        // A reply queue with 3 replies in it, as a run going on has (a run's own queue is deleted when it ends).
        MessageQueue responses = jar.account().queue(jar.record(id).get("responseQueue").asText());
        MessageQueue reply = responses.sibling(ReplyQueues.name(responses.name(), "0a1b2c3d"));
        reply.createIfNotExists();
        for (int i = 0; i < 3; i++) {
            reply.send("a reply nobody took yet");
        }
        replyQueue = reply.name();
    }

    @Test
    @Order(1)
    void status_showsEachWorkerAlive_theQueuesDepths_andTheCountersOfTheSend() throws Exception {
        // Workers write their stats every 0.25 s: the send's last answers may need a moment to show.
        JsonNode status = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            status = statusJson();
            if (status.at("/counters/requests/processed").asLong() >= SENT) {
                break;
            }
            Thread.sleep(250);
        }

        assertEquals(id, status.get("id").asText());
        assertEquals("local", status.get("provider").asText());
        assertEquals("echo", status.get("service").asText());
        List<Long> pids = new ArrayList<>();
        for (JsonNode node : status.get("nodes")) {
            assertEquals("running", node.get("workerState").asText(), node::toString);
            assertTrue(node.get("alive").asBoolean(), node::toString);
            assertTrue(node.get("uptimeSeconds").asLong() >= 0, node::toString);
            assertTrue(node.at("/counters/transactions/total").asLong() > 0, node::toString);
            pids.add(node.get("pid").asLong());
        }
        assertEquals(List.of("1", "2"), names(status.get("nodes")));
        assertEquals(SessionJar.workersOf(id).stream().sorted().toList(), pids.stream().sorted().toList());
        assertEquals(SENT, status.at("/counters/requests/processed").asLong(), status::toString);
        assertEquals(0, status.at("/counters/requests/poisoned").asLong());

        JsonNode queues = status.get("queues");
        assertEquals(List.of("requests", "responses", "poison", "reply"),
                StreamSupport.stream(queues.spliterator(), false).map(q -> q.get("role").asText()).toList());
        assertEquals(0, queues.at("/0/approximateCount").asLong(), "every request answered");
        assertFalse(queues.at("/2/exists").asBoolean(), "nothing poisoned: no poison queue yet");
        assertEquals(replyQueue, queues.at("/3/name").asText());
        assertEquals(3, queues.at("/3/approximateCount").asLong());

        Result text = jar.run(RUN_TIMEOUT, "--status", id);
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.stdout().startsWith("Session " + id + " (local, echo, 2 node(s))\n"), text::toString);
        assertTrue(text.stdout().contains(replyQueue + "  reply"), text::toString);
        assertTrue(text.stdout().contains("Counters of all workers: processed " + SENT + ", "), text::toString);
        assertEquals(2, text.stdout().lines().filter(line -> line.matches("[12] +running +\\d+ .*")).count(), text::toString);
    }

    @Test
    @Order(2)
    void logs_showTheWorkersLogLines_oneNodeWithNode_andAnUnknownNodeIsAOneLineUsageError() throws Exception {
        Result all = jar.run(RUN_TIMEOUT, "--logs", id);
        assertEquals(0, all.exitCode(), all::toString);
        assertTrue(all.stdout().startsWith("==> node 1 <==\n"), all::toString);
        assertTrue(all.stdout().contains("\n==> node 2 <==\n"), all::toString);
        assertEquals(2, all.stdout().lines().filter(line -> line.contains("[INFO] Worker started: ")).count(), all::toString);

        Result one = jar.run(RUN_TIMEOUT, "--logs", id, "--node", "2", "--tail", "1");
        assertEquals(0, one.exitCode(), one::toString);
        List<String> lines = one.stdout().lines().toList();
        assertEquals(1, lines.size(), one::toString);
        assertEquals(lastLine(jar.sessionDirectory(id).resolve("worker-2.log")), lines.get(0));

        Result json = jar.run(RUN_TIMEOUT, "--logs", id, "--node", "1", "--output", "json");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode logs = JSON.readTree(json.stdout());
        assertEquals("1", logs.at("/nodes/0/node").asText());
        assertTrue(logs.at("/nodes/0/lines/0").asText().contains("Worker started: "), json::toString);

        Result unknown = jar.run(RUN_TIMEOUT, "--logs", id, "--node", "3");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertEquals("", unknown.stdout());
        assertEquals(List.of("error: Unknown node 3 of session " + id + ": its nodes are 1, 2 (--status " + id
                + " shows them)"), unknown.stderr().lines().toList());
    }

    @Test
    @Order(3)
    void list_showsTheSession_andSaysInOneLineWhyNoAzureSessionIs() throws Exception {
        Result text = jar.run(RUN_TIMEOUT, "--list");
        assertEquals(0, text.exitCode(), text::toString);
        List<String> lines = text.stdout().lines().toList();
        assertEquals(2, lines.size(), text::toString);
        assertTrue(lines.get(0).matches("ID +PROVIDER +SERVICE +NODES +CREATED"), lines.get(0));
        assertTrue(lines.get(1).matches(id + " +local +echo +2 +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), lines.get(1));
        // The tests' Azure credential is the Azure CLI's only, and there is no az here.
        assertEquals(1, text.stderr().lines().filter(line -> line.startsWith("Azure sessions are not listed: ")).count(),
                text::toString);

        Result json = jar.run(RUN_TIMEOUT, "--list", "--output", "json");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode listed = JSON.readTree(json.stdout()).get("sessions");
        assertEquals(1, listed.size(), json::toString);
        assertEquals(id, listed.at("/0/id").asText());
        assertEquals(2, listed.at("/0/nodeCount").asInt());
        Instant created = Instant.parse(listed.at("/0/created").asText());
        assertTrue(created.isBefore(Instant.now()) && created.isAfter(Instant.now().minus(Duration.ofHours(1))), json::toString);
    }

    @Test
    @Order(4)
    void status_aWorkerKilled_showsDead_andStaysDead() throws Exception {
        long killed = statusJson().at("/nodes/1/pid").asLong();
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (SessionJar.workersOf(id).contains(killed) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        JsonNode status = statusJson();

        JsonNode dead = status.at("/nodes/1");
        assertEquals("dead", dead.get("workerState").asText(), status::toString);
        assertFalse(dead.get("alive").asBoolean());
        assertEquals(killed, dead.get("pid").asLong());
        assertFalse(dead.has("uptimeSeconds"), dead::toString);
        assertTrue(dead.get("problem").asText().startsWith("not running"), dead::toString);
        assertTrue(status.at("/nodes/0/alive").asBoolean(), "the other worker runs on");
        Result text = jar.run(RUN_TIMEOUT, "--status", id);
        assertTrue(text.stdout().lines().anyMatch(line -> line.matches("2 +dead +" + killed + " +- .*")), text::toString);
        assertEquals(1, SessionJar.workersOf(id).size(), "--status starts nothing: the dead worker stays dead");
    }

    private JsonNode statusJson() throws Exception {
        Result result = jar.run(RUN_TIMEOUT, "--status", id, "--output", "json");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(1, result.stdout().lines().count(), result::toString);
        return JSON.readTree(result.stdout());
    }

    private static List<String> names(JsonNode nodes) {
        return StreamSupport.stream(nodes.spliterator(), false).map(node -> node.get("name").asText()).toList();
    }

    private static String lastLine(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return lines.get(lines.size() - 1);
    }
}
