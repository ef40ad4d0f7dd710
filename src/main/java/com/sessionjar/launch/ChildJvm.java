package com.sessionjar.launch;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import sun.misc.Signal;

/**
 * Runs the command in a second JVM with the launcher's standard streams and environment, and
 * hands its exit code back. Signals are passed on, so that the second JVM ends a send with its
 * summary exactly as a single JVM does (see cli/StopOnSignal): the launcher itself does not stop on
 * SIGINT or SIGTERM but sends the same signal to the second JVM and waits for it. A Ctrl-C reaches
 * both (the terminal signals the whole process group): the second JVM then gets SIGINT twice, which
 * it takes as one.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code command}; null if it cannot be started (then the caller runs the command itself). */
    static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            return null;
        }
    }

    /** Passes SIGINT and SIGTERM on to {@code child}, waits for it and returns its exit code. */
    static int waitFor(Process child) throws InterruptedException {
        passOn("INT", child);
        passOn("TERM", child);
        return child.waitFor();
    }

    private static void passOn(String name, Process child) {
        try {
            Signal.handle(new Signal(name), signal -> send(name, child.pid()));
        } catch (IllegalArgumentException e) {
            // Not available here, or the JVM reserves it (-Xrs): the default handling stands.
        }
    }

    /** Sends signal {@code name} to process {@code pid}; one gone by then is no error. */
    private static void send(String name, long pid) {
        try {
            new ProcessBuilder("kill", "-s", name, Long.toString(pid))
                    .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            if (name.equals("TERM")) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy); // SIGTERM without kill(1)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
