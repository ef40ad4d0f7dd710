package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.Envelope;
import com.sessionjar.protocol.Pack;
import com.sessionjar.protocol.WakeFile;
import com.sessionjar.queue.FaultyConnection;
import com.sessionjar.queue.InMemoryQueueService;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs through {@link RoundTrip} over the in-memory queue service, whose request queue answers at
 * once in place of a worker, losing what the test says: resends of overdue requests, and a run
 * riding through an outage of the queue service.
 */
class ResendRunTest {
    /** Overdue after 300 ms (the round trips here take a few ms): resent at the next look, within a second. */
    private static final ResendRule QUICK = new ResendRule(Duration.ofMillis(300), Duration.ZERO, 4);
    private static final Outage.Service SERVICE = new Outage.Service("the in-memory queue service", "it is a test");

    private final InMemoryQueueService service = new InMemoryQueueService();
    private final Set<String> lost = ConcurrentHashMap.newKeySet();

    @Test
    void aRequestTheQueueServiceLost_isResentUnderItsId_andAnswered() throws Exception {
        // The queue service loses the first copy of request 1 (a crash, a delete by mistake): no reply comes.
        answerLosingFirstCopyOf(".1");

        SendResult result = run(SendOptions.DEFAULT, service.account(), List.of("msg 0", "msg 1", "msg 2"));

        assertEquals(Set.of(".1"), lost);
        assertEquals(3, result.received());
        assertEquals(0, result.errors());
        assertEquals(1, result.resent());
        assertEquals(0, result.duplicates());
        assertEquals(0, result.missing());
    }

    @Test
    void aPackedRequestThatIsLost_isResentAlone() throws Exception {
        answerLosingFirstCopyOf(".2");

        SendResult result = run(SendOptions.DEFAULT.withPack(4), service.account(), List.of("a", "b", "c", "d"));

        assertEquals(4, result.received());
        assertEquals(1, result.resent(), "only the lost request of the pack");
        assertEquals(0, result.missing());
    }

    @Test
    void aPlainRun_hasNoIds_soResendsNothing_andALostRequestIsMissing() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        service.answerAtOnce("requests", text -> Map.entry(calls.getAndIncrement() == 0 ? "nowhere" : "responses", text));

        SendResult result = run(SendOptions.DEFAULT.withPlain(true).withTimeout(Duration.ofSeconds(3)), service.account(),
                List.of("same", "same", "same"));

        assertEquals(0, result.resent());
        assertEquals(2, result.received());
        assertEquals(1, result.missing());
        assertTrue(result.timedOut());
    }

    @Test
    void anOutageOfTheQueueService_isRiddenThrough_andTheRunCompletes() throws Exception {
        // After the 20th request the service is gone for 1.5 s.
        FaultyConnection client = echoingThenDown(20, Duration.ofMillis(1500));

        SendResult result = run(SendOptions.DEFAULT, client.account(2), IntStream.range(0, 200).mapToObj(i -> "msg " + i).toList());

        assertTrue(client.refusedCalls() > 0, "the outage was met");
        assertEquals(200, result.received());
        assertEquals(0, result.errors());
        assertEquals(0, result.missing());
    }

    @Test
    void anOutagePastTheRunsTimeout_endsTheRunAtIt_withItsResult_andOneLineNamingTheService() throws Exception {
        // After the 5th request the service is gone for good, as far as the run can tell.
        FaultyConnection client = echoingThenDown(5, Duration.ofMinutes(10));
        long start = System.nanoTime();

        QueueOutageException outage = assertThrows(QueueOutageException.class,
                () -> run(SendOptions.DEFAULT.withTimeout(Duration.ofSeconds(2)), client.account(2),
                        IntStream.range(0, 100).mapToObj(i -> "msg " + i).toList()));

        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertTrue(seconds < 5, "ended at its timeout of 2 s: " + seconds + " s");
        assertTrue(outage.getMessage().matches("the in-memory queue service cannot be reached: no answer for [0-2] s"
                + " \\(last: connection refused\\); it is a test"), outage.getMessage());
        assertTrue(outage.result().sent() >= 5 && outage.result().missing() > 0, outage.result().accounting());
        assertEquals(100, outage.result().requested());
    }

    @Test
    void theRequestQueueGoneDuringARun_endsItAtOnce_withItsResult_andOneLineNamingTheQueue() throws Exception {
        echoingThenDeleting(5, "requests");
        long start = System.nanoTime();

        QueueGoneException gone = assertThrows(QueueGoneException.class,
                () -> run(SendOptions.DEFAULT, service.account(), IntStream.range(0, 100).mapToObj(i -> "msg " + i).toList()));

        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertTrue(seconds < 5, "ended at once, not at an outage's bound: " + seconds + " s");
        assertEquals("the session's request queue requests is gone (the session was deleted, or its queue service lost"
                + " its data): make the session again", gone.getMessage());
        // How many replies came before a send met the 404 is a race (2 to 16 seen): the result accounts for all 100.
        assertTrue(gone.result().sent() >= 5 && gone.result().missing() > 0, gone.result().accounting());
        assertEquals(100, gone.result().received() + gone.result().missing(), gone.result().accounting());
        assertEquals(100, gone.result().requested());
    }

    @Test
    void aLocalSessionDeletedDuringARun_endsItAtOnce_namingItsRequestQueue_ratherThanWaitingOutItsStoppedService(
            @TempDir Path sessionFolder) throws Exception {
        // As the last --delete does: after the 70th request (the 64 first are answered: the run is receiving
        // replies), the session's folder goes, then its queue service stops.
        Path wakeFile = WakeFile.in(sessionFolder);
        Files.createDirectories(wakeFile.getParent());
        FaultyConnection client = new FaultyConnection(service);
        AtomicInteger requests = new AtomicInteger();
        service.answerAtOnce("requests", text -> {
            if (requests.incrementAndGet() == 70) {
                deleteTree(wakeFile.getParent());
                client.refuseFor(Duration.ofMinutes(10));
            }
            Envelope request = Envelope.parse(text);
            return Map.entry(request.replyTo(), request.reply(request.body()).text());
        });
        long start = System.nanoTime();

        QueueGoneException gone = assertThrows(QueueGoneException.class, () -> run(SendOptions.DEFAULT, client.account(2),
                IntStream.range(0, 100).mapToObj(i -> "msg " + i).toList(), wakeFile));

        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertTrue(seconds < 5, "ended at once, not at the outage's bound of 2 minutes: " + seconds + " s");
        assertTrue(requests.get() >= 70, "the session went during the run, at its 70th request: " + requests.get());
        assertEquals("the session's request queue requests is gone (the session was deleted, or its queue service lost"
                + " its data): make the session again", gone.getMessage());
        assertEquals(100, gone.result().received() + gone.result().missing(), gone.result().accounting());
    }

    @Test
    void thePlainRunsResponseQueueGone_endsItAtOnce_namingThatQueue() throws Exception {
        echoingThenDeleting(5, "responses");

        QueueGoneException gone = assertThrows(QueueGoneException.class,
                () -> run(SendOptions.DEFAULT.withPlain(true), service.account(),
                        IntStream.range(0, 100).mapToObj(i -> "msg " + i).toList()));

        assertTrue(gone.getMessage().startsWith("the session's response queue responses is gone"), gone.getMessage());
    }

    /** The service echoing each request at once; after the {@code n}th, queue {@code name} is deleted (by another thread). */
    private void echoingThenDeleting(int n, String name) {
        AtomicInteger requests = new AtomicInteger();
        service.answerAtOnce("requests", text -> {
            if (requests.incrementAndGet() == n) {
                new Thread(() -> service.account().queue(name).deleteIfExists()).start();
            }
            if (!Envelope.isEnvelope(text)) {
                return Map.entry("responses", text);
            }
            Envelope request = Envelope.parse(text);
            return Map.entry(request.replyTo(), request.reply(request.body()).text());
        });
    }

    /** The service echoing each request at once; after the {@code n}th it cannot be reached for {@code down}. */
    private FaultyConnection echoingThenDown(int n, Duration down) {
        FaultyConnection client = new FaultyConnection(service);
        AtomicInteger requests = new AtomicInteger();
        service.answerAtOnce("requests", text -> {
            if (requests.incrementAndGet() == n) {
                client.refuseFor(down);
            }
            Envelope request = Envelope.parse(text);
            return Map.entry(request.replyTo(), request.reply(request.body()).text());
        });
        return client;
    }

    private void answerLosingFirstCopyOf(String idEnd) {
        service.answerAtOnce("requests", text -> {
            List<Envelope> items = Pack.isPacked(text)
                    ? Pack.unpack(text).items() : List.of(Envelope.parse(text));
            List<Envelope> replies = items.stream().filter(item -> !item.id().endsWith(idEnd) || !lost.add(idEnd))
                    .map(item -> item.reply(item.body())).toList();
            return replies.isEmpty() ? Map.entry("nowhere", "") // no queue of that name: the reply is lost
                    : Map.entry(items.get(0).replyTo(), Pack.messages(replies, replies.size()).get(0));
        });
    }

    private SendResult run(SendOptions options, QueueAccount account, List<String> messages) throws InterruptedException {
        return run(options, account, messages, null);
    }

    /** A run of {@code messages}, beside the workers' wake file {@code wakeFile} (null: none, as on Azure). */
    private SendResult run(SendOptions options, QueueAccount account, List<String> messages, Path wakeFile)
            throws InterruptedException {
        service.createdQueue("requests");
        service.createdQueue("responses");
        MessageQueue requests = account.queue("requests");
        MessageQueue responses = account.queue("responses");
        RoundTrip run = new RoundTrip(requests, responses, 64, false, options, QUICK, SERVICE, wakeFile);
        return run.run(Exchange.echo(), messages.iterator(), messages.size(), answer -> { });
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
