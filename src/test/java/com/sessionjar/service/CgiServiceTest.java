package com.sessionjar.service;

import com.sessionjar.protocol.CgiReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CgiServiceTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path temp;

    private CgiService service;
    @AfterEach
    void tearDown() {
        if (service != null) {
            service.close();
        }
    }

    private CgiReply call(String request, String fileName, String... arguments) throws Exception {
        return call(request, MINUTE, fileName, arguments);
    }

    private CgiReply call(String request, Duration timeout, String fileName, String... arguments) throws Exception {
        service = new CgiService(fileName, List.of(arguments), timeout);
        return CgiReply.parse(service.call(request));
    }

    @Test
    void wcC_repliesWithTheByteCount() throws Exception {
        CgiReply reply = CgiReply.parse(service(Map.of("CGI_FileName", "wc", "CGI_Arguments", "-c")).call("hello"));
        assertEquals(new CgiReply(0, "5\n", "", null), reply);
        assertTrue(reply.succeeded());
    }

    @Test
    void cat_roundTripsMultiLineNonAsciiText() throws Exception {
        String text = "first line\nzweite Zeile: äöü ß\r\n第三行 ✓ 😀\n\tquotes \" ' \\ and an end without newline";
        CgiReply reply = call(text, "cat");
        assertEquals(new CgiReply(0, text, "", null), reply);
    }

    /** The surefire configuration in pom.xml gives this JVM, standing in for a worker, both variables. */
    @Test
    void program_getsTheUserVariables_butNotTheQueueConnectionString() throws Exception {
        assumeTrue(System.getenv("Queues__ConnectionString") != null && System.getenv("SESSIONJAR_TEST_VARIABLE") != null,
                "run by Maven, whose surefire configuration sets both variables");
        CgiReply reply = call("", "env");
        List<String> lines = reply.stdout().lines().toList();
        assertTrue(lines.contains("SESSIONJAR_TEST_VARIABLE=" + System.getenv("SESSIONJAR_TEST_VARIABLE")), reply::toString);
        assertFalse(reply.stdout().contains("Queues__ConnectionString"), reply::toString);
        assertFalse(reply.stdout().contains(System.getenv("Queues__ConnectionString")), reply::toString);
    }

    @Test
    void nonZeroExit_isAnExitCode_notAnException() throws Exception {
        CgiReply reply = call("", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(new CgiReply(3, "out\n", "err\n", null), reply);
        assertFalse(reply.succeeded());
    }

    @Test
    void missingProgram_repliesWithAnExceptionNamingIt() throws Exception {
        CgiReply reply = call("x", "/nonexistent/program");
        assertNull(reply.exitCode());
        assertEquals("/nonexistent/program cannot start: error=2, No such file or directory", reply.exception());
        assertEquals("", reply.stdout());
        assertEquals("", reply.stderr());
    }

    @Test
    void notExecutableProgram_repliesWithAnExceptionNamingIt() throws Exception {
        Path script = Files.writeString(temp.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        CgiReply reply = call("x", script.toString());
        assertNull(reply.exitCode());
        assertTrue(reply.exception().startsWith(script + " cannot start: ") && reply.exception().contains("Permission denied"),
                reply.exception());
    }

    @Test
    void timeout_killsTheProgram_andRepliesWithAnException() throws Exception {
        service = service(Map.of("CGI_FileName", "sleep", "CGI_Arguments", "10", "CGI_Timeout", "1"));
        long start = System.nanoTime();
        CgiReply reply = CgiReply.parse(service.call(""));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(new CgiReply(null, "", "", "sleep timed out after 1 s and was killed"), reply);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "returned after " + took);
        assertEquals(List.of(), runningSleeps(), "the sleep is gone");
    }

    @Test
    void timeout_killsTheWholeProcessTree() throws Exception {
        // The shell prints the pid of its background sleep, then waits for it.
        CgiReply reply = call("", Duration.ofSeconds(1), "sh", "-c", "sleep 30 & echo $!; wait");
        assertEquals("sh timed out after 1 s and was killed", reply.exception());
        long grandchild = Long.parseLong(reply.stdout().trim());
        // SIGKILL is sent to the tree before the reply; on a busy machine the child may take a moment to die.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (isRunning(grandchild) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(isRunning(grandchild), "the shell's child " + grandchild + " was killed with it");
    }

    @Test
    void largeOutputs_withUnreadStdin_doNotDeadlock_andAreCutToFitAQueueMessage() {
        // 5 MB on each stream, stdin never read, and a request larger than a pipe holds.
        service = new CgiService("sh", List.of("-c",
                "head -c 5000000 /dev/zero | tr '\\0' o; head -c 5000000 /dev/zero | tr '\\0' e >&2"), MINUTE);
        String json = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> service.call("r".repeat(200_000)));
        assertTrue(json.getBytes(StandardCharsets.UTF_8).length <= CgiReply.MAX_JSON_BYTES, json.length() + " chars");
        CgiReply reply = CgiReply.parse(json);
        assertEquals(0, reply.exitCode());
        assertNull(reply.exception());
        assertCut(reply.stdout(), 'o', 25_000);
        assertCut(reply.stderr(), 'e', 25_000);
    }

    @Test
    void nulBytes_takeSixBytesOfJsonEach_andStillFit() throws Exception {
        service = new CgiService("head", List.of("-c", "100000", "/dev/zero"), MINUTE);
        String json = service.call("");
        assertTrue(json.getBytes(StandardCharsets.UTF_8).length <= CgiReply.MAX_JSON_BYTES);
        assertCut(CgiReply.parse(json).stdout(), '\0', 9_000); // about 60,000 / 6
    }

    @Test
    void interrupt_killsTheProgram_andThrowsInterruptedException() throws Exception {
        service = new CgiService("sleep", List.of("30"), MINUTE);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.set(service.call(""));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        caller.start();
        long pid = awaitSleep();
        caller.interrupt(); // as Worker.stop() does
        caller.join(10_000);
        assertTrue(outcome.get() instanceof InterruptedException, "outcome: " + outcome.get());
        assertFalse(isRunning(pid), "sleep " + pid + " was killed");
    }

    @Test
    void missingFileName_isRefusedAtStartUp_namingTheVariable() {
        for (Map<String, String> environment : List.of(Map.<String, String>of(), Map.of("CGI_FileName", "  "))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service(environment));
            assertTrue(e.getMessage().startsWith("CGI_FileName is not set"), e.getMessage());
        }
    }

    @Test
    void badTimeout_isRefusedAtStartUp_namingTheVariable() {
        for (String timeout : List.of("0", "-5", "soon", "86401")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> service(Map.of("CGI_FileName", "cat", "CGI_Timeout", timeout)));
            assertTrue(e.getMessage().startsWith("CGI_Timeout (" + timeout + ")"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"'abc", "x \"abc", "abc\\"})
    void badArguments_areRefusedAtStartUp_namingTheVariable_notTheValue(String arguments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CgiService.fromEnvironment(Map.of(CgiService.FILE_NAME, "/bin/echo",
                        CgiService.ARGUMENTS, arguments)));
        assertTrue(e.getMessage().startsWith("CGI_Arguments cannot be split into words: "), e.getMessage());
        assertFalse(e.getMessage().contains(arguments), "the value may be a secret");
    }

    private CgiService service(Map<String, String> environment) {
        service = CgiService.fromEnvironment(environment);
        return service;
    }

    /** {@code text} is at least {@code least} times {@code c}, and nothing else, then the truncation note. */
    private static void assertCut(String text, char c, int least) {
        assertTrue(text.endsWith(CgiReply.TRUNCATED), "ends with the note");
        String kept = text.substring(0, text.length() - CgiReply.TRUNCATED.length());
        assertTrue(kept.length() >= least && kept.chars().allMatch(k -> k == c), "kept " + kept.length() + " chars");
    }

    /** The pid of the sleep this JVM started, once it runs. */
    private static long awaitSleep() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Long> pid = runningSleeps().stream().findFirst();
            if (pid.isPresent()) {
                return pid.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no sleep started within 10 s");
    }

    private static List<Long> runningSleeps() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                .map(ProcessHandle::pid)
                .filter(CgiServiceTest::isRunning)
                .toList();
    }

    /** Whether {@code pid} runs: a zombie (dead, not yet reaped by whoever adopted it) does not. */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
