package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.queue.MessageQueue;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The session home (Azurite's data, the records, the logs) on a file system of 20 MB (a tmpfs,
 * mounted as root), filled up as a user's disk fills: commands say so in one line that names the
 * home, its free space and its size; nothing half-written is left; and once space is freed the
 * session answers again and every request of the run that met the full disk is accounted for (none
 * stays in the queue unread). Without the right to mount, the test fails in CI (CI=true) and is
 * skipped elsewhere, with one line saying why.
 */
class DiskFullIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final String FULL = "error: the file system of %s is full (";

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension().afterCleanUp(this::unmount);
    private final SessionJar jar = sessions.jar();
    private boolean mounted;

    @BeforeEach
    void mountASmallFileSystem() throws Exception {
        Path home = jar.home();
        Files.createDirectories(home);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=20m,mode=0700", "tmpfs", home.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes()).trim();
        if (mount.waitFor() != 0) {
            String why = "cannot mount a 20 MB tmpfs for the home (mount needs root): " + output;
            if ("true".equals(System.getenv("CI"))) {
                fail("DiskFullIT must run in CI: " + why);
            }
            System.err.println("DiskFullIT SKIPPED: " + why);
            Assumptions.abort("DiskFullIT skipped: " + why);
        }
        mounted = true;
    }

    @Test
    void create_onAFullDisk_isRefusedInOneLine_leavesNothing_andWorksOnceSpaceIsFreed() throws Exception {
        Path filler = fill();
        long start = System.nanoTime();
        Result refused = jar.run(RUN_TIMEOUT, "--create", "--config", config().toString(), "--local");
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        System.out.println("DiskFullIT create on a full disk: exit " + refused.exitCode() + " after " + seconds + " s: "
                + refused.stderr().trim());
        assertEquals(5, refused.exitCode(), refused::toString);
        assertEquals("", refused.stdout());
        assertOneErrorLine(refused);
        assertTrue(seconds < 20, "at once, not after a minute of retries: " + seconds + " s");
        assertEquals(List.of(), jar.sessionIds(), "no session recorded");
        assertEquals(List.of(), temporaryFiles(), "nothing half-written");

        Files.delete(filler);
        String id = create();
        Result used = jar.run(RUN_TIMEOUT, "--use", id, "--send", "after", "--count", "50");
        assertEquals(0, used.exitCode(), used::toString);
        assertEquals(0, jar.run(RUN_TIMEOUT, "--delete", id).exitCode());
    }

    @Test
    void sendOnAFullDisk_endsWithTheSummaryAndOneLine_andOnceSpaceIsFreedNoRequestIsLeftUnread() throws Exception {
        String id = create();
        Path filler = fill();
        long start = System.nanoTime();
        Result full = jar.run(RUN_TIMEOUT, "--use", id, "--send", "full", "--count", "200", "--timeout", "20");
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        System.out.println("DiskFullIT send with --timeout 20 on a full disk: exit " + full.exitCode() + " after " + seconds
                + " s: " + full.stderr().lines().filter(l -> l.contains("Requests 200") || l.startsWith("error: ")).toList());
        assertEquals(5, full.exitCode(), full::toString);
        assertTrue(full.stderr().contains("Requests 200: sent "), "the summary: " + full);
        assertOneErrorLine(full);
        assertTrue(full.stderr().contains("the local queue service (Azurite) at 127.0.0.1:" + jar.azuritePort()
                + " keeps its data there and fails"), full::toString);

        Files.delete(filler);
        Result after = jar.run(RUN_TIMEOUT, "--use", id, "--send", "after", "--count", "200", "--timeout", "120");
        assertEquals(0, after.exitCode(), after::toString);
        assertTrue(after.stderr().contains("Requests 200: sent 200, answered 200 (0 in error"), after::toString);
        MessageQueue requests = jar.account().queue(jar.record(id).get("requestQueue").asText());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (requests.approximateDepth() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertEquals(0, requests.approximateDepth(), "every request of the full disk's run was taken (answered or"
                + " skipped as its run had ended), none stays unread: " + jar.run(RUN_TIMEOUT, "--status", id).stdout());
        assertEquals(List.of(), temporaryFiles(), "nothing half-written");
        assertEquals(0, jar.run(RUN_TIMEOUT, "--delete", id).exitCode());
    }

    private void assertOneErrorLine(Result result) {
        List<String> errors = result.stderr().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), result::toString);
        assertTrue(errors.get(0).startsWith(FULL.formatted(jar.home())), result::toString);
        assertTrue(errors.get(0).contains(" free of 20 MB): free space and retry; "), result::toString);
        assertFalse(result.stderr().contains("\tat ") || result.stderr().contains("com.azure")
                || result.stderr().contains("io.netty"), "no stack trace, no class name: " + result);
    }

    private String create() throws Exception {
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config().toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        return created.stdout().trim();
    }

    private Path config() throws IOException {
        return Files.writeString(sessions.temp().resolve("echo.json"), "{\"Service\": \"echo\"}");
    }

    /** Fills the home's file system up to its last byte, as a user's disk fills; delete the file to free it. */
    private Path fill() throws IOException {
        Path filler = jar.home().resolve("filler");
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!e.getMessage().contains("No space left on device")) {
                throw e;
            }
        }
        return filler;
    }

    /** Files under the home whose name ends with .tmp: a write of ours cut short (Azurite's own end with ~). */
    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(jar.home())) {
            return paths.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** After the clean-up (its processes stopped): the small file system goes; lazily if something still holds it. */
    private void unmount() throws Exception {
        if (mounted && new ProcessBuilder("umount", jar.home().toString()).start().waitFor() != 0) {
            assertEquals(0, new ProcessBuilder("umount", "-l", jar.home().toString()).start().waitFor(), "umount");
        }
    }
}
