package com.sessionjar.cluster.local;

import com.sessionjar.InfrastructureException;
import com.sessionjar.cluster.ClusterId;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIGINT (Ctrl-C) or SIGTERM during a local create: the JVM's shutdown hook tells the creating
 * thread to stop (a flag it checks between steps, and an interrupt for the waits), and waits until
 * that thread has removed what it made (its workers, queues and record) before the JVM exits. A
 * signal after {@link #commit} changes nothing: the session is complete. A signal while a failed
 * create is already being rolled back interrupts nothing, so that the rollback finishes.
 */
final class InterruptedCreate implements AutoCloseable {
    /** How long the rollback may take once a signal came: stopping workers takes up to their grace. */
    static final Duration GRACE = LocalWorkers.STOP_GRACE.plusSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedCreate.class);

    private enum Stage { CREATING, STOPPING, ROLLING_BACK, COMMITTED }

    private final ClusterId id;
    private final Thread creator = Thread.currentThread();
    private final AtomicReference<Stage> stage = new AtomicReference<>(Stage.CREATING);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stopTheCreate, "create-rollback-on-signal");
    private volatile boolean signalled;

    private InterruptedCreate(ClusterId id) {
        this.id = id;
    }

    /** From now until {@link #close}, a signal rolls back the current thread's create of session {@code id}. */
    static InterruptedCreate install(ClusterId id) {
        InterruptedCreate create = new InterruptedCreate(id);
        Runtime.getRuntime().addShutdownHook(create.hook);
        return create;
    }

    /** Throws if a signal came: the create stops here and is rolled back. */
    void check() {
        if (signalled) {
            throw new InfrastructureException("Interrupted while creating session " + id);
        }
    }

    /** Whether a signal came before the create was complete. */
    boolean came() {
        return signalled;
    }

    /** The session is complete: a signal from now on leaves it. Throws if one came before. */
    void commit() {
        if (!stage.compareAndSet(Stage.CREATING, Stage.COMMITTED)) {
            check();
        }
    }

    /** The create failed and is being rolled back: a signal now waits for that, interrupting nothing. */
    synchronized void rollingBack() {
        stage.compareAndSet(Stage.CREATING, Stage.ROLLING_BACK);
        Thread.interrupted(); // the rollback's own waits and calls must not end at once
    }

    /** The create is over (complete or rolled back): a shutdown under way may go on; otherwise the hook is removed. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutting down: the hook runs, and has just been told it may end.
        }
    }

    private void stopTheCreate() {
        synchronized (this) {
            signalled = true;
            if (stage.compareAndSet(Stage.CREATING, Stage.STOPPING)) {
                LOG.warn("Interrupted: removing what was made of session {}", id);
                creator.interrupt();
            }
        }
        try {
            if (!finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Session {} was not removed within {} s: delete it with --delete {}", id, GRACE.toSeconds(), id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
