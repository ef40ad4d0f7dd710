package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * Failures run with deadlines of seconds (the script's SESSIONJAR_BOOTSTRAP_* variables) and the
 * real sleep and timeout; the worker's pre-start helper runs as systemd would after a reboot.
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
        // A path listed in the file unreachable fails as mount.cifs does when the key is refused.
        stub(bin, "mount", "echo \"mount $*\" >> \"$SANDBOX/log\"; if grep -qxF -- \"$1\" \"$SANDBOX/unreachable\"; then"
                + " echo 'mount error(13): Permission denied' >&2; echo 'Refer to the mount.cifs(8) manual page' >&2;"
                + " exit 32; fi; echo \"$1\" >> \"$SANDBOX/mounted\"");
        // What the worker's helper reads: a share's directory, there when it is mounted.
        stub(bin, "ls", "[ \"$1\" = -f ] && shift; grep -qxF -- \"$1\" \"$SANDBOX/mounted\"");
        Files.writeString(root.resolve("unreachable"), "");
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

    @Test
    void aptThatAlwaysFails_stopsAtItsDeadline_withOneLastLineSayingWhatFailedAndWhatToCheck() throws Exception {
        notInstalledYet();
        stub(root.resolve("bin"), "apt-get", "echo \"apt-get $*\" >> \"$SANDBOX/log\"; echo 'W: Failed to fetch"
                + " http://azure.archive.ubuntu.com/ubuntu/dists/noble/InRelease  Could not connect to"
                + " azure.archive.ubuntu.com:80 (10.0.0.1), connection timed out' >&2; [ \"$4\" = update ] && exit 0;"
                + " echo 'E: Unable to locate package openjdk-17-jre-headless' >&2; exit 100");

        Result result = run(List.of(DATA), Map.of("SESSIONJAR_BOOTSTRAP_APT_SECONDS", "3"));

        assertEquals(1, result.exit(), result::toString);
        assertEquals(aptGaveUp("3 s", "W: Failed to fetch http://azure.archive.ubuntu.com/ubuntu/dists/noble/InRelease"
                + "  Could not connect to azure.archive.ubuntu.com:80 (10.0.0.1), connection timed out"), result.lastErrorLine());
        assertTrue(result.seconds() < 20, "bounded by the deadline, 3 s, and the pause between tries: " + result);
        assertTrue(log().matches("(?s).*apt-get -q -o DPkg::Lock::Timeout=[1-3] install -y.*"),
                "waits for the dpkg lock no longer than the deadline: " + log());
        assertFalse(log().contains("mount "), "nothing after the packages: " + log());
        assertNoSecretIn(result);
    }

    @Test
    void aptThatHangs_isStoppedAtTheDeadline() throws Exception {
        notInstalledYet();
        stub(root.resolve("bin"), "apt-get", "exec sleep 600");

        Result result = run(List.of(), Map.of("SESSIONJAR_BOOTSTRAP_APT_SECONDS", "2"));

        assertEquals(1, result.exit(), result::toString);
        assertEquals(aptGaveUp("2 s", "apt-get update was still running at the deadline"), result.lastErrorLine());
        assertTrue(result.seconds() < 20, result.toString());
    }

    @Test
    void aShareThatCannotBeMounted_failsAtTheSharesDeadline_namingTheShareNeverItsKey() throws Exception {
        realSleep();
        Files.writeString(root.resolve("unreachable"), "/myfiles\n");

        Result result = run(List.of(DATA, MODELS), Map.of("SESSIONJAR_BOOTSTRAP_MOUNT_SECONDS", "2"));

        assertEquals(1, result.exit(), result::toString);
        assertEquals("session.jar bootstrap: could not mount //userstorage1.file.core.windows.net/data at /myfiles within"
                + " the 2 s given to the shares (last error: mount error(13): Permission denied): check that the share"
                + " exists, that its storage account key is current and that the node reaches the account on port 445",
                result.lastErrorLine());
        assertTrue(result.seconds() < 20, result.toString());
        assertEquals("/mnt/sessionjar-runtime\n", Files.readString(root.resolve("mounted")));
        assertFalse(log().contains("systemctl restart"), "no worker without its shares: " + log());
        assertNoSecretIn(result);
    }

    @Test
    void anyOtherFailure_endsWithOneLineNamingTheStep() throws Exception {
        stub(root.resolve("bin"), "systemctl", "echo \"systemctl $*\" >> \"$SANDBOX/log\"; [ \"$1\" != restart ] ||"
                + " { echo 'Job for sessionjar-worker.service failed.' >&2; exit 1; }");

        Result result = run(List.of(DATA), Map.of());

        assertEquals(1, result.exit(), result::toString);
        assertTrue(result.lastErrorLine().matches("session\\.jar bootstrap: failed while starting the worker \\(exit code 1"
                + " at line \\d+ of the node script\\): the lines above say why"), result.lastErrorLine());
        assertTrue(result.stderr().contains("Job for sessionjar-worker.service failed.\n"), result.stderr());
        assertNoSecretIn(result);
    }

    @Test
    void afterARebootWhoseMountsFailed_theWorkersPreStartFailsUntilItCanMountThemAll() throws Exception {
        run(List.of(DATA, MODELS));
        List<String> preStart = execStartPre("mount-shares");
        assertEquals(List.of("/mnt/sessionjar-runtime", "/myfiles", "/srv/models"), preStart.subList(1, preStart.size()));
        // The reboot: nothing mounted, and one share unreachable for a while.
        Files.writeString(root.resolve("mounted"), "");
        Files.writeString(root.resolve("unreachable"), "/myfiles\n");

        Result failed = exec(preStart);

        assertEquals(1, failed.exit(), failed::toString);
        assertEquals("sessionjar-worker: could not mount /myfiles; the worker starts once it can (systemd tries again)",
                failed.lastErrorLine());
        assertEquals("/mnt/sessionjar-runtime\n", Files.readString(root.resolve("mounted")));

        Files.writeString(root.resolve("unreachable"), "");
        Result started = exec(preStart);

        assertEquals(0, started.exit(), started::toString);
        assertEquals("/mnt/sessionjar-runtime\n/myfiles\n/srv/models\n", Files.readString(root.resolve("mounted")));
        assertEquals(0, exec(preStart).exit(), "all there: nothing to do, and the worker starts");
    }

    /** Where this machine has systemd (Debian 12 has 252), systemd itself reads what the script wrote. */
    @Test
    void systemdReadsTheFstabLinesAndTheUnitAsMeant() throws Exception {
        Path generator = Path.of("/lib/systemd/system-generators/systemd-fstab-generator");
        assumeTrue(Files.isExecutable(generator) && Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "no systemd");
        run(List.of(DATA));
        Path units = Files.createDirectories(root.resolve("generated"));

        Result generated = exec(List.of(generator.toString(), units.toString(), units.toString(), units.toString()),
                Map.of("SYSTEMD_FSTAB", root.resolve("etc/fstab").toString()));

        assertEquals(0, generated.exit(), generated::toString);
        for (String mount : List.of("mnt-sessionjar\\x2druntime.mount", "myfiles.mount")) {
            List<String> unit = Files.readAllLines(units.resolve(mount));
            assertTrue(unit.containsAll(List.of("Before=sessionjar-worker.service", "TimeoutSec=1min")), unit::toString);
            assertTrue(Files.exists(units.resolve("remote-fs.target.wants").resolve(mount)), "a boot tries " + mount);
            assertFalse(Files.exists(units.resolve("remote-fs.target.requires").resolve(mount)), "nofail: " + mount);
        }
        // The unit as written, with this machine's java for the node's.
        Path unit = Files.createDirectories(root.resolve("verify")).resolve("sessionjar-worker.service");
        Files.writeString(unit, Files.readString(root.resolve("etc/systemd/system/sessionjar-worker.service"))
                .replace("/usr/bin/java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Result verified = exec(List.of("systemd-analyze", "verify", "--man=no", unit.toString()), Map.of());
        assertEquals(0, verified.exit(), verified::toString);
        assertEquals("", verified.stderr(), "no warning");
    }

    private void run(List<FileShareMount> shares) throws IOException, InterruptedException {
        Result result = run(shares, Map.of());
        assertEquals(0, result.exit(), result::toString);
        assertEquals("session.jar bootstrap: worker started", result.stdout().strip().lines().reduce((a, b) -> b).orElse(""));
        // Azure shows the script's output in the extension's status: it must hold no secret.
        assertNoSecretIn(result);
    }

    private Result run(List<FileShareMount> shares, Map<String, String> environment)
            throws IOException, InterruptedException {
        BootstrapInput input = new BootstrapInput(ID, Map.of("Queues__ConnectionString", "AccountKey=k"),
                Set.of("Queues__ConnectionString"), shares, ACCOUNT, "runtime-key==", "clw-runtime", "file.core.windows.net",
                JAR_SHA256);
        Path script = Files.writeString(root.resolve("node.sh"), sandboxed(NodeBootstrap.script(input)));
        return exec(List.of("bash", script.toString()), environment);
    }

    private Result exec(List<String> command) throws IOException, InterruptedException {
        return exec(command, Map.of());
    }

    private Result exec(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(root.resolve("stdout").toFile()).redirectError(root.resolve("stderr").toFile());
        builder.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().put("SANDBOX", root.toString());
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running after 60 s: " + command);
        return new Result(process.exitValue(), Files.readString(root.resolve("stdout")),
                Files.readString(root.resolve("stderr")), (System.nanoTime() - start) / 1e9);
    }

    /** What a run printed, as the extension keeps it: stdout and stderr apart. */
    private record Result(int exit, String stdout, String stderr, double seconds) {
        String lastErrorLine() {
            return stderr.strip().lines().reduce((first, second) -> second).orElse("");
        }
    }

    /** The script's last line when apt-get could not install the packages in time. */
    private static String aptGaveUp(String within, String lastError) {
        return "session.jar bootstrap: apt-get could not install openjdk-17-jre-headless cifs-utils within " + within
                + " (last error: " + lastError + "): check the node's outbound access to its package archive (the"
                + " subnet's default outbound access, a firewall or a proxy) and its apt sources";
    }

    /** Packages to install, and the real sleep between tries. */
    private void notInstalledYet() throws IOException {
        stub(root.resolve("bin"), "dpkg-query", "printf 'not-installed not-installed '");
        realSleep();
    }

    private void realSleep() throws IOException {
        Files.delete(root.resolve("bin/sleep"));
    }

    private static void assertNoSecretIn(Result result) {
        for (String secret : List.of("runtime-key==", "key-1==", "key-2==", "AccountKey=k")) {
            for (String output : List.of(result.stdout(), result.stderr())) {
                assertFalse(output.contains(secret), "a secret in the output:\n" + output);
                assertFalse(output.contains(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))
                        .replace("=", "")), "a secret's base64 in the output:\n" + output);
            }
        }
    }

    /** The words of the unit's ExecStartPre= line that runs {@code program}, without the '+'. */
    private List<String> execStartPre(String program) throws IOException {
        String unit = Files.readString(root.resolve("etc/systemd/system/sessionjar-worker.service"));
        String line = unit.lines().filter(l -> l.startsWith("ExecStartPre=+") && l.contains(program)).findFirst()
                .orElseThrow(() -> new AssertionError("no ExecStartPre for " + program + " in\n" + unit));
        return List.of(line.substring("ExecStartPre=+".length()).split(" "));
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
