package com.sessionjar.protocol;

/**
 * Storage transactions counted by kind, as Azure bills them: Put Message (send), Get Messages
 * (receive), Delete Message, Update Message, and everything else. Workers write theirs to their
 * {@link StatsFile}; clients add them to their own for the summary.
 */
public record TransactionCounts(long send, long receive, long delete, long update, long other) {
    /** No requests. */
    public static final TransactionCounts NONE = new TransactionCounts(0, 0, 0, 0, 0);

    /** All requests. */
    public long total() {
        return send + receive + delete + update + other;
    }

    /** What was counted after {@code earlier}. */
    public TransactionCounts minus(TransactionCounts earlier) {
        return new TransactionCounts(send - earlier.send, receive - earlier.receive, delete - earlier.delete,
                update - earlier.update, other - earlier.other);
    }

    /** Both counts together. */
    public TransactionCounts plus(TransactionCounts other) {
        return new TransactionCounts(send + other.send, receive + other.receive, delete + other.delete, update + other.update,
                this.other + other.other);
    }
}
