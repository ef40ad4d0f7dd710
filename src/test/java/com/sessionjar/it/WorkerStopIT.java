package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker stopped with SIGTERM mid-run gives its in-flight requests back at once; none is lost. */
class WorkerStopIT {
    @TempDir
    Path temp;

    private SessionJar jar;

    @AfterEach
    void tearDown() throws Exception {
        jar.cleanUp();
    }

    @Test
    void sigterm_midRun_returnsInFlightRequests_andNoneIsLost() throws Exception {
        jar = new SessionJar(temp.resolve("home"));
        // Each request takes 1 s, and the lease is 10 minutes: a request that was not given back
        // would only reappear long after this test's time limit.
        Path config = Files.writeString(temp.resolve("slow.json"), """
                {"NodeCount": 2,
                 "EnvironmentVariables": [{"Name": "ECHO_Delay", "Value": "1000"}],
                 "QueueOptions": {"MessageLease": 600}}""");
        Result created = jar.run(Duration.ofMinutes(2), "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        String id = created.stdout().trim();
        long victim = jar.record(id).get("workers").get(0).get("pid").asLong();

        Process run = jar.start("--use", id, "--send", "slow", "--count", "200");
        // Wait for the client to fill the queue (however slowly its JVM starts on a loaded machine);
        // then, with requests waiting, both workers have all 10 slots busy within a moment.
        MessageQueue requests = QueueAccount.fromConnectionString(AzuriteProcess.connectionString(jar.azuritePort()))
                .queue(jar.record(id).get("requestQueue").asText());
        LocalSessionIT.waitUntil(() -> requests.approximateDepth() >= 40);
        Thread.sleep(1500);
        ProcessHandle.of(victim).orElseThrow().destroy();
        LocalSessionIT.waitUntil(() -> SessionJar.workersOf(id).size() == 1);

        assertTrue(run.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the run finishes long before any lease ends");
        Result result = SessionJar.result(run);
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("Sent and received 200 messages"), result::toString);

        String log = Files.readString(jar.sessionDirectory(id).resolve("worker-1.log"));
        Matcher stopped = Pattern.compile("Worker stopped: processed (\\d+), failed 0, returned to the queue (\\d+)")
                .matcher(log);
        assertTrue(stopped.find(), log);
        assertTrue(Integer.parseInt(stopped.group(2)) > 0, "the stopped worker returned its in-flight requests: " + log);
    }
}
