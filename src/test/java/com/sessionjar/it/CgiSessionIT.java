package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.queue.ReceivedMessage;
import com.sessionjar.protocol.CgiReply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cgi service end to end: the real jar creates a local session, the test drives its queues. */
class CgiSessionIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final Path temp = sessions.temp();
    private final SessionJar jar = sessions.jar();

    @Test
    void wcSession_repliesToEachRequestWithItsByteCount() throws Exception {
        String id = create("{\"Service\": \"cgi\", \"EnvironmentVariables\": [{\"Name\": \"CGI_FileName\", \"Value\": "
                + "\"/usr/bin/wc\"}, {\"Name\": \"CGI_Arguments\", \"Value\": \"-c\"}]}");
        List<String> expected = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // 0 to 742 bytes, all different, most not ASCII
            String request = "é".repeat(i) + "x".repeat(i * 37) + "\n".repeat(i % 3);
            requests.add(request);
            expected.add(request.getBytes(StandardCharsets.UTF_8).length + "\n");
        }
        List<CgiReply> replies = roundTrip(id, requests);
        List<String> stdouts = new ArrayList<>();
        for (CgiReply reply : replies) {
            assertEquals(0, reply.exitCode(), reply::toString);
            assertNull(reply.exception(), reply::toString);
            assertEquals("", reply.stderr(), reply::toString);
            stdouts.add(reply.stdout());
        }
        assertEquals(expected.stream().sorted().toList(), stdouts.stream().sorted().toList(), "one count per request");
    }

    /** The program is looked for per call, so the worker starts, and every reply says it is missing. */
    @Test
    void missingProgram_workerStarts_andEveryReplyNamesTheProgram() throws Exception {
        String id = create("{\"Service\": \"CGI\", \"EnvironmentVariables\": [{\"Name\": \"CGI_FileName\", \"Value\": "
                + "\"/nonexistent/program\"}]}");
        List<CgiReply> replies = roundTrip(id, List.of("a", "b", "c", "d", "e"));
        for (CgiReply reply : replies) {
            assertEquals(new CgiReply(null, "", "", "/nonexistent/program cannot start: error=2, No such file or directory"),
                    reply);
        }
    }

    @Test
    void missingFileName_isRefusedBeforeAnythingIsMade_withExitCode2_namingTheVariable() throws Exception {
        Path config = Files.writeString(temp.resolve("cgi.json"), "{\"Service\": \"cgi\"}");
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local");
        assertEquals(2, created.exitCode(), created::toString);
        assertTrue(created.stderr().contains("EnvironmentVariables: CGI_FileName is not set"), created::toString);
        assertEquals(List.of(), jar.sessionIds(), "no session recorded");
        assertFalse(Files.exists(jar.home().resolve("azurite")), "the queue service was not even started");
    }

    private String create(String configJson) throws Exception {
        Path config = Files.writeString(temp.resolve("cgi.json"), configJson);
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        return created.stdout().trim();
    }

    /** Sends {@code requests} to the session's request queue and takes (and deletes) as many replies. */
    private List<CgiReply> roundTrip(String id, List<String> requests) throws Exception {
        JsonNode record = jar.record(id);
        assertEquals(jar.azuritePort(), record.get("azuritePort").asInt(), "the session's Azurite is the runner's");
        QueueAccount account = jar.account();
        MessageQueue requestQueue = account.queue(record.get("requestQueue").asText());
        MessageQueue responseQueue = account.queue(record.get("responseQueue").asText());
        requests.forEach(requestQueue::send);
        List<CgiReply> replies = new ArrayList<>();
        long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
        while (replies.size() < requests.size()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + replies.size() + " of " + requests.size() + " replies within "
                        + REPLY_TIMEOUT + ": " + replies);
            }
            for (ReceivedMessage message : responseQueue.receive(MessageQueue.MAX_BATCH, Duration.ofSeconds(60))) {
                responseQueue.delete(message);
                replies.add(CgiReply.parse(message.text()));
            }
            Thread.sleep(50);
        }
        Thread.sleep(500);
        assertEquals(List.of(), responseQueue.receive(MessageQueue.MAX_BATCH, Duration.ofSeconds(1)), "no extra reply");
        return replies;
    }
}
