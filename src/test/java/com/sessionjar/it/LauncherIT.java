package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.it.SessionJar.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17: {@code java -jar session.jar} makes and uses a class-data-sharing archive of its own.
 * The real jar against a real local session of one slow worker (about 10 requests a second), so
 * that a send lasts long enough to see which JVM runs it. Not timed: the archive's use is seen on
 * the second JVM's command line and in what the JVM says it does.
 */
class LauncherIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private String id;

    @BeforeEach
    void createSlowSession() throws Exception {
        sessions.jar().withOwnCache(); // archives made and damaged here are this test's alone
        id = SlowSession.create(sessions);
    }

    @Test
    void firstSend_makesTheArchive_andTheNextRunInASecondJvmStartedFromIt() throws Exception {
        Result first = send("--send", "x");
        assertFalse(first.stderr().contains("warning"), first::toString);
        Path archive = sessions.jar().awaitClassArchive(BUILD_TIMEOUT);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.getParent())));

        Process second = sessions.jar().start("--use", id, "--send", "hi", "--count", "30");
        List<Long> child = awaitProcessWith("-XX:SharedArchiveFile=" + archive);
        assertEquals(1, child.size(), "one second JVM started from " + archive);
        String commandLine = SessionJar.commandLineOf(child.get(0));
        assertTrue(commandLine.contains("-Xshare:auto") && commandLine.contains("-XX:TieredStopAtLevel=1"), commandLine);
        Result result = SessionJar.result(second);
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("Requests 30: sent 30, answered 30"), result::toString);
        assertFalse(result.stderr().contains("warning"), result::toString);
        assertTrue(Files.exists(archive), "the JVM mapped the archive, so it is kept");
    }

    @Test
    void argumentsAndStdin_reachTheSecondJvmIntact() throws Exception {
        send("--send", "x");
        sessions.jar().awaitClassArchive(BUILD_TIMEOUT);

        Result argument = send("--send", "it's $HOME \"q\" ü\\n", "--replies");
        assertEquals("{\"request\":\"it's $HOME \\\"q\\\" ü\\\\n\",\"reply\":\"it's $HOME \\\"q\\\" ü\\\\n\"}\n", argument.stdout(),
                argument::toString);
        Path input = Files.writeString(sessions.temp().resolve("in.txt"), "a $x\nb 'y'\n");
        Process piped = sessions.jar().start(input, "--use", id, "--send", "-", "--replies");
        Result lines = SessionJar.result(piped);
        assertEquals(0, lines.exitCode(), lines::toString);
        // Answers come in the order the replies do.
        assertEquals(List.of("{\"request\":\"a $x\",\"reply\":\"a $x\"}", "{\"request\":\"b 'y'\",\"reply\":\"b 'y'\"}"),
                lines.stdout().lines().sorted().toList(), lines::toString);
    }

    /** An archive the JVM turns down (its header right, the rest not) is not used, then deleted, then made again. */
    @Test
    void damagedArchive_isIgnored_andMadeAgain() throws Exception {
        send("--send", "x");
        Path archive = sessions.jar().awaitClassArchive(BUILD_TIMEOUT);
        byte[] damaged = new byte[64 * 1024];
        System.arraycopy(Files.readAllBytes(archive), 0, damaged, 0, 8);
        Files.write(archive, damaged);

        Result ignored = send("--send", "x");
        assertFalse(ignored.stderr().contains("warning") || ignored.stderr().contains("cds"), ignored::toString);
        assertFalse(Files.exists(archive), "the archive the JVM turned down is deleted");
        send("--send", "x");
        Path again = sessions.jar().awaitClassArchive(BUILD_TIMEOUT);
        assertTrue(Files.size(again) > damaged.length, "a whole archive again: " + Files.size(again) + " bytes");
    }

    @Test
    void switchedOff_runsInOneJvm_andMakesNoArchive() throws Exception {
        sessions.jar().withEnvironment("SESSIONJAR_CDS", "off");
        send("--send", "x");
        Thread.sleep(1000);
        assertFalse(Files.exists(sessions.jar().classArchives()), "no archive folder");
    }

    private Result send(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("--use", id));
        command.addAll(List.of(args));
        Result result = sessions.jar().run(RUN_TIMEOUT, command.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    private static List<Long> awaitProcessWith(String marker) throws InterruptedException {
        List<Long> found = SessionJar.processesWith(marker);
        for (int i = 0; found.isEmpty() && i < 100; i++) {
            Thread.sleep(100);
            found = SessionJar.processesWith(marker);
        }
        return found;
    }
}
