package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.CapturedStderr;
import com.sessionjar.queue.FaultyConnection;
import com.sessionjar.queue.InMemoryQueueService;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The end of a run's reply queue over the in-memory queue service: deleted also when the run was
 * stopped by a signal, quietly when it is gone already, and within its bound, in words, when the
 * service does not answer.
 */
class RunQueueTest {
    private final InMemoryQueueService service = new InMemoryQueueService();
    /** Released when the test ends: a delete held by the {@link FaultyConnection} then ends too. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHeldCalls() {
        release.countDown();
    }

    @Test
    void aRunStoppedBySignal_stillDeletesItsQueue_andStaysInterrupted() {
        RunQueue runQueue = RunQueue.open(service.createdQueue("responses"), "0000c001", false);
        String name = runQueue.queue().name();
        assertTrue(service.queueNames().contains(name), service.queueNames()::toString);

        Thread.currentThread().interrupt(); // as the shutdown hook of a SIGINT does
        String log = CapturedStderr.of(() -> runQueue.close(Duration.ofSeconds(5)));

        assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
        assertFalse(service.queueNames().contains(name), service.queueNames()::toString);
        assertEquals("", log);
    }

    @Test
    void aQueueAlreadyGone_isDeleted_withoutAWord() {
        RunQueue runQueue = RunQueue.open(service.createdQueue("responses"), "0000c002", false);
        runQueue.queue().deleteIfExists(); // the session was deleted meanwhile

        String log = CapturedStderr.of(() -> runQueue.close(Duration.ofSeconds(5)));

        assertEquals("", log);
    }

    @Test
    void aDeleteWithNoAnswer_endsAtItsBound_andSaysSoInWords() {
        FaultyConnection connection = new FaultyConnection(service);
        RunQueue runQueue = RunQueue.open(connection.account(1).queue("responses"), "0000c003", false);
        connection.holdQueueDeletesUntil(release);

        long start = System.nanoTime();
        String log = CapturedStderr.of(() -> runQueue.close(Duration.ofMillis(300)));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertTrue(seconds < 2, "ended at its bound: " + seconds + " s");
        assertTrue(log.contains("Deleting reply queue " + runQueue.queue().name() + " got no answer in 300 ms;"), log);
        assertTrue(service.queueNames().contains(runQueue.queue().name()), "left, an orphan for a later run");
    }

    @Test
    void aDeleteThatFails_isLoggedInWords_withNoClassName() {
        FaultyConnection connection = new FaultyConnection(service);
        RunQueue runQueue = RunQueue.open(connection.account(1).queue("responses"), "0000c004", false);
        connection.refuseAll();

        String log = CapturedStderr.of(() -> runQueue.close(Duration.ofSeconds(5)));

        assertTrue(log.contains("Deleting reply queue " + runQueue.queue().name() + " failed; a later run on the session"
                + " or its delete removes it: Connection refused"), log);
        assertFalse(log.contains("Exception"), log);
    }
}
