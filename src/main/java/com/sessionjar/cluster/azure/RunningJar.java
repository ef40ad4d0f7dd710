package com.sessionjar.cluster.azure;

import com.sessionjar.InfrastructureException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The session.jar this code runs from: what Azure nodes get on their runtime share. */
final class RunningJar {
    private RunningJar() {
    }

    /**
     * The jar file holding this class.
     *
     * @throws InfrastructureException if this code does not run from a jar (an IDE, classes folders)
     */
    static Path path() {
        Path location;
        try {
            location = Path.of(RunningJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new InfrastructureException("cannot tell which jar this code runs from: Azure sessions upload "
                    + "session.jar to their nodes, so run it as java -jar session.jar", e);
        }
        if (!Files.isRegularFile(location) || !location.toString().endsWith(".jar")) {
            throw new InfrastructureException("this code runs from " + location + ", not from session.jar: Azure sessions "
                    + "upload session.jar to their nodes, so build it (mvn package) and run java -jar target/session.jar");
        }
        return location;
    }
}
