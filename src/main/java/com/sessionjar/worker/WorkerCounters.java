package com.sessionjar.worker;

import com.sessionjar.protocol.StatsFile;
import java.util.concurrent.atomic.AtomicLong;

/** Running totals of a worker: requests replied to, failed, returned to the queue, poisoned, dropped and expired. */
public final class WorkerCounters {
    final AtomicLong processed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong returned = new AtomicLong();
    final AtomicLong poisoned = new AtomicLong();
    final AtomicLong undeleted = new AtomicLong();
    final AtomicLong renewalsFailed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong expired = new AtomicLong();

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

    /** Requests moved to the poison queue (each answered with an error reply). */
    public long poisoned() {
        return poisoned.get();
    }

    /** Requests answered whose delete then failed: they come back and are answered again. */
    public long undeleted() {
        return undeleted.get();
    }

    /** Lease renewals that failed. */
    public long renewalsFailed() {
        return renewalsFailed.get();
    }

    /** Replies dropped because their client had ended (its reply queue was gone). */
    public long dropped() {
        return dropped.get();
    }

    /** Requests skipped, never called, because their run had ended (past its deadline, or its reply queue gone). */
    public long expired() {
        return expired.get();
    }

    /** The counters as they are now, for the stats file. */
    public StatsFile.Requests snapshot() {
        return new StatsFile.Requests(processed(), failed(), returned(), poisoned(), undeleted(), renewalsFailed(), dropped(),
                expired());
    }

    @Override
    public String toString() {
        return "processed " + processed() + ", failed " + failed() + ", returned to the queue " + returned()
                + ", poisoned " + poisoned() + ", answered but not deleted " + undeleted() + ", lease renewals failed "
                + renewalsFailed() + ", replies dropped (client gone) " + dropped()
                + ", requests skipped (run ended) " + expired();
    }
}
