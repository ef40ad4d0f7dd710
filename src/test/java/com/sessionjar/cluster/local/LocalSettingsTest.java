package com.sessionjar.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalSettingsTest {
    private static final Path USER_HOME = Path.of("/home/alice");

    @Test
    void fromEnvironment_nothingSet_givesDefaults() {
        LocalSettings settings = LocalSettings.fromEnvironment(Map.of(), USER_HOME);

        assertEquals(Path.of("/home/alice/.session-jar"), settings.home());
        assertEquals(10001, settings.azuritePort());
        assertNull(settings.azuriteCommand());
        assertEquals(Path.of("/home/alice/.cache/session-jar"), settings.toolsDirectory());
    }

    @Test
    void fromEnvironment_blankValues_giveDefaults() {
        LocalSettings settings = LocalSettings.fromEnvironment(Map.of(LocalSettings.HOME, " ",
                LocalSettings.AZURITE_PORT, "", LocalSettings.AZURITE, " ", "XDG_CACHE_HOME", ""), USER_HOME);

        assertEquals(LocalSettings.fromEnvironment(Map.of(), USER_HOME), settings);
    }

    @Test
    void fromEnvironment_homeSet_usesItNormalised() {
        LocalSettings settings = LocalSettings.fromEnvironment(Map.of(LocalSettings.HOME, "/srv/sessions/../state"),
                USER_HOME);

        assertEquals(Path.of("/srv/state"), settings.home());
    }

    @Test
    void fromEnvironment_relativeHome_isMadeAbsolute() {
        LocalSettings settings = LocalSettings.fromEnvironment(Map.of(LocalSettings.HOME, "state"), USER_HOME);

        assertTrue(settings.home().isAbsolute(), settings.home().toString());
        assertEquals(Path.of("state").toAbsolutePath(), settings.home());
    }

    @Test
    void fromEnvironment_portSet_usesIt() {
        assertEquals(20001, LocalSettings.fromEnvironment(Map.of(LocalSettings.AZURITE_PORT, " 20001 "), USER_HOME)
                .azuritePort());
    }

    @Test
    void fromEnvironment_azuriteSet_usesIt() {
        String command = "/opt/azurite/bin/azurite-queue";

        assertEquals(Path.of(command),
                LocalSettings.fromEnvironment(Map.of(LocalSettings.AZURITE, command), USER_HOME).azuriteCommand());
    }

    @Test
    void fromEnvironment_xdgCacheHomeSet_putsToolsThere() {
        LocalSettings settings = LocalSettings.fromEnvironment(Map.of("XDG_CACHE_HOME", "/var/cache/alice"), USER_HOME);

        assertEquals(Path.of("/var/cache/alice/session-jar"), settings.toolsDirectory());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "70000", "-1", "65536"})
    void fromEnvironment_badPort_namesVariableAndValue(String port) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalSettings.fromEnvironment(Map.of(LocalSettings.AZURITE_PORT, port), USER_HOME));

        assertTrue(e.getMessage().startsWith("SESSIONJAR_AZURITE_PORT (" + port + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("1 to 65535"), e.getMessage());
    }

    @Test
    void fromEnvironment_highestPort_isAccepted() {
        assertEquals(65535, LocalSettings.fromEnvironment(Map.of(LocalSettings.AZURITE_PORT, "65535"), USER_HOME)
                .azuritePort());
    }
}
