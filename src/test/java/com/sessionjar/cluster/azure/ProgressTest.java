package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void step_saysWhenItStarts_whileItRuns_andWhenItEnds() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Progress progress = new Progress(lines::add, Duration.ofMillis(50));
        String result = progress.step("creating scale set x", () -> {
            sleep(400);
            return "made";
        });
        assertEquals("made", result);
        assertEquals("creating scale set x ...", lines.get(0));
        assertTrue(lines.stream().filter(l -> l.startsWith("... still creating scale set x (")).count() >= 2, lines::toString);
        assertTrue(lines.get(lines.size() - 1).startsWith("creating scale set x: done in 0 s ("), lines::toString);
    }

    @Test
    void step_thatFails_stopsTicking() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Progress progress = new Progress(lines::add, Duration.ofMillis(20));
        assertThrows(IllegalStateException.class, () -> progress.step("failing", () -> {
            throw new IllegalStateException("no");
        }));
        int count = lines.size();
        sleep(100);
        assertEquals(count, lines.size(), lines::toString);
    }

    @Test
    void elapsed_readsAsMinutesAndSeconds() {
        assertEquals("2 min 5 s", Progress.elapsed(System.nanoTime() - Duration.ofSeconds(125).toNanos()));
        assertEquals("7 s", Progress.elapsed(System.nanoTime() - Duration.ofSeconds(7).toNanos()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
