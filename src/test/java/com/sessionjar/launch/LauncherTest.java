package com.sessionjar.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.cli.SessionCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LauncherTest {
    private static final Optional<List<String>> NO_OPTIONS = Optional.of(List.of());

    @Test
    void wanted_byDefault() {
        assertTrue(Launcher.wanted(Map.of(), NO_OPTIONS));
        assertTrue(Launcher.wanted(Map.of(Launcher.SWITCH, "on"), NO_OPTIONS));
    }

    @Test
    void notWanted_whenTurnedOff() {
        assertFalse(Launcher.wanted(Map.of(Launcher.SWITCH, "off"), NO_OPTIONS));
        assertFalse(Launcher.wanted(Map.of(Launcher.SWITCH, " OFF "), NO_OPTIONS));
    }

    @Test
    void notWanted_whenTheUserGaveTheJvmOptions() {
        assertFalse(Launcher.wanted(Map.of(), Optional.of(List.of("-Xmx1g"))));
        assertFalse(Launcher.wanted(Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseG1GC"), NO_OPTIONS));
        assertFalse(Launcher.wanted(Map.of("JDK_JAVA_OPTIONS", "-Xmx1g"), NO_OPTIONS));
        assertTrue(Launcher.wanted(Map.of("JDK_JAVA_OPTIONS", " "), NO_OPTIONS));
    }

    @Test
    void notWanted_whenTheJvmCommandLineIsUnknownOrNotJar() {
        assertFalse(Launcher.wanted(Map.of(), Optional.empty()));
        assertEquals(Optional.empty(), Launcher.jvmOptions(null));
        assertEquals(Optional.empty(), Launcher.jvmOptions(new String[] {"-cp", "session.jar", "Main", "--use", "x"}));
    }

    @Test
    void jvmOptions_areWhatComesBeforeJar() {
        assertEquals(Optional.of(List.of()), Launcher.jvmOptions(new String[] {"-jar", "session.jar", "-Xmx1g"}));
        assertEquals(Optional.of(List.of("-Xmx1g", "-Dx=1")),
                Launcher.jvmOptions(new String[] {"-Xmx1g", "-Dx=1", "-jar", "session.jar", "--use", "x"}));
    }

    @Test
    void records_onlyCommandsThatUseASession() {
        assertTrue(Launcher.records(new String[] {"--use", "local:x", "--send", "x"}));
        assertTrue(Launcher.records(new String[] {"--use=local:x", "--send", "x"}));
        assertFalse(Launcher.records(new String[] {"--create", "--config", "c.json", "--local"}));
        assertFalse(Launcher.records(new String[] {"--version"}));
    }

    @Test
    void childCommand_passesTheArgumentsOnAsGiven() {
        String[] args = {"--use", "local:x", "--send", "a \"b\" $c `d` 'e'\n\tf ü", "", "--", "-"};
        List<String> command = Launcher.childCommand(Path.of("/jdk/bin/java"), Path.of("/a b/session.jar"),
                List.of("-XX:SharedArchiveFile=/h/cds/x.jsa"), SessionCommand.class, args);

        assertEquals("/jdk/bin/java", command.get(0));
        assertEquals(List.of(args), command.subList(command.size() - args.length, command.size()));
        assertEquals(List.of("-cp", "/a b/session.jar", SessionCommand.class.getName()),
                command.subList(command.size() - args.length - 3, command.size() - args.length));
        assertTrue(command.containsAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:SharedArchiveFile=/h/cds/x.jsa", "-Dsessionjar.tuned=true")), command::toString);
    }
}
