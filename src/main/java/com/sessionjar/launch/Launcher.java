package com.sessionjar.launch;

import com.sessionjar.cli.SendJvm;
import com.sessionjar.cli.SessionCommand;
import com.sessionjar.cluster.local.LocalSettings;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jar's entry point ({@code java -jar session.jar}): a short command spends most of its time
 * loading classes, so the launcher runs it in a second JVM that maps them from a class-data-sharing
 * archive of this very build (see {@link ClassArchive}), tuned as a send is (C1, serial collector);
 * loading almost nothing itself, it passes on the arguments, standard streams, environment,
 * signals and exit code. With no archive yet, a {@code --use} command records the classes it loads
 * and the archive is built in the background for the next ones; other commands, and any command when
 * {@value #SWITCH}{@code =off}, when the JVM has options of its own, or when the cache folder cannot
 * be written, run here, in this JVM, as they always did.
 */
public final class Launcher {
    /** The environment variable that turns the second JVM off: {@code off}. */
    public static final String SWITCH = "SESSIONJAR_CDS";
    /** Set in the second JVM to the archive it was started with. */
    static final String ARCHIVE = "sessionjar.cds";
    /** Environment variables whose JVM options would also reach the second JVM, and might clash with its own. */
    private static final List<String> JVM_OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private Launcher() {
    }

    /** Runs the command line {@code args}, in a second JVM when that pays, and exits with its code. */
    public static void main(String[] args) throws InterruptedException {
        String archive = System.getProperty(ARCHIVE);
        if (archive != null) {
            ClassArchive.dropIfNotMapped(Path.of(archive), System.getProperty("java.vm.info"));
        } else {
            int code = launch(args);
            if (code >= 0) {
                System.exit(code);
            }
        }
        SessionCommand.main(args);
    }

    /** Runs the command in a second JVM if it pays and can be done: its exit code, or -1 to run it here. */
    private static int launch(String[] args) throws InterruptedException {
        Optional<Path> jar = jar();
        Optional<List<String>> options = jvmOptions(ProcessHandle.current().info().arguments().orElse(null));
        if (jar.isEmpty() || !wanted(System.getenv(), options)) {
            return -1;
        }
        ClassArchive archive;
        try {
            archive = ClassArchive.of(LocalSettings.fromEnvironment().toolsDirectory(), jar.get(),
                    Path.of(System.getProperty("java.home")), System.getProperty("java.vm.version"));
        } catch (IOException | RuntimeException e) {
            return -1; // e.g. a bad SESSIONJAR_AZURITE_PORT: the command, run here, says what is wrong
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (archive.usable()) {
            List<String> withArchive = List.of("-XX:SharedArchiveFile=" + archive.file(), "-Xshare:auto",
                    "-D" + ARCHIVE + "=" + archive.file());
            return run(childCommand(java, jar.get(), withArchive, Launcher.class, args));
        }
        if (!records(args) || !Files.isExecutable(Path.of("/bin/sh")) || !archive.prepareDirectory()
                || archive.failedRecently()) {
            return -1;
        }
        Path list = archive.classList(ProcessHandle.current().pid());
        int code = run(childCommand(java, jar.get(), ClassArchive.recordOptions(list), SessionCommand.class, args));
        if (code == 0) {
            archive.startBuild(list);
        } else {
            list.toFile().delete();
        }
        return code;
    }

    /** Starts {@code command} and returns its exit code; -1 if it could not be started. */
    private static int run(List<String> command) throws InterruptedException {
        Process child = ChildJvm.start(command);
        return child == null ? -1 : ChildJvm.waitFor(child);
    }

    /**
     * Whether a second JVM may run the command: not when turned off ({@value #SWITCH}{@code =off}),
     * nor when this JVM's options are unknown or set (on its command line or in the environment):
     * the user tuned this JVM, and the second one's own options could clash with theirs.
     */
    static boolean wanted(Map<String, String> environment, Optional<List<String>> jvmOptions) {
        if ("off".equalsIgnoreCase(environment.getOrDefault(SWITCH, "").trim())) {
            return false;
        }
        if (JVM_OPTION_VARIABLES.stream().anyMatch(name -> !environment.getOrDefault(name, "").isBlank())) {
            return false;
        }
        return jvmOptions.map(List::isEmpty).orElse(false);
    }

    /** The JVM options before {@code -jar} in this process's {@code arguments}; empty if it was not started with -jar. */
    static Optional<List<String>> jvmOptions(String[] arguments) {
        if (arguments == null) {
            return Optional.empty();
        }
        int jar = Arrays.asList(arguments).indexOf("-jar");
        return jar < 0 ? Optional.empty() : Optional.of(List.of(Arrays.copyOf(arguments, jar)));
    }

    /** Whether the command uses a session ({@code --use}): the short command whose classes the archive holds. */
    static boolean records(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals("--use") || arg.startsWith("--use="));
    }

    /** The second JVM's command line: tuned, with {@code options}, running {@code main} with {@code args} as given. */
    static List<String> childCommand(Path java, Path jar, List<String> options, Class<?> main, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(SendJvm.FLAGS);
        command.addAll(options);
        // Tuned: a long send stays here, and ends when the launcher is killed (SendJvm.exitWithParent).
        command.add("-D" + SendJvm.TUNED + "=true");
        command.addAll(List.of("-cp", jar.toString(), main.getName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** The jar this class was loaded from, if it was loaded from one. */
    private static Optional<Path> jar() {
        try {
            Path location = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) && location.toString().endsWith(".jar")
                    ? Optional.of(location.toAbsolutePath().normalize()) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
