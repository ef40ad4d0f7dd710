package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.queue.InMemoryQueueService;
import com.sessionjar.queue.InMemoryQueueService.Operation;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.protocol.MessageText;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.service.EchoService;
import com.sessionjar.service.Service;
import com.sessionjar.worker.Worker;
import com.sessionjar.protocol.WorkerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Packing runs end to end in process: {@link RoundTrip} and real {@link Worker}s over the
 * in-memory queue service, through the real SDK. Every request is answered exactly once, and no
 * queue message, request or reply, passes 64 KiB.
 */
class PackedRunTest {
    private final InMemoryQueueService queues = new InMemoryQueueService();
    private final QueueAccount account = queues.account();
    private final MessageQueue requests = account.queue("requests");
    private final MessageQueue responses = account.queue("responses");
    private final List<Worker> workers = new ArrayList<>();

    @BeforeEach
    void createQueues() {
        requests.createIfNotExists();
        responses.createIfNotExists();
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        workers.forEach(Worker::shutdown);
        for (Worker worker : workers) {
            assertTrue(worker.awaitTermination(10, TimeUnit.SECONDS), "the worker stops");
        }
    }

    @Test
    void tenThousandSmallRequests_packed32_areEachAnsweredOnce_inFewMessages() throws Exception {
        startWorkers(2, new EchoService(Duration.ZERO));
        List<String> messages = IntStream.range(0, 10_000).mapToObj(i -> "message " + i).toList();

        Map<String, Integer> answers = run(messages, 32, 1024, Exchange.echo());

        assertEquals(messages.size(), answers.size());
        assertTrue(answers.values().stream().allMatch(n -> n == 1), "each answered exactly once");
        long puts = queues.requestCount(Operation.PUT_MESSAGE);
        assertTrue(puts < 2 * messages.size() / 8, puts + " messages put for " + messages.size() + " requests and replies");
        assertTrue(queues.largestMessageBytes() <= MessageText.MAX_BYTES, queues.largestMessageBytes() + " bytes");
        assertEquals(0, queues.messageCount(requests.name()));
    }

    @Test
    void largeRequests_nearTheLimit_areSplitAcrossMessages_andEachAnsweredOnce() throws Exception {
        startWorkers(1, new EchoService(Duration.ZERO));
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // From a few KiB to just under what one enveloped request may hold, ASCII and not.
            messages.add(i + ":" + (i % 3 == 0 ? "é" : "a").repeat(i % 3 == 0 ? 1_000 * i + 1 : 2_150 * i + 1));
        }
        messages.add("z".repeat(65_450 - "#sj1 id=ffffffff.30 to=responses-cffffffff".length())); // the largest that fits
        messages.add(""); // and the smallest

        Map<String, Integer> answers = run(messages, 32, 1024, Exchange.echo());

        assertEquals(messages.size(), answers.size());
        assertTrue(answers.values().stream().allMatch(n -> n == 1), "each answered exactly once");
        long puts = queues.requestCount(Operation.PUT_MESSAGE);
        assertTrue(puts > 4 && puts < 2 * messages.size(), puts + " messages put");
        assertTrue(queues.largestMessageBytes() <= MessageText.MAX_BYTES, queues.largestMessageBytes() + " bytes");
    }

    @Test
    void repliesLargerThanTheirPack_areSplitIntoSeveralReplyMessages() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        startWorkers(1, request -> {
            calls.incrementAndGet();
            return request + request;
        });
        Exchange doubling = new Exchange() {
            @Override
            public String requestFor(String message) {
                return message;
            }

            @Override
            public String problemWith(String message, String reply) {
                return reply.equals(message + message) ? null : "not doubled";
            }
        };
        // Six of 10,000 characters fill a request message; their replies, 20,000 each, need two.
        List<String> messages = IntStream.range(0, 60).mapToObj(i -> (char) ('a' + i % 26) + "x".repeat(9_999)).toList();

        Map<String, Integer> answers = run(messages, 32, 1024, doubling);

        assertEquals(messages.stream().distinct().count(), answers.size());
        assertEquals(messages.size(), answers.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(messages.size(), calls.get(), "each request called once");
        assertTrue(queues.largestMessageBytes() <= MessageText.MAX_BYTES, queues.largestMessageBytes() + " bytes");
    }

    @Test
    void aRunFromAStream_sendsWhatItHasPacked_whenTheInputPauses() throws Exception {
        startWorkers(1, new EchoService(Duration.ZERO));
        List<String> messages = IntStream.range(0, 5).mapToObj(i -> "line " + i).toList();
        // An input that pauses for good after its fifth line: the packed five must go out, not wait for a sixth.
        java.util.Iterator<String> pausing = new java.util.Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next == messages.size()) {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return next < messages.size();
            }

            @Override
            public String next() {
                return messages.get(next++);
            }
        };
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        RoundTrip run = new RoundTrip(requests, responses, 64, false,
                SendOptions.DEFAULT.withPack(32).withTimeout(Duration.ofSeconds(10)));

        run.run(Exchange.echo(), pausing, -1, answer -> answers.merge(answer.message(), 1, Integer::sum));

        assertEquals(Map.of("line 0", 1, "line 1", 1, "line 2", 1, "line 3", 1, "line 4", 1), answers);
    }

    /** Sends {@code messages} packed by {@code pack}, checks the run's accounting, and returns how often each was answered. */
    private Map<String, Integer> run(List<String> messages, int pack, int window, Exchange exchange) throws Exception {
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        RoundTrip run = new RoundTrip(requests, responses, window, false,
                SendOptions.DEFAULT.withPack(pack).withTimeout(Duration.ofMinutes(2)));

        SendResult result = run.run(exchange, messages.iterator(), messages.size(), answer -> {
            assertTrue(answer.isGood(), answer::toString);
            answers.merge(answer.message(), 1, Integer::sum);
        });

        assertEquals(messages.size(), result.sent(), result::accounting);
        assertEquals(messages.size(), result.received(), result::accounting);
        assertEquals(0, result.errors(), result::accounting);
        assertEquals(0, result.duplicates(), result::accounting);
        assertEquals(0, result.unmatched(), result::accounting);
        System.out.println("PackedRunTest: " + result.accounting() + "; " + queues.requestCount(Operation.PUT_MESSAGE)
                + " messages put, in " + result.elapsed().toMillis() + " ms");
        return answers;
    }

    private void startWorkers(int count, Service service) {
        for (int i = 0; i < count; i++) {
            WorkerSettings settings = new WorkerSettings(InMemoryQueueService.connectionString(), requests.name(),
                    responses.name(), Duration.ofSeconds(60), Duration.ofMillis(50), 5, 4, "test");
            workers.add(new Worker(requests, responses, account.queue("requests-poison"), service, settings).start());
        }
    }
}
