package com.sessionjar.cluster.azure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tells the user, on stderr through the log, what a long provisioning step is doing and for how
 * long: a line when it starts, one every {@link #TICK} while it runs, and one when it ends, so a
 * ten-minute deployment never looks hung.
 */
final class Progress {
    /** How often a running step says it is still running. */
    static final Duration TICK = Duration.ofSeconds(20);

    private final Consumer<String> out;
    private final Duration tick;
    private final long started = System.nanoTime();

    /** Progress written line by line to {@code out}, ticking every {@code tick}. */
    Progress(Consumer<String> out, Duration tick) {
        this.out = out;
        this.tick = tick;
    }

    /** Runs {@code step}, described as {@code what} ("creating the storage account x"), and returns its result. */
    <T> T step(String what, Supplier<T> step) {
        long stepStarted = System.nanoTime();
        out.accept(what + " ...");
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "progress");
            thread.setDaemon(true);
            return thread;
        });
        ScheduledFuture<?> ticks = ticker.scheduleAtFixedRate(
                () -> out.accept("... still " + what + " (" + elapsed(stepStarted) + ")"), tick.toMillis(), tick.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            T result = step.get();
            out.accept(what + ": done in " + elapsed(stepStarted) + " (" + elapsed(started) + " in all)");
            return result;
        } finally {
            ticks.cancel(false);
            ticker.shutdownNow();
        }
    }

    /** Runs {@code step}, described as {@code what}. */
    void step(String what, Runnable step) {
        step(what, () -> {
            step.run();
            return null;
        });
    }

    /** A one-off line. */
    void say(String line) {
        out.accept(line);
    }

    /** The time since {@code since}, as a person reads it: {@code 4 s}, {@code 2 min 5 s}. */
    static String elapsed(long since) {
        long seconds = Duration.ofNanos(System.nanoTime() - since).toSeconds();
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }
}
