package com.sessionjar.service;

import com.sessionjar.protocol.ChildEnvironment;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a program once: text on its stdin, both outputs read at the same time, a deadline, and
 * its whole process tree killed when the deadline passes or the caller is interrupted.
 *
 * <p>The program and what it starts are this class's until {@link #run} returns: nothing it
 * started runs on afterwards, except a process that left the tree (whose parent exited) before
 * the kill, which cannot be found any more.
 */
final class ProgramRun {
    private static final Logger LOG = LoggerFactory.getLogger(ProgramRun.class);
    /** How long, after a kill, the outputs may take to close before what was read is used as it is. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(1);

    /**
     * How a run ended.
     *
     * @param exitCode the program's exit code, or null if it did not exit on its own
     * @param failure  null, or one line naming the program and saying why the run did not complete
     */
    record Outcome(Integer exitCode, CapturedText stdout, CapturedText stderr, String failure) {
    }

    private ProgramRun() {
    }

    /**
     * Runs {@code command}, writing {@code input} in UTF-8 to its stdin, keeping up to
     * {@code keptBytes} of each output, for at most {@code timeout}. The reading and writing run on
     * {@code io}, three tasks per run. A program that cannot start or runs too long is an outcome
     * with a failure, not an exception.
     *
     * @throws InterruptedException if the calling thread is interrupted; the process tree is killed first
     */
    static Outcome run(List<String> command, String input, Duration timeout, int keptBytes, ExecutorService io)
            throws InterruptedException {
        String program = command.get(0);
        Process process;
        try {
            process = ChildEnvironment.withoutSessionSecrets(new ProcessBuilder(command)).start();
        } catch (IOException e) {
            String failure = program + " cannot start: " + reason(e);
            LOG.warn("{}", failure);
            return new Outcome(null, CapturedText.EMPTY, CapturedText.EMPTY, failure);
        }
        OutputCapture stdout = new OutputCapture(process.getInputStream(), keptBytes);
        OutputCapture stderr = new OutputCapture(process.getErrorStream(), keptBytes);
        Future<?> feeding = io.submit(() -> feed(process, input));
        List<Future<?>> reading = List.of(io.submit(stdout), io.submit(stderr));
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            boolean exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            // A child the program left running may hold its outputs open after it exits: the deadline covers both.
            if (exited && awaitAll(reading, deadline)) {
                LOG.debug("{} exited with {}", program, process.exitValue());
                return new Outcome(process.exitValue(), stdout.text(), stderr.text(), null);
            }
            destroyTree(process);
            awaitAll(reading, System.nanoTime() + AFTER_KILL.toNanos());
            String failure = exited
                    ? program + " exited, but its output was still open after " + seconds(timeout)
                            + ": a process it left running holds it"
                    : program + " timed out after " + seconds(timeout) + " and was killed";
            LOG.warn("{}", failure);
            return new Outcome(exited ? process.exitValue() : null, stdout.text(), stderr.text(), failure);
        } catch (InterruptedException e) {
            LOG.debug("Interrupted: killing {}", program);
            destroyTree(process);
            throw e;
        } finally {
            // Done already, or about to end now that the tree is dead; a reader stuck on a pipe held
            // by an escaped process cannot be interrupted and ends when that process does.
            feeding.cancel(true);
            reading.forEach(task -> task.cancel(true));
        }
    }

    /** Writes the request and closes stdin, so the program sees its end. */
    private static void feed(Process process, String input) {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The program exited or closed stdin without reading it all: its choice, not a failure.
        }
    }

    /** Whether every task ended by {@code deadline} ({@link System#nanoTime()}). */
    private static boolean awaitAll(List<Future<?>> tasks, long deadline) throws InterruptedException {
        for (Future<?> task : tasks) {
            try {
                task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException | CancellationException e) {
                // A reader that failed has kept what it read; the reply carries that.
            }
        }
        return true;
    }

    /**
     * Kills the program and every process below it. The descendants are listed first: once the
     * program is dead, its children belong to another parent and can no longer be found from it.
     */
    private static void destroyTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String reason(IOException e) {
        // "Cannot run program "x": error=2, No such file or directory": the cause says it without repeating x.
        String message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                : String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
