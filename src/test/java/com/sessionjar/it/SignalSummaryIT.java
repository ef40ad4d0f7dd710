package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.protocol.StatsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 20, item 8: SIGINT and SIGTERM during a send print the run's partial summary, then the
 * command exits 130 or 143. The real jar against a real local session whose one worker answers
 * about 10 requests a second, so that a run is still going when the signal comes.
 */
class SignalSummaryIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern ACCOUNTING = Pattern.compile("Requests (\\d+): sent (\\d+), answered (\\d+) .*missing (\\d+)");

    /** A session of its own for each test: a signalled run leaves requests its worker still works through. */
    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private String id;

    @BeforeEach
    void createSlowSession() throws Exception {
        sessions.jar().withOwnCache(); // archives made and damaged here are this test's alone
        id = SlowSession.create(sessions);
    }

    @Test
    void sigint_duringASend_printsThePartialSummary_andExits130() throws Exception {
        Result result = signalled("INT", "500");

        assertEquals(130, result.exitCode(), result::toString);
        assertPartialSummary(result, 500, "SIGINT");
    }

    @Test
    void sigterm_duringASend_printsThePartialSummary_andExits143() throws Exception {
        Result result = signalled("TERM", "500");

        assertEquals(143, result.exitCode(), result::toString);
        assertPartialSummary(result, 500, "SIGTERM");
    }

    /** 5,000 requests run in the tuned second JVM: the first passes SIGTERM on, the second prints. */
    @Test
    void sigterm_duringASendInTheTunedJvm_printsThePartialSummary_andExits143() throws Exception {
        Result result = signalled("TERM", "5000");

        assertEquals(143, result.exitCode(), result::toString);
        assertPartialSummary(result, 5000, "SIGTERM");
    }

    /** Through the launcher, its second JVM started from the archive a first send made: the launcher passes SIGINT on. */
    @Test
    void sigint_toTheLauncherOfASecondJvmWithTheArchive_printsThePartialSummary_andExits130() throws Exception {
        Path archive = makeArchive();
        Result result = signalled("INT", "500", archive, false);

        assertEquals(130, result.exitCode(), result::toString);
        assertPartialSummary(result, 500, "SIGINT");
    }

    @Test
    void sigterm_toTheLauncherOfASecondJvmWithTheArchive_printsThePartialSummary_andExits143() throws Exception {
        Path archive = makeArchive();
        Result result = signalled("TERM", "500", archive, false);

        assertEquals(143, result.exitCode(), result::toString);
        assertPartialSummary(result, 500, "SIGTERM");
    }

    /** Ctrl-C: the terminal sends SIGINT to the whole process group, the launcher and its second JVM alike. */
    @Test
    void sigint_toTheLauncherAndItsSecondJvmAtOnce_printsThePartialSummaryOnce_andExits130() throws Exception {
        Path archive = makeArchive();
        Result result = signalled("INT", "500", archive, true);

        assertEquals(130, result.exitCode(), result::toString);
        assertPartialSummary(result, 500, "SIGINT");
        assertEquals(1, result.stderr().split("error: stopped by SIGINT", -1).length - 1, result::toString);
    }

    /** One send, then the archive the background build makes of what it loaded. */
    private Path makeArchive() throws Exception {
        Result first = sessions.jar().run(RUN_TIMEOUT, "--use", id, "--send", "x");
        assertEquals(0, first.exitCode(), first::toString);
        return sessions.jar().awaitClassArchive(Duration.ofMinutes(2));
    }

    private Result signalled(String signal, String count) throws Exception {
        return signalled(signal, count, null, false);
    }

    /**
     * Starts a send of {@code count} requests, sends it {@code signal} once replies come, and waits
     * for it. With {@code archive}, checks that the send runs in a second JVM started from it, and
     * with {@code both}, signals that JVM too.
     */
    private Result signalled(String signal, String count, Path archive, boolean both) throws Exception {
        long before = processed();
        Process send = sessions.jar().start("--use", id, "--send", "hi", "--count", count);
        List<Long> second = List.of();
        if (archive != null) {
            second = SessionJar.processesWith("-XX:SharedArchiveFile=" + archive);
            for (int i = 0; second.isEmpty() && i < 100; i++) {
                Thread.sleep(100);
                second = SessionJar.processesWith("-XX:SharedArchiveFile=" + archive);
            }
            assertEquals(1, second.size(), "one second JVM started from " + archive);
        }
        // The signal comes once the run is under way: 5 requests processed, at about 10 a second.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (processed() < before + 5 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(send.isAlive(), "the send is still going");
        List<String> kill = new java.util.ArrayList<>(List.of("kill", "-" + signal, Long.toString(send.pid())));
        if (both) {
            kill.add(Long.toString(second.get(0)));
        }
        assertEquals(0, new ProcessBuilder(kill).start().waitFor());
        assertTrue(send.waitFor(StopOnSignalGrace.SECONDS, TimeUnit.SECONDS), "the send ends soon after the signal");
        return SessionJar.result(send);
    }

    private long processed() throws Exception {
        return StatsFile.read(sessions.jar().sessionDirectory(id).resolve(StatsFile.fileName(1)))
                .map(stats -> stats.requests().processed()).orElse(0L);
    }

    private static void assertPartialSummary(Result result, long requested, String signal) {
        Matcher accounting = ACCOUNTING.matcher(result.stderr());
        assertTrue(accounting.find(), result::toString);
        assertEquals(requested, Long.parseLong(accounting.group(1)));
        long answered = Long.parseLong(accounting.group(3));
        assertTrue(answered > 0 && answered < requested, result::toString);
        assertEquals(requested - answered, Long.parseLong(accounting.group(4)), result::toString);
        assertTrue(result.stderr().contains("Sent and received " + answered + " messages in "), result::toString);
        assertTrue(result.stderr().contains("error: stopped by " + signal + " after "), result::toString);
        assertTrue(result.stderr().contains(" of " + requested + " replies missing"), result::toString);
        assertFalse(result.stderr().contains("\tat "), "no stack trace");
    }

    /** How long a send may take to end after the signal: the summary's grace and some. */
    private static final class StopOnSignalGrace {
        static final long SECONDS = 30;
    }
}
