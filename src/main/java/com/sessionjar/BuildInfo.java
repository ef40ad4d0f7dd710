package com.sessionjar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts fixed when the jar was built: its version and the Azurite version it installs. */
public final class BuildInfo {
    private static final Properties PROPERTIES = load();

    private BuildInfo() {
    }

    /** The version of session.jar. */
    public static String version() {
        return PROPERTIES.getProperty("version");
    }

    /** The pinned version of Azurite that local sessions install and run. */
    public static String azuriteVersion() {
        return PROPERTIES.getProperty("azurite.version");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties is missing from the jar: rebuild it with mvn package");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
