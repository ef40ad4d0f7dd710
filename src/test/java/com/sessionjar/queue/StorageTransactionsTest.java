package com.sessionjar.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.sessionjar.queue.InMemoryQueueService.Operation;
import com.sessionjar.protocol.TransactionCounts;
import com.sessionjar.queue.StorageTransactions.Kind;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class StorageTransactionsTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Test
    void everyRequestIsCountedByKind_asTheQueueServiceSawThem() {
        InMemoryQueueService service = new InMemoryQueueService();
        QueueAccount account = service.account();
        MessageQueue queue = account.queue("counted");
        queue.createIfNotExists();
        for (int i = 0; i < 5; i++) {
            queue.send("m" + i);
        }
        List<ReceivedMessage> taken = queue.receive(32, LEASE);
        queue.receive(32, LEASE); // empty: still a transaction
        queue.delete(taken.get(0));
        queue.delete(taken.get(1));
        ReceivedMessage renewed = queue.extendLease(taken.get(2), LEASE);
        queue.release(renewed);
        queue.approximateDepth();
        queue.deleteIfExists();

        Map<Operation, Long> served = service.requestCounts();
        TransactionCounts counted = account.transactions();
        assertEquals(5, taken.size());
        assertEquals(new TransactionCounts(served.get(Operation.PUT_MESSAGE), served.get(Operation.GET_MESSAGES),
                served.get(Operation.DELETE_MESSAGE), served.get(Operation.UPDATE_MESSAGE),
                service.totalRequests() - served.get(Operation.PUT_MESSAGE) - served.get(Operation.GET_MESSAGES)
                        - served.get(Operation.DELETE_MESSAGE) - served.get(Operation.UPDATE_MESSAGE)), counted);
        assertEquals(new TransactionCounts(5, 2, 2, 2, 3), counted, "create, properties and delete of the queue are 'other'");
        assertEquals(service.totalRequests(), counted.total());
    }

    @Test
    void eachTryOfARetriedRequestCounts() {
        InMemoryQueueService service = new InMemoryQueueService();
        AtomicInteger failures = new AtomicInteger(2);
        HttpPipelinePolicy failTwice = (context, next) -> context.getHttpRequest().getHttpMethod() == HttpMethod.POST
                && failures.getAndDecrement() > 0 ? Mono.error(new IOException("injected")) : next.process();
        QueueAccount account = QueueAccount.fromConnectionString(InMemoryQueueService.connectionString(),
                new RequestRetryOptions(RetryPolicyType.FIXED, 3, Duration.ofSeconds(5), Duration.ofMillis(10),
                        Duration.ofMillis(10), null), List.of(failTwice), service);
        MessageQueue queue = account.queue("retried");
        queue.createIfNotExists();

        queue.send("once");

        assertEquals(1, service.requestCount(Operation.PUT_MESSAGE), "one send reached the service");
        assertEquals(3, account.transactions().send(), "its three tries are counted");
    }

    @Test
    void accountsCountApart_andQueuesOfOneAccountTogether() {
        InMemoryQueueService service = new InMemoryQueueService();
        QueueAccount first = service.account();
        QueueAccount second = service.account();
        first.queue("first-a").createIfNotExists();
        first.queue("first-b").createIfNotExists();
        first.queue("first-a").send("x");
        first.queue("first-b").send("y");

        assertEquals(2, first.transactions().send());
        assertEquals(TransactionCounts.NONE, second.transactions());
    }

    @Test
    void kindsFollowTheQueueServiceRestApi() throws Exception {
        String queue = "http://127.0.0.1:10001/devstoreaccount1/q";
        assertEquals(Kind.SEND, kindOf(HttpMethod.POST, queue + "/messages?visibilitytimeout=0"));
        assertEquals(Kind.RECEIVE, kindOf(HttpMethod.GET, queue + "/messages?numofmessages=32&visibilitytimeout=60"));
        assertEquals(Kind.OTHER, kindOf(HttpMethod.GET, queue + "/messages?peekonly=true&numofmessages=1"));
        assertEquals(Kind.DELETE, kindOf(HttpMethod.DELETE, queue + "/messages/abc?popreceipt=r"));
        assertEquals(Kind.UPDATE, kindOf(HttpMethod.PUT, queue + "/messages/abc?popreceipt=r&visibilitytimeout=0"));
        assertEquals(Kind.OTHER, kindOf(HttpMethod.DELETE, queue + "/messages"), "clearing a queue");
        assertEquals(Kind.OTHER, kindOf(HttpMethod.PUT, queue));
        assertEquals(Kind.OTHER, kindOf(HttpMethod.GET, queue + "?comp=metadata"));
    }

    @Test
    void countsSubtractAndAdd() {
        TransactionCounts earlier = new TransactionCounts(1, 2, 3, 4, 5);
        TransactionCounts later = new TransactionCounts(11, 12, 13, 14, 15);
        assertEquals(new TransactionCounts(10, 10, 10, 10, 10), later.minus(earlier));
        assertEquals(new TransactionCounts(12, 14, 16, 18, 20), later.plus(earlier));
        assertEquals(65, later.total());
    }

    private static Kind kindOf(HttpMethod method, String url) throws Exception {
        return StorageTransactions.kindOf(new HttpRequest(method, url));
    }
}
