package com.sessionjar.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While a send runs, a SIGINT (Ctrl-C) or SIGTERM ends it with its summary instead of cutting it
 * short: the JVM's shutdown hook interrupts the sending thread, which ends the run with the replies
 * in so far and prints what it has; the hook waits for that (up to {@link #GRACE}) and the JVM then
 * exits as a signalled JVM does, 130 or 143. Which signal came is noted by a handler that passes
 * it on to the JVM's own. A send with a time limit is also stopped so when the limit has passed
 * and the run has not ended by itself (a frozen queue service holds a call): the command then ends
 * as a timed-out run does.
 */
final class StopOnSignal implements AutoCloseable {
    /** How long the summary may take to be printed once the run is told to stop. */
    static final Duration GRACE = Duration.ofSeconds(15);
    /** The first signal that came, e.g. SIGINT; set by the signal handlers, read by the sending thread. */
    private static final AtomicReference<String> SIGNAL = new AtomicReference<>();
    /** How long after its time limit a send is stopped, if it has not ended by itself. */
    static final Duration PAST_LIMIT = Duration.ofMillis(500);
    /** Whether the handlers are in place: once per JVM. Guarded by the class. */
    private static boolean noting;

    private final Thread sender = Thread.currentThread();
    private final CountDownLatch printed = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stopTheRun, "send-stop-on-signal");
    /** Set by the watchdog when it stopped the run at its time limit. */
    private volatile boolean pastLimit;
    private Thread watchdog;

    private StopOnSignal() {
    }

    /** From now until {@link #close}, a signal ends the current thread's send with its summary. */
    static StopOnSignal install() {
        return install(Duration.ZERO);
    }

    /**
     * As {@link #install()}; and if {@code limit} is not zero, the send is stopped the same way once
     * {@code limit} and {@link #PAST_LIMIT} have passed, unless it has ended (see {@link #pastLimit}).
     */
    static StopOnSignal install(Duration limit) {
        synchronized (StopOnSignal.class) {
            if (!noting) {
                noteSignal("INT");
                noteSignal("TERM");
                noting = true;
            }
        }
        StopOnSignal stop = new StopOnSignal();
        Runtime.getRuntime().addShutdownHook(stop.hook);
        if (!limit.isZero()) {
            stop.watchdog = new Thread(() -> stop.stopAt(limit.plus(PAST_LIMIT)), "send-time-limit");
            stop.watchdog.setDaemon(true);
            stop.watchdog.start();
        }
        return stop;
    }

    /** Whether the run was stopped because its time limit had passed while it had not ended. */
    boolean pastLimit() {
        return pastLimit;
    }

    private void stopAt(Duration bound) {
        try {
            Thread.sleep(bound.toMillis());
        } catch (InterruptedException e) {
            return; // the run ended in time
        }
        pastLimit = true;
        sender.interrupt();
    }

    /** The signal that stopped the run, e.g. {@code SIGINT}, or null if none came. */
    String signal() {
        return SIGNAL.get();
    }

    /** The summary is printed: a shutdown under way may go on; otherwise the hook is removed. */
    @Override
    public void close() {
        printed.countDown();
        if (watchdog != null) {
            watchdog.interrupt();
            if (pastLimit) {
                Thread.interrupted(); // the run was stopped at its limit and has said so: nothing else is to stop
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutting down: the hook runs, and has just been told it may end.
        }
    }

    private void stopTheRun() {
        sender.interrupt();
        try {
            printed.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Notes signal {@code name} when it comes, then hands it to the handler it had (the JVM's, which shuts down). */
    private static void noteSignal(String name) {
        try {
            Signal signal = new Signal(name);
            SignalHandler[] previous = new SignalHandler[1];
            previous[0] = Signal.handle(signal, s -> {
                SIGNAL.compareAndSet(null, "SIG" + s.getName());
                previous[0].handle(s);
            });
            if (previous[0] == SignalHandler.SIG_IGN || previous[0] == SignalHandler.SIG_DFL) {
                Signal.handle(signal, previous[0]); // ignored (nohup) or not the JVM's: left as it was
            }
        } catch (IllegalArgumentException e) {
            // Not handled on this platform, or ignored (-Xrs): the JVM's own handling stands.
        }
    }
}
