package com.sessionjar.cluster.local;

import com.sessionjar.BuildInfo;
import com.sessionjar.InfrastructureException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the Azurite queue service's executable, installing the pinned version with npm if need be. */
public final class AzuriteInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(AzuriteInstaller.class);

    private AzuriteInstaller() {
    }

    /**
     * The azurite-queue executable: {@value LocalSettings#AZURITE} if set, else azurite-queue on
     * PATH, else the copy in the tools folder, installed there with npm on first use.
     *
     * @throws InfrastructureException if none is found and npm cannot install one
     */
    public static Path executable(LocalSettings settings) {
        if (settings.azuriteCommand() != null) {
            if (!Files.isExecutable(settings.azuriteCommand())) {
                throw new InfrastructureException(LocalSettings.AZURITE + " (" + settings.azuriteCommand()
                        + ") is not an executable file: point it at azurite-queue, or unset it");
            }
            return settings.azuriteCommand();
        }
        Path onPath = onPath("azurite-queue");
        if (onPath != null) {
            return onPath;
        }
        Path installDirectory = settings.toolsDirectory().resolve("azurite-" + version());
        Path installed = installDirectory.resolve("node_modules").resolve(".bin").resolve("azurite-queue");
        if (!Files.isExecutable(installed)) {
            install(installDirectory);
        }
        return installed;
    }

    private static void install(Path directory) {
        Path npm = onPath("npm");
        if (npm == null) {
            throw new InfrastructureException("Azurite is not installed and npm is not on PATH: install Node.js, or run "
                    + "npm install -g azurite@" + version() + ", or set " + LocalSettings.AZURITE + " to azurite-queue");
        }
        LOG.info("Installing Azurite {} with npm into {} (once)", version(), directory);
        try {
            Files.createDirectories(directory);
            Path log = directory.resolve("npm-install.log");
            Process npmInstall = new ProcessBuilder(npm.toString(), "install", "--no-audit", "--no-fund", "--prefix",
                    directory.toString(), "azurite@" + version())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!npmInstall.waitFor(10, TimeUnit.MINUTES) || npmInstall.exitValue() != 0) {
                npmInstall.destroyForcibly();
                throw new InfrastructureException("npm could not install azurite@" + version() + ": "
                        + Detached.lastLine(log) + " (see " + log + ")");
            }
        } catch (IOException e) {
            throw new InfrastructureException("Cannot install Azurite into " + directory + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing Azurite", e);
        }
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static String version() {
        return BuildInfo.azuriteVersion();
    }
}
