package com.sessionjar.cli;

import com.sessionjar.InfrastructureException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a long send in a JVM tuned for it: C1 only and the serial collector. The client waits on
 * the queues; its hot code is the SDK's plumbing, and C2 and G1 spend more CPU on it than they
 * save in a run of minutes, CPU that Azurite and the local workers need on the same machine
 * (measured on 2 cores, 5,000 round trips through 3 local workers: client CPU 40 s -> 17 s,
 * throughput 92 -> 130 round trips/s). A running JVM cannot change those flags, so the command
 * starts a second one with the same arguments, standard streams and environment, waits for it
 * and exits with its code; a SIGTERM to the first is passed on. A command the launcher already
 * runs in a second JVM has these flags, and stays there (see launch/Launcher).
 */
public final class SendJvm {
    /** Sends of at least this many requests run in the tuned JVM; shorter ones are over before it pays. */
    static final long MIN_COUNT = 1000;
    /** Set in the tuned JVM, so it does not start another. */
    public static final String TUNED = "sessionjar.tuned";
    /** The JVM options of the tuned JVM; the launcher starts its second JVM with them too. */
    public static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final Duration PARENT_CHECK = Duration.ofMillis(500);

    private SendJvm() {
    }

    /** Whether a send of {@code count} requests should move to a tuned JVM, and can. */
    static boolean shouldRun(long count) {
        return count >= MIN_COUNT && !Boolean.getBoolean(TUNED) && !Boolean.getBoolean("sessionjar.untuned")
                && jar().isPresent() && !ManagementFactory.getRuntimeMXBean().getInputArguments().containsAll(FLAGS);
    }

    /** Runs session.jar with {@code args} in a tuned JVM and returns its exit code. */
    static int run(List<String> args) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(FLAGS);
        command.add("-D" + TUNED + "=true");
        command.addAll(List.of("-cp", jar().orElseThrow().toString(), SessionCommand.class.getName()));
        command.addAll(args);
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (java.io.IOException e) {
            throw new InfrastructureException("Cannot start a JVM for the send (" + command.get(0) + "): " + e.getMessage()
                    + "; set -Dsessionjar.untuned=true to send from this one", e);
        }
        Thread passOn = new Thread(() -> {
            child.destroy();
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "send-jvm-stop");
        Runtime.getRuntime().addShutdownHook(passOn);
        int code = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(passOn);
        return code;
    }

    /**
     * In the tuned JVM: ends this JVM when the one that started it is gone. A SIGKILL to that one
     * cannot be passed on, and a client killed with it must stop, not send on unseen (its reply
     * queue is then an orphan, which the next run deletes).
     */
    static void exitWithParent() {
        if (!Boolean.getBoolean(TUNED)) {
            return;
        }
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        if (parent == null) {
            return;
        }
        Thread watch = new Thread(() -> {
            try {
                while (parent.isAlive()) {
                    Thread.sleep(PARENT_CHECK.toMillis());
                }
                System.err.println("error: the session.jar process that started this send is gone (killed); stopping");
                Runtime.getRuntime().halt(ExitCode.FAILED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "send-jvm-parent");
        watch.setDaemon(true);
        watch.start();
    }

    /** The jar this class was loaded from, if it was loaded from a jar. */
    private static Optional<Path> jar() {
        try {
            Path location = Path.of(SendJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) && location.toString().endsWith(".jar") ? Optional.of(location)
                    : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
