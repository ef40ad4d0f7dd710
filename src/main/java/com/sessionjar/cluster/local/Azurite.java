package com.sessionjar.cluster.local;

import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.sessionjar.BuildInfo;
import com.sessionjar.InfrastructureException;
import com.sessionjar.queue.Errors;
import com.sessionjar.queue.QueueAccount;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Azurite queue service that holds local sessions' queues, on 127.0.0.1 only and with its
 * data on disk (so a restart loses no message). Started when a session needs it and no Azurite
 * is serving on the port yet; stopped after the last local session is deleted, if this tool
 * started it. It always runs with {@code --disableTelemetry}: without it Azurite calls the cloud
 * metadata address.
 */
final class Azurite {
    /** Azurite's development account key, published in its README: the only key it accepts. */
    private static final String DEV_ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final String MARKER = "azurite-queue";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(Azurite.class);

    private final LocalSettings settings;
    private final LocalState state;

    Azurite(LocalSettings settings, LocalState state) {
        this.settings = settings;
        this.state = state;
    }

    private static String version() {
        return BuildInfo.azuriteVersion();
    }

    /** The connection string of the Azurite on {@code port} (it carries the public development key). */
    static String connectionString(int port) {
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + DEV_ACCOUNT_KEY
                + ";QueueEndpoint=http://127.0.0.1:" + port + "/devstoreaccount1;";
    }

    int port() {
        return settings.azuritePort();
    }

    /** Whether an Azurite queue service answers on the port. */
    boolean isServing() {
        if (!isListening()) {
            return false;
        }
        RequestRetryOptions once = new RequestRetryOptions(RetryPolicyType.FIXED, 1, Duration.ofSeconds(5), null, null, null);
        try {
            QueueAccount.fromConnectionString(connectionString(port()), once).serviceClient().getProperties();
            return true;
        } catch (RuntimeException e) {
            LOG.debug("No queue service on port {}: {}", port(), Errors.oneLine(e));
            return false;
        }
    }

    private boolean isListening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes sure an Azurite serves on the port, starting one if none does. */
    void ensureRunning() {
        if (isServing()) {
            return;
        }
        if (isListening()) {
            throw new InfrastructureException("Port " + port() + " on 127.0.0.1 is taken by something that is not an Azurite"
                    + " queue service: free it, or set " + LocalSettings.AZURITE_PORT + " to a free port");
        }
        Path executable = AzuriteInstaller.executable(settings);
        Path directory = state.azuriteDirectory();
        Path data = directory.resolve("data");
        LocalState.createDirectories(data);
        Path log = LocalState.userOnlyFile(directory.resolve("azurite.log"));
        List<String> command = new ArrayList<>(Detached.prefix());
        command.addAll(List.of(executable.toString(), "--queueHost", "127.0.0.1", "--queuePort", Integer.toString(port()),
                "--location", data.toString(), "--disableTelemetry", "--silent", "--skipApiVersionCheck"));
        LOG.info("Starting Azurite {} on 127.0.0.1:{} (data in {})", version(), port(), data);
        Process process = Detached.start(command, directory, log, Map.of());
        ProcessRecord record = ProcessRecord.of(process.toHandle(), MARKER);
        state.write(directory.resolve("azurite.json"), record);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!isServing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                record.stop(Duration.ofSeconds(5));
                throw new InfrastructureException("Azurite did not start on 127.0.0.1:" + port() + ": "
                        + Detached.lastLine(log) + " (see " + log + ")");
            }
            sleep(100);
        }
    }

    /** Stops the Azurite this tool started, if it is still running, and removes its data. */
    void stopIfOurs() {
        Path directory = state.azuriteDirectory();
        state.read(directory.resolve("azurite.json"), ProcessRecord.class).ifPresent(record -> {
            LOG.info("Stopping Azurite (pid {}): no local session is left", record.pid());
            if (!record.stop(Duration.ofSeconds(15))) {
                LOG.warn("Azurite (pid {}) did not stop on SIGTERM and was killed", record.pid());
            }
            LocalState.deleteTree(directory);
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Azurite", e);
        }
    }
}
