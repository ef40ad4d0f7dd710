package com.sessionjar;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/** Names the threads of a pool ({@code name-1}, {@code name-2}, ...) and makes them daemons, so none keeps the JVM up. */
public final class DaemonThreads implements ThreadFactory {
    private final String name;
    private final AtomicLong next = new AtomicLong();

    /** A factory for threads called {@code name-<n>}. */
    public DaemonThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name + "-" + next.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
