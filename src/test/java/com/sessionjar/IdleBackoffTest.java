package com.sessionjar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleBackoffTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void waitsDouble_upToTheMaximum_andStayThere() {
        IdleBackoff backoff = new IdleBackoff(Duration.ofMillis(20), Duration.ofMillis(3000), 0, 0, () -> 1.0);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            waits.add(backoff.afterEmpty(i * SECOND).toMillis());
        }
        assertEquals(List.of(20L, 40L, 80L, 160L, 320L, 640L, 1280L, 2560L, 3000L, 3000L, 3000L), waits);
    }

    @Test
    void jitter_shortensAWaitByAtMostAFifth() {
        IdleBackoff least = new IdleBackoff(Duration.ofMillis(100), Duration.ofMillis(100), 0, 0, () -> 0.0);
        IdleBackoff most = new IdleBackoff(Duration.ofMillis(100), Duration.ofMillis(100), 0, 0, () -> 0.999_999);
        assertEquals(80, least.afterEmpty(0).toMillis());
        assertEquals(99, most.afterEmpty(0).toMillis());
        IdleBackoff random = new IdleBackoff(Duration.ofMillis(100), Duration.ofMillis(100), 0, 0);
        for (int i = 0; i < 1000; i++) {
            long wait = random.afterEmpty(0).toNanos();
            assertTrue(wait >= 80_000_000 && wait <= 100_000_000, "wait " + wait);
        }
    }

    @Test
    void aWait_isNeverLongerThanTheFractionOfTheIdleTime_norShorterThanTheFirst() {
        IdleBackoff backoff = new IdleBackoff(Duration.ofMillis(20), Duration.ofMillis(3000), 10, 0, () -> 1.0);
        for (int i = 0; i < 20; i++) {
            backoff.afterEmpty(0); // the doubling alone would be at its maximum by now
        }
        assertEquals(20, backoff.afterEmpty(SECOND / 10).toMillis(), "idle 100 ms: a tenth is below the first wait");
        assertEquals(500, backoff.afterEmpty(5 * SECOND).toMillis(), "idle 5 s: a tenth");
        assertEquals(3000, backoff.afterEmpty(60 * SECOND).toMillis(), "idle a minute: the maximum");
    }

    @Test
    void aPollThatTakesMessages_startsTheBackoffOver() {
        IdleBackoff backoff = new IdleBackoff(Duration.ofMillis(20), Duration.ofMillis(3000), 10, 0, () -> 1.0);
        for (int i = 0; i < 20; i++) {
            backoff.afterEmpty(100 * SECOND);
        }
        assertEquals(3000, backoff.afterEmpty(100 * SECOND).toMillis());
        backoff.reset(100 * SECOND);
        assertEquals(20, backoff.afterEmpty(101 * SECOND).toMillis(), "the first wait again");
        assertEquals(40, backoff.afterEmpty(102 * SECOND).toMillis());
        assertEquals(80, backoff.afterEmpty(103 * SECOND).toMillis());
        assertEquals(160, backoff.afterEmpty(103 * SECOND + SECOND * 16 / 10).toMillis(), "capped at a tenth of 1.6 s");
    }

    @Test
    void anIdleWorker_atItsDefaults_pollsLessThanTwiceASecond() {
        IdleBackoff backoff = new IdleBackoff(Duration.ofMillis(20), Duration.ofMillis(3000), 10, 0);
        long now = 0;
        int polls = 0;
        while (now < 120 * SECOND) {
            now += backoff.afterEmpty(now).toNanos();
            if (now > 60 * SECOND) {
                polls++;
            }
        }
        double perSecond = polls / ((now - 60.0 * SECOND) / SECOND);
        assertTrue(perSecond <= 0.5, "after a minute idle: " + perSecond + " polls/s");
    }

    @Test
    void nonsense_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new IdleBackoff(Duration.ZERO, Duration.ofMillis(1), 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new IdleBackoff(Duration.ofMillis(2), Duration.ofMillis(1), 0, 0));
    }
}
