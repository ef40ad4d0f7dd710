package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.queue.MessageQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A worker stopped with SIGTERM mid-run gives its in-flight requests back at once; none is lost. */
class WorkerStopIT {
    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final Path temp = sessions.temp();
    private final SessionJar jar = sessions.jar();

    @Test
    void sigterm_midRun_returnsInFlightRequests_andNoneIsLost() throws Exception {
        // One worker, requests of 3 s each and a lease of 10 minutes: a request that was not given back
        // would only reappear long after this test's time limit.
        Path config = Files.writeString(temp.resolve("slow.json"), """
                {"NodeCount": 1,
                 "EnvironmentVariables": [{"Name": "ECHO_Delay", "Value": "3000"}],
                 "QueueOptions": {"MessageLease": 600}}""");
        Result created = jar.run(Duration.ofMinutes(2), "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        String id = created.stdout().trim();
        long victim = jar.record(id).get("workers").get(0).get("pid").asLong();

        Process run = jar.start("--use", id, "--send", "slow", "--count", "20");
        // The signal goes out once the only worker holds requests (in the queue, not visible); however
        // slowly the processes start on a loaded machine, a request it took stays in flight for 3 s.
        String connection = jar.connectionString();
        String requestQueue = jar.record(id).get("requestQueue").asText();
        MessageQueue requests = jar.account().queue(requestQueue);
        QueueClient peeker = new QueueClientBuilder().connectionString(connection).queueName(requestQueue)
                .buildClient();
        LocalSessionIT.waitUntil(() -> requests.approximateDepth()
                > peeker.peekMessages(MessageQueue.MAX_BATCH, null, null).stream().count()); // 20 < 32: the peek sees all
        ProcessHandle.of(victim).orElseThrow().destroy();
        LocalSessionIT.waitUntil(() -> !SessionJar.workersOf(id).contains(victim));
        // The supervisor (or --use) starts a worker in place of the stopped one; it answers what the first gave back.
        Result used = jar.run(Duration.ofMinutes(2), "--use", id);
        assertEquals(0, used.exitCode(), used::toString);

        assertTrue(run.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the run finishes long before any lease ends");
        Result result = SessionJar.result(run);
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("Sent and received 20 messages"), result::toString);

        String log = Files.readString(jar.sessionDirectory(id).resolve("worker-1.log"));
        Matcher stopped = Pattern.compile("Worker stopped: processed (\\d+), failed 0, returned to the queue (\\d+)")
                .matcher(log);
        assertTrue(stopped.find(), log);
        assertTrue(Integer.parseInt(stopped.group(2)) > 0, "the stopped worker returned its in-flight requests: " + log);
    }
}
