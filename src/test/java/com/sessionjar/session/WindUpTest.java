package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a run winds up: bounded past its time limit when calls do not end, waited out while they do. */
class WindUpTest {
    private final ThreadPoolExecutor calls = (ThreadPoolExecutor) Executors.newFixedThreadPool(2, new DaemonThreads("test-call"));
    private final CountDownLatch frozen = new CountDownLatch(1);

    @AfterEach
    void thaw() {
        frozen.countDown();
        calls.shutdownNow();
    }

    @Test
    void aCallThatNeverEnds_holdsARunPastItsLimit_byAboutItsSlackOnly() {
        calls.execute(this::awaitThaw);
        long start = System.nanoTime() - Duration.ofSeconds(10).toNanos(); // a 10 s run, at its limit now: 0.5 s left
        WindUp windUp = new WindUp(start, Duration.ofSeconds(10), false);

        long began = System.nanoTime();
        boolean interrupted = windUp.endCalls(calls);
        double seconds = (System.nanoTime() - began) / 1e9;

        assertFalse(interrupted);
        assertTrue(seconds >= 0.4 && seconds < 1.1, "about " + WindUp.LIMIT_SLACK + ": " + seconds + " s");
        assertEquals(RunQueue.LEAST_DELETE_WAIT, windUp.deleteWait(), "no answer: the delete gets the least wait");
    }

    @Test
    void callsThatKeepEnding_areWaitedFor_pastTheSlack() {
        for (int i = 0; i < 12; i++) {
            calls.execute(() -> sleep(250)); // 2 threads: all 12 end after about 1.5 s, one every 250 ms
        }
        long start = System.nanoTime() - Duration.ofSeconds(10).toNanos();
        WindUp windUp = new WindUp(start, Duration.ofSeconds(10), false);

        long began = System.nanoTime();
        windUp.endCalls(calls);
        double seconds = (System.nanoTime() - began) / 1e9;

        assertTrue(calls.isTerminated(), "every call ended: " + seconds + " s");
        assertEquals(RunQueue.ANSWERING_DELETE_WAIT, windUp.deleteWait(), "the service answers: a longer wait for the delete");
    }

    @Test
    void aWindUpBegunPastItsEnd_waitsForAFirstCallToEnd_briefly() {
        calls.execute(this::awaitThaw);
        long start = System.nanoTime() - Duration.ofSeconds(12).toNanos(); // stopped by the watchdog, past its limit
        WindUp windUp = new WindUp(start, Duration.ofSeconds(10), false);

        long began = System.nanoTime();
        windUp.endCalls(calls);
        double seconds = (System.nanoTime() - began) / 1e9;

        assertTrue(seconds >= 0.2 && seconds < 0.8, "about " + WindUp.FIRST_LOOK + ": " + seconds + " s");
        assertEquals(RunQueue.LEAST_DELETE_WAIT, windUp.deleteWait());
    }

    @Test
    void anInterrupt_doesNotCutTheWaitShort_andIsReturned() throws Exception {
        calls.execute(() -> sleep(600));
        WindUp windUp = new WindUp(System.nanoTime(), Duration.ZERO, true); // stopped by a signal, no time limit
        Thread.currentThread().interrupt();

        boolean interrupted = windUp.endCalls(calls);

        assertTrue(interrupted);
        assertTrue(calls.isTerminated(), "the call under way was waited for");
        assertTrue(windUp.deleteWait().compareTo(Duration.ofSeconds(4)) > 0, "what is left of the stopped run's "
                + WindUp.STOPPED + ": " + windUp.deleteWait());
    }

    @Test
    void aRunWithoutLimitNorSignal_givesItsDeleteTheGenerousWait() {
        WindUp windUp = new WindUp(System.nanoTime(), Duration.ZERO, false);
        windUp.endCalls(calls);

        assertEquals(RunQueue.DELETE_WAIT, windUp.deleteWait());
    }

    private void awaitThaw() {
        try {
            frozen.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
