package com.sessionjar.cluster.local;

import com.sessionjar.BadInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where local sessions live and how their Azurite is reached.
 *
 * @param home             the per-user state directory ({@value #HOME}, default {@code ~/.session-jar})
 * @param azuritePort      the loopback port of the Azurite queue service ({@value #AZURITE_PORT}, default 10001)
 * @param azuriteCommand   the {@code azurite-queue} executable ({@value #AZURITE}); null to look on PATH,
 *                         then in {@code toolsDirectory}, installing it there with npm if need be
 * @param toolsDirectory   where session.jar installs Azurite ({@code $XDG_CACHE_HOME/session-jar}, default
 *                         {@code ~/.cache/session-jar})
 */
public record LocalSettings(Path home, int azuritePort, Path azuriteCommand, Path toolsDirectory) {
    public static final String HOME = "SESSIONJAR_HOME";
    public static final String AZURITE_PORT = "SESSIONJAR_AZURITE_PORT";
    public static final String AZURITE = "SESSIONJAR_AZURITE";
    public static final int DEFAULT_AZURITE_PORT = 10001;

    public LocalSettings {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(toolsDirectory, "toolsDirectory");
        if (azuritePort < 1 || azuritePort > 65535) {
            throw new BadInputException(AZURITE_PORT + " (" + azuritePort + ") must be a port from 1 to 65535");
        }
        home = home.toAbsolutePath().normalize();
    }

    /** The settings from the process's environment variables. */
    public static LocalSettings fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static LocalSettings fromEnvironment(Map<String, String> environment, Path userHome) {
        String home = environment.get(HOME);
        String port = environment.get(AZURITE_PORT);
        String azurite = environment.get(AZURITE);
        String cache = environment.get("XDG_CACHE_HOME");
        int parsedPort;
        try {
            parsedPort = isSet(port) ? Integer.parseInt(port.trim()) : DEFAULT_AZURITE_PORT;
        } catch (NumberFormatException e) {
            throw new BadInputException(AZURITE_PORT + " (" + port + ") must be a port from 1 to 65535");
        }
        return new LocalSettings(
                isSet(home) ? Path.of(home) : userHome.resolve(".session-jar"),
                parsedPort,
                isSet(azurite) ? Path.of(azurite) : null,
                (isSet(cache) ? Path.of(cache) : userHome.resolve(".cache")).resolve("session-jar"));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
