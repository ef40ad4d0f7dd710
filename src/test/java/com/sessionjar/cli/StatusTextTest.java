package com.sessionjar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.NodeLog;
import com.sessionjar.cluster.NodeStatus;
import com.sessionjar.cluster.QueueDepth;
import com.sessionjar.cluster.SessionStatus;
import com.sessionjar.cluster.SessionSummary;
import com.sessionjar.protocol.StatsFile;
import com.sessionjar.protocol.TransactionCounts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StatusTextTest {
    private static final ClusterId LOCAL = ClusterId.parse("local:c49d8c24-3062-44b8-9a80-8e8164d4d340");
    private static final ClusterId AZURE = ClusterId.parse("9fda6ae5-1210-43b9-a2da-703f0cdc253e:c49d8c24-3062-44b8-9a80-8e8164d4d340");
    private static final StatsFile.Stats STATS = new StatsFile.Stats(new TransactionCounts(400, 90, 400, 0, 1),
            new StatsFile.Requests(400, 1, 2, 0, 0, 0, 0, 0));

    private static String printed(Consumer<PrintWriter> print) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            print.accept(out);
        }
        return text.toString();
    }

    @Test
    void status_ofALocalSession_isANodeTable_itsProblems_aQueueTable_andTheCounters() {
        SessionStatus status = SessionStatus.of(LOCAL, "echo", List.of(
                NodeStatus.local(1, 4242, true, Duration.ofSeconds(62), STATS, null),
                NodeStatus.local(2, 4243, false, null, null, "not running: the next --use of the session restarts it")),
                List.of(new QueueDepth("clw-x-requests", QueueDepth.Role.REQUESTS, true, 3),
                        new QueueDepth("clw-x-requests-poison", QueueDepth.Role.POISON, false, 0)), List.of());

        assertEquals("""
                Session local:c49d8c24-3062-44b8-9a80-8e8164d4d340 (local, echo, 2 node(s))
                NODE  WORKER   PID   UPTIME   PROCESSED  FAILED  POISONED  TRANSACTIONS
                1     running  4242  0:01:02  400        1       0         891
                2     dead     4243  -        -          -       -         -
                node 2: not running: the next --use of the session restarts it
                QUEUE                  ROLE      MESSAGES
                clw-x-requests         requests  3
                clw-x-requests-poison  poison    0 (not made yet)
                Counters of all workers: processed 400, failed 1, returned to the queue 2, poisoned 0, answered but not \
                deleted 0, lease renewals failed 0, replies dropped 0, skipped (run ended) 0; storage transactions 891
                """, printed(out -> StatusText.status(status, out)));
    }

    @Test
    void status_ofAnAzureSession_showsTheVmColumns_andTheExtensionsMessageApart() {
        SessionStatus status = SessionStatus.of(AZURE, "echo", List.of(
                NodeStatus.azure("0", "succeeded", "running", "succeeded", "active", Duration.ofHours(27), STATS, null),
                NodeStatus.azure("3", "succeeded", "running", "failed/0: Enable failed: exit status=1", "unknown", null,
                        null, "run-command did not finish within 120 s")), List.of(),
                List.of("queue depths not known: storage account x does not exist"));

        String text = printed(out -> StatusText.status(status, out));

        assertEquals(List.of(
                "NODE  PROVISIONING  POWER    EXTENSION  WORKER   UPTIME       PROCESSED  FAILED  POISONED  TRANSACTIONS",
                "0     succeeded     running  succeeded  active   1d 03:00:00  400        1       0         891",
                "3     succeeded     running  failed/0   unknown  -            -          -       -         -",
                "node 3: extension failed/0: Enable failed: exit status=1",
                "node 3: run-command did not finish within 120 s",
                "queue depths not known: storage account x does not exist"), text.lines().skip(1).limit(6).toList());
    }

    @Test
    void logs_ofSeveralNodes_haveHeaders_andNotesGoToStderr() {
        StringWriter err = new StringWriter();
        String out = printed(writer -> StatusText.logs(List.of(new NodeLog("1", List.of("a", "b"), null),
                new NodeLog("2", List.of(), "no log: worker-2.log does not exist")), writer, new PrintWriter(err, true)));

        assertEquals("==> node 1 <==\na\nb\n\n==> node 2 <==\n", out.replace(System.lineSeparator(), "\n"));
        assertEquals("node 2: no log: worker-2.log does not exist", err.toString().strip());
        assertEquals("a\n", printed(writer -> StatusText.logs(List.of(new NodeLog("1", List.of("a"), null)), writer,
                new PrintWriter(new StringWriter()))).replace(System.lineSeparator(), "\n"), "one node: no header");
    }

    @Test
    void list_isATable_withUnknownsSaid() {
        String text = printed(out -> StatusText.list(List.of(
                new SessionSummary(LOCAL, "echo", 2, Instant.parse("2026-01-02T03:04:05Z"), null),
                new SessionSummary(AZURE, null, 0, null, "resource group x lacks tag sessionjar-service")), out));

        assertEquals(String.join("\n",
                "ID                                                                         PROVIDER  SERVICE  NODES  CREATED",
                "local:c49d8c24-3062-44b8-9a80-8e8164d4d340                                 local     echo     2      2026-01-02T03:04:05Z",
                "9fda6ae5-1210-43b9-a2da-703f0cdc253e:c49d8c24-3062-44b8-9a80-8e8164d4d340  azure     -        -      unknown",
                "9fda6ae5-1210-43b9-a2da-703f0cdc253e:c49d8c24-3062-44b8-9a80-8e8164d4d340: resource group x lacks tag sessionjar-service", ""), text.replace(System.lineSeparator(), "\n"));
        assertEquals("", printed(out -> StatusText.list(List.of(), out)), "no sessions: nothing on stdout");
    }

    @Test
    void uptime_isHoursMinutesSeconds_withDaysWhenLonger() {
        assertEquals("0:00:05", StatusText.uptime(Duration.ofSeconds(5)));
        assertEquals("23:59:59", StatusText.uptime(Duration.ofSeconds(86_399)));
        assertEquals("2d 01:00:01", StatusText.uptime(Duration.ofSeconds(2 * 86_400 + 3601)));
    }
}
