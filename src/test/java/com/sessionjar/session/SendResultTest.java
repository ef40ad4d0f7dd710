package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sessionjar.protocol.TransactionCounts;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SendResultTest {
    private static final SendResult.Latency LATENCY = new SendResult.Latency(Duration.ofMillis(24), Duration.ofMillis(61));

    @Test
    void costsSayTransactionsPerRoundTrip_clientAndWorkers() {
        SendResult result = answered(1000).with(new SendResult.Transactions(new TransactionCounts(1000, 60, 1000, 0, 3),
                new TransactionCounts(1000, 250, 1000, 0, 0)));
        assertEquals(4.313, result.transactions().perRoundTrip(result.received()), 1e-9);
        assertEquals("Storage transactions: 4.31 per round trip (client 2.06, workers 2.25); round trips took 24 ms (p50),"
                + " 61 ms (p99)", result.costs());
    }

    @Test
    void costsSayWhenTheWorkersAreNotCounted() {
        SendResult result = answered(10).with(new SendResult.Transactions(new TransactionCounts(10, 2, 10, 0, 1), null));
        assertEquals(2.3, result.transactions().perRoundTrip(10), 1e-9);
        assertEquals("Storage transactions: 2.30 per round trip by this client (its workers' are not counted here);"
                + " round trips took 24 ms (p50), 61 ms (p99)", result.costs());
    }

    @Test
    void workersThatReportedNothingForARunWithReplies_areNotKnown_notZero() {
        SendResult result = answered(10).with(SendResult.Transactions.of(new TransactionCounts(10, 2, 10, 0, 1),
                TransactionCounts.NONE, 10));

        assertNull(result.transactions().workers());
        assertEquals("Storage transactions: 2.30 per round trip by this client (its workers' are not counted here);"
                + " round trips took 24 ms (p50), 61 ms (p99)", result.costs());
    }

    @Test
    void workersThatReported_areCounted_andNoReplyKeepsTheirZero() {
        TransactionCounts workers = new TransactionCounts(10, 3, 10, 0, 0);
        assertEquals(workers, SendResult.Transactions.of(TransactionCounts.NONE, workers, 10).workers());
        assertEquals(TransactionCounts.NONE,
                SendResult.Transactions.of(TransactionCounts.NONE, TransactionCounts.NONE, 0).workers());
    }

    @Test
    void noReplyNoCosts() {
        SendResult none = new SendResult(5, 5, 0, 0, 0, 0, 0, 0, 0, true, null, Duration.ofSeconds(1), null,
                new SendResult.Transactions(new TransactionCounts(5, 9, 0, 0, 1), TransactionCounts.NONE));
        assertNull(none.costs());
        assertEquals(0, none.transactions().perRoundTrip(0));
    }

    @Test
    void accounting_countsDamagedRepliesAmongTheErrors() {
        SendResult result = new SendResult(10, 10, 4, 10, 3, 1, 2, 0, 0, false, "damaged", Duration.ofSeconds(1), null, null);
        assertEquals("Requests 10: sent 10, answered 10 (3 in error, 1 poisoned, 2 damaged), missing 0;"
                + " duplicate replies 0, unmatched replies 0; resent 4", result.accounting());
    }

    @Test
    void withTransactionsKeepsEverythingElse() {
        SendResult result = answered(7);
        SendResult counted = result.with(new SendResult.Transactions(TransactionCounts.NONE, TransactionCounts.NONE));
        assertEquals(result.summary(), counted.summary());
        assertEquals(result.accounting(), counted.accounting());
        assertEquals(result.latency(), counted.latency());
    }

    private static SendResult answered(long count) {
        return new SendResult(count, count, 0, count, 0, 0, 0, 0, 0, false, null, Duration.ofSeconds(2), LATENCY, null);
    }
}
