package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.FileShareMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the node script for real, several times as create and updates would, in a sandbox: its
 * files go under a temporary root and mount, umount, systemctl and apt are stand-ins that log.
 */
@EnabledOnOs(OS.LINUX)
class NodeBootstrapScriptIT {
    private static final String JAR_SHA256 = "ab".repeat(32);
    private static final ClusterId ID = ClusterId.parse("local:c49d8c24-3062-44b8-9a80-8e8164d4d340");
    private static final String ACCOUNT = "clwc49d8c24306244b89a808";
    private static final FileShareMount DATA = new FileShareMount("myfiles", "/myfiles", "data", "userstorage1", "key-1==");
    private static final FileShareMount MODELS = new FileShareMount("models", "/srv/models", "models", "userstorage2",
            "key-2==");
    private static final String OTHER_FSTAB = "UUID=1234 / ext4 defaults 0 1\n";
    private static final Pattern BLOB = Pattern.compile("(?m)^(write_file \\S+ \\d+ |write_fstab_block )'([A-Za-z0-9+/=]+)'$");
    private static final List<String> SANDBOXED = List.of("/etc/fstab", "/etc/smbcredentials", "/etc/sessionjar",
            "/etc/systemd/system", "/opt/sessionjar");

    @TempDir
    Path root;

    @BeforeEach
    void sandbox() throws IOException {
        Files.createDirectories(root.resolve("etc/systemd/system"));
        Files.writeString(root.resolve("etc/fstab"), OTHER_FSTAB);
        Files.writeString(root.resolve("mounted"), "");
        Files.writeString(root.resolve("log"), "");
        Path bin = Files.createDirectories(root.resolve("bin"));
        stub(bin, "cloud-init", "exit 0");
        stub(bin, "dpkg-query", "printf 'installed installed '");
        stub(bin, "id", "exit 0");
        stub(bin, "sleep", "exit 0");
        for (String logged : List.of("apt-get", "useradd", "systemctl", "mkdir")) {
            stub(bin, logged, "echo \"" + logged + " $*\" >> \"$SANDBOX/log\"");
        }
        stub(bin, "mountpoint", "[ \"$1\" = -q ] && shift; grep -qxF -- \"$1\" \"$SANDBOX/mounted\"");
        stub(bin, "mount", "echo \"mount $*\" >> \"$SANDBOX/log\"; echo \"$1\" >> \"$SANDBOX/mounted\"");
        stub(bin, "umount", "echo \"umount $*\" >> \"$SANDBOX/log\"; p=\"${@: -1}\";"
                + " grep -vxF -- \"$p\" \"$SANDBOX/mounted\" > \"$SANDBOX/m.tmp\" || true; mv \"$SANDBOX/m.tmp\" \"$SANDBOX/mounted\"");
    }

    @Test
    void firstRun_writesFilesMountsEveryShareAndStartsTheWorker() throws Exception {
        run(List.of(DATA, MODELS));

        String fstab = Files.readString(root.resolve("etc/fstab"));
        assertTrue(fstab.startsWith(OTHER_FSTAB + NodeBootstrap.FSTAB_BEGIN + "\n"), fstab);
        assertEquals(3, fstab.lines().filter(line -> line.contains(" cifs ")).count(), fstab);
        Path credentials = root.resolve("etc/smbcredentials/userstorage1-data.cred");
        assertEquals("username=userstorage1\npassword=key-1==\n", Files.readString(credentials));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("etc/sessionjar/worker.env"))));
        assertTrue(Files.readString(root.resolve("etc/systemd/system/sessionjar-worker.service")).contains("Restart=always"));
        assertEquals("/mnt/sessionjar-runtime\n/myfiles\n/srv/models\n", Files.readString(root.resolve("mounted")));
        assertTrue(log().contains("systemctl restart sessionjar-worker"), log());
        assertFalse(log().contains("apt-get"), "packages were there already");
    }

    @Test
    void secondRunWithTheSameInput_changesNothingButRestartsTheWorker() throws Exception {
        run(List.of(DATA, MODELS));
        String fstab = Files.readString(root.resolve("etc/fstab"));
        Files.writeString(root.resolve("log"), "");

        run(List.of(DATA, MODELS));

        assertEquals(fstab, Files.readString(root.resolve("etc/fstab")), "one block, the same");
        assertFalse(log().contains("mount "), log());
        assertTrue(log().contains("systemctl restart sessionjar-worker"), log());
    }

    @Test
    void updateThatDropsAShare_unmountsItAndRemovesItsCredentials() throws Exception {
        run(List.of(DATA, MODELS));
        Files.writeString(root.resolve("log"), "");

        run(List.of(DATA));

        assertTrue(log().contains("umount /srv/models"), log());
        assertFalse(log().contains("umount /myfiles"), log());
        assertFalse(Files.exists(root.resolve("etc/smbcredentials/userstorage2-models.cred")));
        assertTrue(Files.exists(root.resolve("etc/smbcredentials/userstorage1-data.cred")));
        assertFalse(Files.readString(root.resolve("etc/fstab")).contains("/srv/models"));
        assertEquals("/mnt/sessionjar-runtime\n/myfiles\n", Files.readString(root.resolve("mounted")));
    }

    @Test
    void updateThatChangesAKey_remountsThatShareOnly() throws Exception {
        run(List.of(DATA, MODELS));
        Files.writeString(root.resolve("log"), "");

        run(List.of(new FileShareMount("myfiles", "/myfiles", "data", "userstorage1", "rotated-key=="), MODELS));

        assertTrue(log().contains("umount /myfiles"), log());
        assertTrue(log().contains("mount /myfiles"), log());
        assertFalse(log().contains("mount /srv/models"), log());
        assertEquals("username=userstorage1\npassword=rotated-key==\n",
                Files.readString(root.resolve("etc/smbcredentials/userstorage1-data.cred")));
    }

    private void run(List<FileShareMount> shares) throws IOException, InterruptedException {
        BootstrapInput input = new BootstrapInput(ID, Map.of("Queues__ConnectionString", "AccountKey=k"),
                Set.of("Queues__ConnectionString"), shares, ACCOUNT, "runtime-key==", "clw-runtime", "file.core.windows.net",
                JAR_SHA256);
        Path script = Files.writeString(root.resolve("node.sh"), sandboxed(NodeBootstrap.script(input)));
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        builder.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().put("SANDBOX", root.toString());
        Process bash = builder.start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), output);
        // Azure shows the script's output in the extension's status: it must hold no secret.
        for (String secret : NodeBootstrap.secrets(input)) {
            assertFalse(output.contains(secret), "a secret in the script's output:\n" + output);
        }
    }

    /** The script with its files under the sandbox, in its text and in the contents it writes. */
    private String sandboxed(String script) {
        String text = BLOB.matcher(script).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "'"
                + Base64.getEncoder().encodeToString(rooted(new String(Base64.getDecoder().decode(m.group(2)),
                        StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)) + "'"));
        return rooted(text);
    }

    private String rooted(String text) {
        for (String path : SANDBOXED) {
            text = text.replace(path, root + path);
        }
        return text;
    }

    private String log() throws IOException {
        return Files.readString(root.resolve("log"));
    }

    private static void stub(Path bin, String name, String body) throws IOException {
        Path file = Files.writeString(bin.resolve(name), "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
