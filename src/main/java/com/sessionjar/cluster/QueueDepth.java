package com.sessionjar.cluster;

import java.util.Locale;
import java.util.Objects;

/**
 * One queue of a session and about how many messages it holds, visible or not, as the queue
 * service counts them: approximately.
 *
 * @param name             the queue's name in the session's storage account
 * @param role             what the session uses it for
 * @param exists           whether the queue is there (a poison queue is made when the first request is poisoned)
 * @param approximateCount the queue service's approximate count of its messages; 0 if it is not there
 */
public record QueueDepth(String name, Role role, boolean exists, long approximateCount) {
    /** What a session uses a queue for. */
    public enum Role {
        /** Requests waiting for a worker, or being worked on. */
        REQUESTS,
        /** Replies to runs that have no reply queue of their own (plain runs, the original's clients). */
        RESPONSES,
        /** Requests given up on after QueueOptions.MaxDequeueCount attempts. */
        POISON,
        /** The reply queue of one client run: going on, or killed before it could delete its queue. */
        REPLY;

        /** The role as text and JSON show it: {@code requests}, {@code reply}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public QueueDepth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
