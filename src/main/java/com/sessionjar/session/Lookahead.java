package com.sessionjar.session;

import com.sessionjar.DaemonThreads;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The messages of a run, read a few ahead on a thread of their own, so a packing run can tell
 * whether the next message is at hand or would keep it waiting (stdin with no line coming), and
 * send what it has packed rather than wait. Holds up to {@code ahead} messages its taker has not
 * taken yet, and one more in its reader's hand.
 *
 * <p>Owns its reader thread, a daemon: {@link #close()} stops it unless it is blocked reading a
 * stream, which cannot be interrupted.
 */
final class Lookahead implements Iterator<String>, AutoCloseable {
    private static final Object END = new Object();
    /** How long {@link #ready()} gives the reader to catch up before it says no: a stalled input waits no longer. */
    private static final long READY_WAIT_MICROS = 1_000;

    private final BlockingQueue<Object> handOver;
    private final Thread reader;
    private Object next;

    /** Starts reading {@code messages}, at most {@code ahead} of the taker. */
    Lookahead(Iterator<String> messages, int ahead) {
        handOver = new ArrayBlockingQueue<>(ahead);
        reader = new DaemonThreads("session-read").newThread(() -> {
            try {
                while (messages.hasNext()) {
                    handOver.put(messages.next());
                }
                handOver.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                try {
                    handOver.put(e); // reading failed: the taker rethrows it
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        reader.start();
    }

    /** Whether {@link #hasNext()} would answer without waiting (more than a moment) for the next message to be read. */
    boolean ready() {
        if (next == null) {
            try {
                next = handOver.poll(READY_WAIT_MICROS, TimeUnit.MICROSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return next != null;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = handOver.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the next message", e);
            }
        }
        if (next instanceof RuntimeException failure) {
            throw failure;
        }
        return next != END;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String message = (String) next;
        next = null;
        return message;
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
