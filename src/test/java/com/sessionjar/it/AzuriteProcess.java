package com.sessionjar.it;

import com.sessionjar.cluster.local.AzuriteInstaller;
import com.sessionjar.cluster.local.LocalSettings;
import com.sessionjar.queue.QueueAccount;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Azurite queue service for a test, on a free loopback port, data on disk in a temporary
 * folder, always with --disableTelemetry.
 */
public final class AzuriteProcess implements AutoCloseable {
    /** Azurite's published development key. */
    private static final String DEV_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final int port;

    private AzuriteProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts Azurite with its data under {@code directory} and waits until it listens. */
    public static AzuriteProcess start(Path directory) throws IOException, InterruptedException {
        return start(directory, freePort());
    }

    /**
     * Starts Azurite on {@code port} with its data under {@code directory} (its log there too) and
     * waits until it listens. It has Azurite's development account with the published key.
     */
    public static AzuriteProcess start(Path directory, int port) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Process process = new ProcessBuilder(executable(), "--queueHost", "127.0.0.1", "--queuePort", Integer.toString(port),
                "--location", directory.toString(), "--disableTelemetry", "--silent", "--skipApiVersionCheck")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("azurite.log").toFile())
                .start();
        AzuriteProcess azurite = new AzuriteProcess(process, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!azurite.isListening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("Azurite did not start: " + Files.readString(directory.resolve("azurite.log")));
            }
            Thread.sleep(50);
        }
        return azurite;
    }

    /** The azurite-queue executable, found (or installed) the way session.jar itself does it. */
    public static String executable() {
        return AzuriteInstaller.executable(LocalSettings.fromEnvironment()).toString();
    }

    /** A free TCP port on the loopback interface. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Azurite's development account key: a secret as far as session.jar is concerned, never to be shown. */
    public static String devKey() {
        return DEV_KEY;
    }

    /**
     * The connection string for this Azurite's development account (the test's own Azurite has it;
     * the one session.jar starts refuses it: see {@link SessionJar#connectionString}).
     */
    public String connectionString() {
        return devConnectionString(port);
    }

    /** The connection string for the development account of the Azurite on {@code port}. */
    public static String devConnectionString(int port) {
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + DEV_KEY
                + ";QueueEndpoint=http://127.0.0.1:" + port + "/devstoreaccount1;";
    }

    /** An account on this Azurite. */
    public QueueAccount account() {
        return QueueAccount.fromConnectionString(connectionString());
    }

    private boolean isListening() {
        return isListening(port);
    }

    /** Whether something listens on {@code port} of 127.0.0.1. */
    static boolean isListening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
