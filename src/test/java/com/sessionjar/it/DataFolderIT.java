package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.it.SessionJar.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Azurite's data folder removed while it runs, as a user cleaning up a disk might: Azurite does not
 * make it again and goes on taking messages it never delivers, so a send would wait for ever.
 * --use, --create and --status say so in one line that names the folder and what to do; doing it
 * (--delete, then create again) gives a working session.
 */
class DataFolderIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final SessionJar jar = sessions.jar();

    @Test
    void dataFolderRemovedWhileAzuriteRuns_isNamed_andDeleteThenCreateWorksAgain() throws Exception {
        String id = create();
        assertEquals(0, jar.run(RUN_TIMEOUT, "--use", id, "--send", "before", "--count", "10").exitCode());
        Path data = jar.home().resolve("azurite").resolve("data");
        deleteTree(data);

        long start = System.nanoTime();
        Result used = jar.run(RUN_TIMEOUT, "--use", id, "--send", "lost", "--count", "10");
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        System.out.println("DataFolderIT --use after the data folder went: exit " + used.exitCode() + " after " + seconds
                + " s: " + used.stderr().trim());
        assertEquals(5, used.exitCode(), used::toString);
        String lost = "the data folder " + data + " of the local queue service (Azurite on 127.0.0.1:" + jar.azuritePort()
                + ") no longer exists: ";
        assertEquals(List.of("error: " + lost + "the queues of session " + id + " were lost with it (Azurite goes on taking"
                + " messages but delivers none); --delete " + id + " and create the session again"), errorLines(used));
        assertTrue(seconds < 30, "at once, not after a wait: " + seconds + " s");
        assertFalse(Files.exists(data), "Azurite does not make it again");

        Result status = jar.run(RUN_TIMEOUT, "--status", id);
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.stdout().contains(lost + "the session's queues were lost with it"), status::toString);

        Result another = jar.run(RUN_TIMEOUT, "--create", "--config", config().toString(), "--local");
        assertEquals(5, another.exitCode(), another::toString);
        assertEquals("", another.stdout());
        assertEquals(1, errorLines(another).size(), another::toString);
        assertTrue(errorLines(another).get(0).startsWith("error: " + lost + "the queues of every local session were lost"),
                another::toString);
        assertEquals(List.of(id), jar.sessionIds(), "no session was made");

        assertEquals(0, jar.run(RUN_TIMEOUT, "--delete", id).exitCode());
        assertTrue(SessionJar.processesWith("--queuePort " + jar.azuritePort()).isEmpty(), "the last delete stops Azurite");
        String again = create();
        Result works = jar.run(RUN_TIMEOUT, "--use", again, "--send", "again", "--count", "10");
        assertEquals(0, works.exitCode(), works::toString);
        assertEquals(0, jar.run(RUN_TIMEOUT, "--delete", again).exitCode());
    }

    private static List<String> errorLines(Result result) {
        assertFalse(result.stderr().contains("\tat "), "no stack trace: " + result);
        return result.stderr().lines().filter(l -> l.startsWith("error: ")).toList();
    }

    private String create() throws Exception {
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config().toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        return created.stdout().trim();
    }

    private Path config() throws java.io.IOException {
        return Files.writeString(sessions.temp().resolve("echo.json"), "{\"Service\": \"echo\"}");
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
