package com.sessionjar.it.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Debian 12 node image that {@code src/test/vm/build-image.sh} makes, cached by
 * {@code src/test/vm/node-image.sh} under {@code ~/.cache/session-jar/vm/<first 16 hex digits of the
 * recipe's SHA-256>/}: built on first use and again whenever the recipe changes, never committed.
 *
 * @param folder where the image's files are
 */
public record NodeImage(Path folder) {
    /** Finds or builds the image of the recipe beside it; from the project folder, where Maven runs the tests. */
    static final Path CACHE_SCRIPT = Path.of("src/test/vm/node-image.sh");
    /** What a first build may take (debootstrap, then the kernel and the JRE, from the Debian mirror), or a wait for one. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(25);

    /** The root file system, ext4 (the VM boots it with {@code snapshot=on}: this file never changes). */
    public Path disk() {
        return folder.resolve("image.raw");
    }

    public Path kernel() {
        return folder.resolve("vmlinuz");
    }

    public Path initrd() {
        return folder.resolve("initrd.img");
    }

    /** Debian's, systemd's, the kernel's, cifs-utils' and the JRE's versions, one a line. */
    public String versions() throws IOException {
        return Files.readString(folder.resolve("versions.txt"));
    }

    /**
     * What this machine lacks to build and boot the image: root, and the programs of the packages
     * {@code .ci/run} installs. Empty when all is there.
     */
    public static List<String> missingTools() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root (debootstrap and the image build need it; running as " + System.getProperty("user.name") + ")");
        }
        for (String tool : List.of("/usr/sbin/debootstrap", "/usr/sbin/mkfs.ext4", "/usr/bin/qemu-system-x86_64",
                "/usr/sbin/smbd", "/usr/bin/smbpasswd", "/usr/bin/socat", SambaServer.NSS_WRAPPER.toString())) {
            if (!Files.exists(Path.of(tool))) {
                missing.add(tool);
            }
        }
        return missing;
    }

    /**
     * The image of the current recipe, from {@code src/test/vm/node-image.sh}: the cached one, or one
     * built now (a few minutes, logged on stderr), or the one another process is building, waited for.
     */
    public static NodeImage cached() throws IOException, InterruptedException {
        Path printed = Files.createTempFile("sessionjar-node-image", ".txt");
        Process script = new ProcessBuilder("bash", CACHE_SCRIPT.toString())
                .redirectOutput(printed.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!script.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            script.descendants().forEach(ProcessHandle::destroy);
            script.destroy();
            throw new IllegalStateException("the node image was not there after " + BUILD_TIMEOUT.toMinutes() + " min");
        }
        if (script.exitValue() != 0) {
            throw new IllegalStateException("the node image could not be built (exit code " + script.exitValue()
                    + "): its last lines are above, on stderr");
        }
        String folder = Files.readString(printed).strip();
        Files.delete(printed);
        return new NodeImage(Path.of(folder));
    }

    /** How long the cached image took to build, as its build recorded it. */
    public String buildTime() throws IOException {
        return Files.readString(folder.resolve("ready")).strip();
    }
}
