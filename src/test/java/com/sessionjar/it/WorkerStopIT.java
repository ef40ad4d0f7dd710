package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
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
        // Each request takes 5 s, and the lease is 10 minutes: a request that was not given back
        // would only reappear long after this test's time limit.
        Path config = Files.writeString(temp.resolve("slow.json"), """
                {"NodeCount": 2,
                 "EnvironmentVariables": [{"Name": "ECHO_Delay", "Value": "5000"}],
                 "QueueOptions": {"MessageLease": 600}}""");
        Result created = jar.run(Duration.ofMinutes(2), "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        String id = created.stdout().trim();
        long victim = jar.record(id).get("workers").get(0).get("pid").asLong();

        Process run = jar.start("--use", id, "--send", "slow", "--count", "40");
        // The signal goes out only once the victim surely holds requests: more requests are leased
        // (in the queue but not visible) than the other worker's 10 slots can hold. However slowly
        // the processes start on a loaded machine, a leased request stays in flight for 5 s.
        String connection = AzuriteProcess.connectionString(jar.azuritePort());
        String requestQueue = jar.record(id).get("requestQueue").asText();
        MessageQueue requests = QueueAccount.fromConnectionString(connection).queue(requestQueue);
        QueueClient peeker = new QueueClientBuilder().connectionString(connection).queueName(requestQueue)
                .buildClient();
        LocalSessionIT.waitUntil(() -> {
            long depth = requests.approximateDepth();
            long visible = peeker.peekMessages(MessageQueue.MAX_BATCH, null, null).stream().count();
            return visible < MessageQueue.MAX_BATCH && depth - visible > 10; // below 32, the peek saw them all
        });
        ProcessHandle.of(victim).orElseThrow().destroy();
        LocalSessionIT.waitUntil(() -> SessionJar.workersOf(id).size() == 1);

        assertTrue(run.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the run finishes long before any lease ends");
        Result result = SessionJar.result(run);
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("Sent and received 40 messages"), result::toString);

        String log = Files.readString(jar.sessionDirectory(id).resolve("worker-1.log"));
        Matcher stopped = Pattern.compile("Worker stopped: processed (\\d+), failed 0, returned to the queue (\\d+)")
                .matcher(log);
        assertTrue(stopped.find(), log);
        assertTrue(Integer.parseInt(stopped.group(2)) > 0, "the stopped worker returned its in-flight requests: " + log);
    }
}
