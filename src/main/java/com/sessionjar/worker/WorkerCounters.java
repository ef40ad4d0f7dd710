package com.sessionjar.worker;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of a worker: requests replied to, failed, and returned to the queue. */
public final class WorkerCounters {
    final AtomicLong processed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong returned = new AtomicLong();

    /** Requests whose reply was sent and that were then deleted. */
    public long processed() {
        return processed.get();
    }

    /** Service calls that failed (their requests were made visible again). */
    public long failed() {
        return failed.get();
    }

    /** Requests made visible again, on failure or on stop. */
    public long returned() {
        return returned.get();
    }

    @Override
    public String toString() {
        return "processed " + processed() + ", failed " + failed() + ", returned to the queue " + returned();
    }
}
