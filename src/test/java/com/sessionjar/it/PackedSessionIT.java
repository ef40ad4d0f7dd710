package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionjar.it.SessionJar.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --pack} end to end: the real jar, a real Azurite, real worker processes. */
class PackedSessionIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final int COUNT = 2000;

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final Path temp = sessions.temp();
    private final SessionJar jar = sessions.jar();

    @Test
    void packed32_everyRequestAnsweredOnce_andGood() throws Exception {
        Path echo = Files.writeString(temp.resolve("echo.json"), "{\"Service\": \"echo\"}");
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", echo.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        String id = created.stdout().trim();

        Result used = jar.run(RUN_TIMEOUT, "--use", id, "--send", "x", "--count", Integer.toString(COUNT), "--pack", "32",
                "--replies", "--output", "json");

        assertEquals(0, used.exitCode(), used::toString);
        List<String> lines = used.stdout().lines().toList();
        assertEquals(COUNT + 1, lines.size(), "an answer a request, then the summary");
        ObjectMapper json = new ObjectMapper();
        for (String line : lines.subList(0, COUNT)) {
            JsonNode answer = json.readTree(line);
            assertEquals("x", answer.get("request").asText(), line);
            assertEquals("x", answer.get("reply").asText(), line);
            assertTrue(answer.get("error") == null, line);
        }
        JsonNode send = json.readTree(lines.get(COUNT)).get("send");
        assertEquals(COUNT, send.get("received").asInt(), send::toString);
        assertEquals(0, send.get("errors").asInt(), send::toString);
        assertEquals(0, send.get("missing").asInt(), send::toString);
        assertEquals(0, send.get("duplicates").asInt(), send::toString);
        System.out.println("PackedSessionIT: " + COUNT + " requests packed 32 in " + send.get("seconds") + " s, "
                + send.get("throughput") + " round trips/s");

        Result deleted = jar.run(RUN_TIMEOUT, "--delete", id);
        assertEquals(0, deleted.exitCode(), deleted::toString);
    }
}
