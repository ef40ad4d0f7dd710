package com.sessionjar.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.models.PeekedMessageItem;
import com.azure.storage.queue.models.QueueErrorCode;
import com.azure.storage.queue.models.QueueItem;
import com.azure.storage.queue.models.QueueStorageException;
import com.azure.storage.queue.models.QueuesSegmentOptions;
import com.azure.storage.queue.models.SendMessageResult;
import com.sessionjar.queue.InMemoryQueueService.Operation;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InMemoryQueueServiceTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final InMemoryQueueService service = new InMemoryQueueService();
    private final QueueAccount account = service.account();

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2024-02-29T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private MessageQueue created(String name) {
        MessageQueue queue = account.queue(name);
        queue.createIfNotExists();
        return queue;
    }

    @Test
    void createIfNotExists_createsOnceAndExistsAfterwards() {
        MessageQueue queue = account.queue("requests");
        assertFalse(queue.exists());

        queue.createIfNotExists();
        queue.createIfNotExists(); // 204: already there with the same (no) metadata

        assertTrue(queue.exists());
        assertEquals(List.of("requests"), service.queueNames());
        assertEquals(2, service.requestCount(Operation.CREATE_QUEUE));
        assertEquals(0, queue.approximateDepth());
    }

    @Test
    void receive_takesUpTo32InOrder_thenTheRest() {
        MessageQueue queue = created("batch");
        for (int i = 0; i < 40; i++) {
            queue.send("message " + i);
        }
        assertEquals(40, queue.approximateDepth());

        List<ReceivedMessage> first = queue.receive(MessageQueue.MAX_BATCH, LEASE);
        List<ReceivedMessage> second = queue.receive(MessageQueue.MAX_BATCH, LEASE);
        List<ReceivedMessage> third = queue.receive(MessageQueue.MAX_BATCH, LEASE);

        assertEquals(32, first.size());
        assertEquals(8, second.size());
        assertEquals(List.of(), third);
        List<String> texts = new ArrayList<>();
        first.forEach(m -> texts.add(m.text()));
        second.forEach(m -> texts.add(m.text()));
        for (int i = 0; i < 40; i++) {
            assertEquals("message " + i, texts.get(i));
        }
        assertTrue(first.stream().allMatch(m -> m.dequeueCount() == 1));
        assertEquals(40, first.stream().map(ReceivedMessage::id).collect(Collectors.toSet()).size()
                + second.stream().map(ReceivedMessage::id).collect(Collectors.toSet()).size());
        // Received but not deleted: still counted.
        assertEquals(40, queue.approximateDepth());

        first.forEach(queue::delete);
        second.forEach(queue::delete);
        assertEquals(0, queue.approximateDepth());
    }

    @Test
    void send_keepsTextThatXmlMustEscape() {
        MessageQueue queue = created("escapes");
        String text = "<a href=\"x\">Tom & Jerry's</a> ]]> é € 😀\ttab\nline\r\nwindows\rmac";
        queue.send(text);
        queue.send("");

        List<ReceivedMessage> messages = queue.receive(2, LEASE);

        assertEquals(text, messages.get(0).text());
        assertEquals("", messages.get(1).text());
    }

    @Test
    void receive_leaseHidesTheMessageUntilItEnds() throws InterruptedException {
        MessageQueue queue = created("leases");
        queue.send("once");

        ReceivedMessage taken = queue.receive(1, Duration.ofSeconds(1)).get(0);
        assertEquals(List.of(), queue.receive(1, LEASE), "hidden while its lease runs");

        Thread.sleep(1200);
        List<ReceivedMessage> again = queue.receive(1, LEASE);

        assertEquals(1, again.size(), "visible again once the lease ended");
        assertEquals(taken.id(), again.get(0).id());
        assertEquals(2, again.get(0).dequeueCount());
        assertNotEquals(taken.popReceipt(), again.get(0).popReceipt());
    }

    @Test
    void receive_countsEveryDequeue_onAManualClock() {
        ManualClock clock = new ManualClock();
        InMemoryQueueService manual = new InMemoryQueueService(clock);
        MessageQueue queue = manual.account().queue("dequeues");
        queue.createIfNotExists();
        queue.send("again and again");

        for (int i = 1; i <= 5; i++) {
            List<ReceivedMessage> messages = queue.receive(1, Duration.ofSeconds(10));
            assertEquals(1, messages.size());
            assertEquals(i, messages.get(0).dequeueCount());
            clock.advance(Duration.ofSeconds(9));
            assertEquals(List.of(), queue.receive(1, LEASE), "still leased after 9 of 10 s");
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void release_makesTheMessageVisibleAtOnce() {
        MessageQueue queue = created("released");
        queue.send("hot potato");
        ReceivedMessage taken = queue.receive(1, LEASE).get(0);

        queue.release(taken);

        List<ReceivedMessage> again = queue.receive(1, LEASE);
        assertEquals(1, again.size());
        assertEquals(taken.id(), again.get(0).id());
    }

    @Test
    void extendLease_oldReceiptStopsWorking_andIsGone() {
        MessageQueue queue = created("extended");
        queue.send("long job");
        ReceivedMessage taken = queue.receive(1, Duration.ofSeconds(1)).get(0);

        ReceivedMessage extended = queue.extendLease(taken, LEASE);

        assertNotEquals(taken.popReceipt(), extended.popReceipt());
        QueueStorageException stale = assertThrows(QueueStorageException.class, () -> queue.extendLease(taken, LEASE));
        assertEquals(400, stale.getStatusCode());
        assertEquals(QueueErrorCode.POP_RECEIPT_MISMATCH, stale.getErrorCode());
        assertTrue(MessageQueue.isGone(stale));
        QueueStorageException deleted = assertThrows(QueueStorageException.class,
                () -> rawClient(service, "extended").deleteMessage(taken.id(), taken.popReceipt()));
        assertEquals(QueueErrorCode.POP_RECEIPT_MISMATCH, deleted.getErrorCode());

        queue.delete(taken); // the stale receipt: ignored, the message stays
        assertEquals(1, service.messageCount("extended"));
        queue.delete(extended);
        assertEquals(0, service.messageCount("extended"));
        QueueStorageException gone = assertThrows(QueueStorageException.class, () -> queue.extendLease(extended, LEASE));
        assertEquals(404, gone.getStatusCode());
        assertEquals(QueueErrorCode.MESSAGE_NOT_FOUND, gone.getErrorCode());
        assertTrue(MessageQueue.isGone(gone));
    }

    @Test
    void staleReceipt_canBeAnsweredAsTheCloudDoes() {
        InMemoryQueueService cloudLike = new InMemoryQueueService().answerStaleReceiptsWithMessageNotFound();
        MessageQueue queue = cloudLike.account().queue("cloudlike");
        queue.createIfNotExists();
        queue.send("job");
        ReceivedMessage taken = queue.receive(1, LEASE).get(0);
        queue.extendLease(taken, LEASE);

        QueueStorageException stale = assertThrows(QueueStorageException.class,
                () -> rawClient(cloudLike, "cloudlike").deleteMessage(taken.id(), taken.popReceipt()));

        assertEquals(404, stale.getStatusCode());
        assertEquals(QueueErrorCode.MESSAGE_NOT_FOUND, stale.getErrorCode());
        assertTrue(MessageQueue.isGone(stale));
    }

    @Test
    void missingQueue_existsIsFalse_deleteIfExistsIsFalse_sendFailsWithQueueNotFound() {
        MessageQueue queue = account.queue("nosuchqueue");

        assertFalse(queue.exists());
        assertFalse(queue.deleteIfExists());
        QueueStorageException sent = assertThrows(QueueStorageException.class, () -> queue.send("lost"));
        assertEquals(404, sent.getStatusCode());
        assertEquals(QueueErrorCode.QUEUE_NOT_FOUND, sent.getErrorCode());
        QueueStorageException received = assertThrows(QueueStorageException.class, () -> queue.receive(1, LEASE));
        assertEquals(QueueErrorCode.QUEUE_NOT_FOUND, received.getErrorCode());
        assertEquals(List.of(), service.queueNames());
    }

    @Test
    void create_badQueueName_isRejectedAsAzureDoes() {
        QueueStorageException refused = assertThrows(QueueStorageException.class,
                () -> account.queue("Upper--case").createIfNotExists());

        assertEquals(400, refused.getStatusCode());
        assertEquals(QueueErrorCode.INVALID_RESOURCE_NAME, refused.getErrorCode());
        assertEquals(List.of(), service.queueNames());
    }

    @Test
    void deleteIfExists_deletesTheQueueAndItsMessages() {
        MessageQueue queue = created("doomed");
        queue.send("gone with it");

        assertTrue(queue.deleteIfExists());

        assertFalse(queue.exists());
        assertFalse(queue.deleteIfExists());
        queue.createIfNotExists();
        assertEquals(0, queue.approximateDepth(), "a queue made again starts empty");
    }

    @Test
    void listQueues_byPrefix_withMetadata_acrossPages() {
        QueueServiceClient client = account.serviceClient();
        for (int i = 0; i < 5; i++) {
            client.createQueueWithResponse("session-" + i, Map.of("owner", "test", "index", "n" + i), null, Context.NONE);
        }
        client.createQueue("other");

        List<QueueItem> listed = client.listQueues(new QueuesSegmentOptions().setPrefix("session-")
                .setIncludeMetadata(true).setMaxResultsPerPage(2), null, Context.NONE).stream().collect(Collectors.toList());

        assertEquals(List.of("session-0", "session-1", "session-2", "session-3", "session-4"),
                listed.stream().map(QueueItem::getName).collect(Collectors.toList()));
        assertEquals(Map.of("owner", "test", "index", "n3"), listed.get(3).getMetadata());
        assertEquals(3, service.requestCount(Operation.LIST_QUEUES), "5 queues, 2 a page");
        QueueItem bare = client.listQueues().stream().filter(q -> q.getName().equals("other")).findFirst().orElseThrow();
        assertTrue(bare.getMetadata() == null || bare.getMetadata().isEmpty(), "metadata only when asked");
    }

    @Test
    void metadata_setAndRead_andCreateWithOtherMetadataConflicts() {
        QueueClient client = rawClient(service, "described");
        client.createWithResponse(Map.of("purpose", "requests"), null, Context.NONE);
        client.sendMessage("one");

        assertEquals(Map.of("purpose", "requests"), client.getProperties().getMetadata());
        assertEquals(1, client.getProperties().getApproximateMessagesCountLong());
        client.setMetadata(Map.of("purpose", "replies", "ttl", "60"));
        assertEquals(Map.of("purpose", "replies", "ttl", "60"), client.getProperties().getMetadata());

        assertEquals(204, client.createWithResponse(Map.of("purpose", "replies", "ttl", "60"), null, Context.NONE)
                .getStatusCode());
        QueueStorageException conflict = assertThrows(QueueStorageException.class, () -> client.create());
        assertEquals(409, conflict.getStatusCode());
        assertEquals(QueueErrorCode.QUEUE_ALREADY_EXISTS, conflict.getErrorCode());
    }

    @Test
    void peekAndClear_leaveNoTraceAndEmptyTheQueue() {
        QueueClient client = rawClient(service, "peeked");
        client.create();
        SendMessageResult sent = client.sendMessage("look, don't touch");

        List<PeekedMessageItem> peeked = client.peekMessages(5, null, Context.NONE).stream().collect(Collectors.toList());
        assertEquals(1, peeked.size());
        assertEquals(sent.getMessageId(), peeked.get(0).getMessageId());
        assertEquals(0, peeked.get(0).getDequeueCount());
        assertEquals("look, don't touch", peeked.get(0).getBody().toString());

        client.clearMessages();
        assertEquals(0, client.getProperties().getApproximateMessagesCountLong());
    }

    @Test
    void sendWithVisibilityTimeoutAndTtl_hidesThenExpires() {
        ManualClock clock = new ManualClock();
        InMemoryQueueService manual = new InMemoryQueueService(clock);
        QueueClient client = rawClient(manual, "delayed");
        client.create();

        SendMessageResult sent = client.sendMessageWithResponse("later", Duration.ofSeconds(5), Duration.ofSeconds(60),
                null, Context.NONE).getValue();

        assertEquals(sent.getInsertionTime().plusSeconds(5), sent.getTimeNextVisible());
        assertEquals(sent.getInsertionTime().plusSeconds(60), sent.getExpirationTime());
        assertEquals(0, client.receiveMessages(1).stream().count(), "hidden for 5 s");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(1, client.receiveMessages(1, Duration.ofSeconds(1), null, Context.NONE).stream().count());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(0, client.receiveMessages(1).stream().count(), "expired");
        assertEquals(0, client.getProperties().getApproximateMessagesCountLong());
    }

    @Test
    void requestCounts_countEachOperationOnce() {
        MessageQueue queue = created("counted");
        queue.send("a");
        ReceivedMessage taken = queue.receive(1, LEASE).get(0);
        taken = queue.extendLease(taken, LEASE);
        queue.delete(taken);
        queue.exists();

        assertEquals(Map.of(Operation.CREATE_QUEUE, 1L, Operation.PUT_MESSAGE, 1L, Operation.GET_MESSAGES, 1L,
                Operation.UPDATE_MESSAGE, 1L, Operation.DELETE_MESSAGE, 1L, Operation.GET_QUEUE_PROPERTIES, 1L),
                service.requestCounts());
        assertEquals(6, service.totalRequests());
        service.resetRequestCounts();
        assertEquals(Map.of(), service.requestCounts());
    }

    @Test
    void tenThousandMessages_sentReceivedAndDeleted_eachOnce() throws Exception {
        int total = 10_000; // StreamingRunTest pushes 100,000 through the service; this checks bulk bookkeeping
        int threads = 2;
        MessageQueue queue = created("bulk");
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                sends.add(pool.submit(() -> {
                    for (int i = first; i < total; i += threads) {
                        queue.send("request " + i);
                    }
                }));
            }
            for (Future<?> send : sends) {
                send.get();
            }
            assertEquals(total, queue.approximateDepth());

            Set<String> texts = ConcurrentHashMap.newKeySet();
            List<Future<Integer>> receivers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                receivers.add(pool.submit(() -> {
                    int taken = 0;
                    for (List<ReceivedMessage> batch = queue.receive(MessageQueue.MAX_BATCH, LEASE); !batch.isEmpty();
                         batch = queue.receive(MessageQueue.MAX_BATCH, LEASE)) {
                        for (ReceivedMessage message : batch) {
                            assertTrue(texts.add(message.text()), "received twice: " + message.text());
                            queue.delete(message);
                            taken++;
                        }
                    }
                    return taken;
                }));
            }
            int received = 0;
            for (Future<Integer> receiver : receivers) {
                received += receiver.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.err.printf("InMemoryQueueServiceTest: %,d messages sent, received and deleted in %.1f s (%.1f s of CPU)%n",
                    total, seconds, (processCpuNanos() - cpuStart) / 1e9);

            assertEquals(total, received);
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < total; i++) {
                expected.add("request " + i);
            }
            assertEquals(expected, texts);
            assertEquals(0, queue.approximateDepth());
            assertEquals(total, service.requestCount(Operation.PUT_MESSAGE));
            assertEquals(total, service.requestCount(Operation.DELETE_MESSAGE));
            assertTrue(service.requestCount(Operation.GET_MESSAGES) >= total / MessageQueue.MAX_BATCH);
            assertEquals(0, service.requestCount(Operation.UNSUPPORTED));
            assertTrue(seconds < 60, "took " + seconds + " s");
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    /** The CPU time of this JVM so far (its wall time says little on a shared machine). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The SDK's own client on {@code service}, for calls MessageQueue does not make. */
    private static QueueClient rawClient(InMemoryQueueService service, String name) {
        return new QueueClientBuilder()
                .connectionString(InMemoryQueueService.connectionString())
                .queueName(name)
                .httpClient(service)
                .buildClient();
    }
}
