package com.sessionjar.cluster.local;

import com.sessionjar.InfrastructureException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts processes that outlive the command that started them: in a session of their own (so a
 * Ctrl-C in the user's terminal does not reach them), with no standard input, their output
 * appended to a log file, and umask 077, so what they write (Azurite's data, a worker's or its
 * programs' files in the session folder) is user-only like the rest of the home folder.
 */
final class Detached {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** Sets the umask, then becomes the command ({@code exec} keeps the pid, so records stay valid). */
    private static final List<String> USER_ONLY = List.of("/bin/sh", "-c", "umask 077 && exec \"$@\"", "sh");

    private Detached() {
    }

    /** The words to put before a command to detach it: {@code setsid} where the system has it, and the umask. */
    static List<String> prefix() {
        List<String> prefix = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            prefix.add(SETSID.toString());
        }
        prefix.addAll(USER_ONLY);
        return prefix;
    }

    /**
     * The words that run {@code mainClass} of this process's class path (session.jar) in a JVM of
     * this process's Java, detached, with {@code marker} in its command line and a small heap and GC.
     */
    static List<String> javaCommand(String heap, String marker, String mainClass) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(prefix());
        command.addAll(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                marker, "-cp", classPath, mainClass));
        return command;
    }

    /** Starts {@code command} in {@code directory}, output appended to {@code log}, plus {@code environment}. */
    static Process start(List<String> command, Path directory, Path log, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new InfrastructureException("Cannot start " + command.get(prefix().size()) + ": " + e.getMessage(), e);
        }
    }

    /** The last error line of {@code log} (or else its last non-blank line), to quote in an error. */
    static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (String level : new String[] {"[ERROR] ", ""}) {
                for (int i = lines.size() - 1; i >= 0; i--) {
                    String line = lines.get(i);
                    int at = line.indexOf(level);
                    if (!line.isBlank() && at >= 0) {
                        return line.substring(at + level.length()).trim();
                    }
                }
            }
            return "it printed nothing";
        } catch (IOException e) {
            return "its log cannot be read";
        }
    }
}
