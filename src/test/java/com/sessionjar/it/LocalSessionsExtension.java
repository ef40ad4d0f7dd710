package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What an integration test of local sessions needs around it: a temporary folder of its own
 * ({@link #temp}), SESSIONJAR_HOME in it ({@code temp/home}), a free Azurite port, the
 * {@link SessionJar} runner for both ({@link #jar}), and the clean-up at the end: every session
 * left under the home deleted (which stops its workers and, with the last, the supervisor; one still
 * running then fails the test), whatever still listens on its Azurite port stopped, and the folder removed.
 *
 * <pre>
 * &#64;RegisterExtension
 * final LocalSessionsExtension sessions = new LocalSessionsExtension();   // a fresh one for each test
 * &#64;RegisterExtension
 * static final LocalSessionsExtension sessions = new LocalSessionsExtension();   // one for the whole class
 * </pre>
 *
 * On an instance field each test gets its own, set up before it and cleaned up after it (after the
 * class's own {@code @AfterEach} methods); on a static field the class shares one, set up before
 * {@code @BeforeAll} and cleaned up after {@code @AfterAll}. The folder's path and the runner are
 * known from construction on, so a test may keep them in fields; the folder exists from set-up on.
 */
final class LocalSessionsExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    /** A check that may throw, run after the clean-up. */
    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    private final Path temp = Path.of(System.getProperty("java.io.tmpdir"), "sessionjar-it-" + UUID.randomUUID());
    private final SessionJar jar;
    private final List<Check> afterCleanUp = new ArrayList<>();
    private boolean startsAzurite;
    private AzuriteProcess azurite;
    /** Set up in beforeAll: the whole class shares this one. */
    private boolean perClass;

    LocalSessionsExtension() {
        try {
            jar = new SessionJar(temp.resolve("home"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Also starts an Azurite of the test's own at set-up, with its data in {@code temp/azurite}, for
     * tests that use queues without session.jar ({@link #azurite}); it is stopped at clean-up.
     */
    LocalSessionsExtension startingAzurite() {
        startsAzurite = true;
        return this;
    }

    /** Runs session.jar with variable {@code name} set to {@code value} too, e.g. the supervisor's poll interval. */
    LocalSessionsExtension withEnvironment(String name, String value) {
        jar.withEnvironment(name, value);
        return this;
    }

    /** Adds {@code check}, run once the sessions are cleaned up (not if the clean-up failed): what must be gone then. */
    LocalSessionsExtension afterCleanUp(Check check) {
        afterCleanUp.add(check);
        return this;
    }

    /** The test's temporary folder: SESSIONJAR_HOME is its {@code home}, and a test may write its own files there. */
    Path temp() {
        return temp;
    }

    /** The runner of session.jar, its sessions under {@code temp/home}, with Azurite on a free port. */
    SessionJar jar() {
        return jar;
    }

    /** Creates a local session of the config {@code json} (written to {@code temp/name}); returns its id. */
    String create(String name, String json) throws IOException, InterruptedException {
        Path config = Files.writeString(temp.resolve(name), json);
        SessionJar.Result created = jar.run(Duration.ofMinutes(3), "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        return created.stdout().trim();
    }

    /** The Azurite started by {@link #startingAzurite}. */
    AzuriteProcess azurite() {
        if (azurite == null) {
            throw new IllegalStateException("no Azurite of the test's own: register the extension with startingAzurite()");
        }
        return azurite;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        setUp();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            setUp();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            cleanUp();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        cleanUp();
    }

    private void setUp() throws Exception {
        Files.createDirectory(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (startsAzurite) {
            azurite = AzuriteProcess.start(temp.resolve("azurite"));
        }
    }

    /**
     * Stops the test's own Azurite, deletes the sessions left and stops what they run, runs the checks
     * (if that went well), and removes the folder; the first failure is thrown, any later one added to it.
     */
    private void cleanUp() throws Exception {
        Throwable failure = null;
        if (azurite != null) {
            try {
                azurite.close(); // first, so that the runner's clean-up cannot take it for the sessions' Azurite
            } catch (Exception e) {
                failure = e;
            }
            azurite = null;
        }
        try {
            jar.cleanUp();
            for (Check check : afterCleanUp) {
                check.run();
            }
        } catch (Exception | AssertionError e) {
            failure = add(failure, e);
        }
        try {
            deleteTemp();
        } catch (IOException | InterruptedException e) {
            failure = add(failure, e);
        }
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private static Throwable add(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** Deletes the folder; a few tries, as a process stopped just now may still be writing its last lines. */
    private void deleteTemp() throws IOException, InterruptedException {
        for (int attempt = 1; Files.exists(temp); attempt++) {
            try (Stream<Path> paths = Files.walk(temp)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 3) {
                    throw new IOException("Cannot delete " + temp + ": " + e, e);
                }
                Thread.sleep(200);
            }
        }
    }
}
