package com.sessionjar;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A blocking call made on a daemon thread of its own and waited for at most a bound: a service that
 * does not answer (a frozen queue service) then holds the caller no longer, and the call is left to
 * its thread, which keeps no JVM up. The caller's interrupt neither reaches the call nor cuts the
 * wait short (a run stopped by a signal still deletes its queue); it is kept for the caller.
 */
public final class BoundedCall {
    private BoundedCall() {
    }

    /**
     * Returns what {@code call} returns, or throws what it throws, if it ends within {@code bound};
     * its thread is called {@code name}.
     *
     * @throws TimeoutException if it has not ended by then
     */
    public static <T> T call(String name, Supplier<T> call, Duration bound) throws TimeoutException {
        CompletableFuture<T> result = new CompletableFuture<>();
        new DaemonThreads(name).newThread(() -> {
            try {
                result.complete(call.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }).start();
        boolean interrupted = Thread.interrupted();
        long end = System.nanoTime() + bound.toNanos();
        try {
            while (true) {
                try {
                    return result.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e.getCause();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
