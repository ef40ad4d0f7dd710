package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.it.SessionJar.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Local autoscale with real processes: a session of NodeCount 1 and MaxNodeCount 3 with a slow
 * echo gets a burst of requests; the supervisor scales it out to 3 workers on its request queue's
 * length (the automatic window keeps the queue deep enough), every request is answered, and it
 * scales back to 1 once the queue has been quiet for ScaleInAfterSeconds per node removed.
 */
class AutoScaleIT {
    private static final int COUNT = 900;
    private static final int SCALE_IN_SECONDS = 5;

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final SessionJar jar = sessions.jar();

    @Test
    void burst_scalesOutToMaxNodeCount_answersEverything_andScalesBackAfterTheQuietPeriod() throws Exception {
        // One worker answers 20 requests a second (10 slots, 500 ms each): alone it would need 45 s, long enough
        // for a loaded machine to start two more.
        Path config = Files.writeString(sessions.temp().resolve("autoscale.json"), """
                {"Service": "echo", "NodeCount": 1,
                 "AutoScale": {"MaxNodeCount": 3, "RequestsPerNode": 4, "ScaleInAfterSeconds": %d},
                 "EnvironmentVariables": [{"Name": "ECHO_Delay", "Value": "500"}]}""".formatted(SCALE_IN_SECONDS));
        Result created = jar.run(Duration.ofMinutes(2), "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        String id = created.stdout().trim();
        assertEquals(1, workers(id));

        long start = System.nanoTime();
        Process run = jar.start("--use", id, "--send", "burst", "--count", Integer.toString(COUNT));
        SupervisorIT.waitFor(Duration.ofSeconds(45), () -> workers(id) == 3);
        long outMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(3, SessionJar.workersOf(id).size());

        Result result = SessionJar.result(run);
        long runMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("Sent and received " + COUNT + " messages"), result::toString);

        long idle = System.nanoTime();
        SupervisorIT.waitFor(Duration.ofSeconds(3 * SCALE_IN_SECONDS + 20), () -> workers(id) == 1);
        long inMillis = (System.nanoTime() - idle) / 1_000_000;
        assertTrue(inMillis >= 2 * SCALE_IN_SECONDS * 1000 - 1500, "two nodes removed, each after " + SCALE_IN_SECONDS
                + " s of quiet, took only " + inMillis + " ms");
        SupervisorIT.waitFor(Duration.ofSeconds(30), () -> SessionJar.workersOf(id).size() == 1);
        String log = Files.readString(jar.home().resolve("supervisor").resolve("supervisor.log"));
        assertTrue(log.contains("Scaled session " + id + " in from 3 to 2 node(s)")
                && log.contains("Scaled session " + id + " in from 2 to 1 node(s)"), log);
        assertEquals(0, jar.account().queue(jar.record(id).get("requestQueue").asText()).approximateDepth());
        System.out.println("AutoScaleIT " + COUNT + " requests of 500 ms, NodeCount 1, MaxNodeCount 3: 3 workers "
                + outMillis + " ms after the run started, run " + runMillis + " ms, back to 1 worker " + inMillis
                + " ms after it ended (ScaleInAfterSeconds " + SCALE_IN_SECONDS + ", one node at a time)");
    }

    /** The workers the session's record lists (the supervisor writes it once they poll, or once they stopped). */
    private int workers(String id) {
        try {
            return jar.record(id).get("workers").size();
        } catch (IOException e) {
            return -1; // replaced while read
        }
    }
}
