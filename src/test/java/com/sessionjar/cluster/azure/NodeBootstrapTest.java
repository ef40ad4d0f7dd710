package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.FileShareMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeBootstrapTest {
    private static final ClusterId ID = ClusterId.parse(
            "9fda6ae5-1210-43b9-a2da-703f0cdc253e:c49d8c24-3062-44b8-9a80-8e8164d4d340");
    private static final String JAR_SHA256 = "ab".repeat(32);
    private static final String RUNTIME_KEY = "RuNtImEkEy0123456789+/abcdefghijklmnop==";
    private static final String SHARE_KEY_1 = "ShArEkEy1+0123456789/abcdefghijklmnopq==";
    private static final String SHARE_KEY_2 = "ShArEkEy2+9876543210/zyxwvutsrqponmlkj==";
    private static final String CONNECTION = "DefaultEndpointsProtocol=https;AccountName=clwc49d8c24306244b89a808;AccountKey="
            + RUNTIME_KEY + ";EndpointSuffix=core.windows.net";
    private static final String SECURE_VALUE = "s3cr3t 'with' \"quotes\" $HOME `id` \\ and more";
    private static final Pattern WRITE_FILE = Pattern.compile("(?m)^write_file '?([^' ]+)'? (\\d+) '([A-Za-z0-9+/=]*)'$");
    private static final Pattern QUOTED_BASE64 = Pattern.compile("'([A-Za-z0-9+/]+={0,2})'");

    private static Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("Queues__ConnectionString", CONNECTION);
        environment.put("Queues__Request__QueueName", "requests");
        environment.put("API_TOKEN", SECURE_VALUE);
        environment.put("QUOTES", "it's \"quoted\"");
        environment.put("DOLLARS", "$HOME and ${PATH} and $(id) and `id`");
        environment.put("BACKSLASHES", "C:\\dir\\ and a trailing \\");
        environment.put("SPACES", "  two leading, two trailing  ");
        environment.put("PERCENT_AND_UNICODE", "100% Grüße %n %s \t tab");
        environment.put("EMPTY", "");
        environment.put("GRPC_ServerFileName", "/myfiles/GRpcHello/GRpcHello");
        return environment;
    }

    private static BootstrapInput input(List<FileShareMount> shares) {
        return new BootstrapInput(ID, environment(), Set.of("Queues__ConnectionString", "API_TOKEN"), shares,
                "clwc49d8c24306244b89a808", RUNTIME_KEY, "clw-runtime", "file.core.windows.net", JAR_SHA256);
    }

    private static final List<FileShareMount> TWO_SHARES = List.of(
            new FileShareMount("myfiles", "/myfiles", "data", "userstorage1", SHARE_KEY_1),
            new FileShareMount("models", "/srv/models-v2", "big-models", "userstorage2", SHARE_KEY_2));

    @Test
    void script_mountsEachShareWithSmb311AndItsOwnCredentialsFile() {
        String script = NodeBootstrap.script(input(TWO_SHARES));
        String fstab = fstabBlock(script);

        String[][] expected = {
                {"clwc49d8c24306244b89a808", "clw-runtime", "/mnt/sessionjar-runtime", RUNTIME_KEY},
                {"userstorage1", "data", "/myfiles", SHARE_KEY_1},
                {"userstorage2", "big-models", "/srv/models-v2", SHARE_KEY_2}};
        for (String[] share : expected) {
            String credentials = "/etc/smbcredentials/" + share[0] + "-" + share[1] + ".cred";
            String line = "//" + share[0] + ".file.core.windows.net/" + share[1] + " " + share[2] + " cifs nofail,_netdev,"
                    + "x-systemd.mount-timeout=60s,x-systemd.before=sessionjar-worker.service,vers=3.1.1,credentials=" + credentials + ",uid=sessionjar,gid=sessionjar,dir_mode=0770,"
                    + "file_mode=0770,serverino,nosharesock,actimeo=30 0 0";
            assertTrue(fstab.lines().anyMatch(line::equals), "no fstab line " + line + " in\n" + fstab);
            assertEquals("username=" + share[0] + "\npassword=" + share[3] + "\n", files(script).get(credentials).content());
            assertTrue(script.contains("\nmount_share '" + share[2] + "' '" + line + "'\n"), "not mounted: " + share[2]);
        }
    }

    @Test
    void script_mountsTheRuntimeShareFirst() {
        List<String> mounts = fstabBlock(NodeBootstrap.script(input(TWO_SHARES))).lines()
                .filter(line -> !line.startsWith("#")).map(line -> line.split(" ")[1]).toList();

        assertEquals(List.of("/mnt/sessionjar-runtime", "/myfiles", "/srv/models-v2"), mounts);
    }

    @Test
    void credentialsFiles_areWrittenRootOnlyWithMode600() {
        String script = NodeBootstrap.script(input(TWO_SHARES));

        Map<String, WrittenFile> files = files(script);
        List<String> credentials = files.keySet().stream().filter(path -> path.endsWith(".cred")).toList();
        assertEquals(3, credentials.size(), credentials.toString());
        credentials.forEach(path -> assertEquals("600", files.get(path).mode(), path));
        assertTrue(script.contains("umask 077\n"), "files the script makes must start root-only");
        assertTrue(script.contains("install -d -m 0700 /etc/smbcredentials\n"));
        assertEquals("600", files.get("/etc/sessionjar/worker.env").mode());
    }

    @Test
    void workerEnvironmentFile_givesTheWorkerEveryVariableExactly() {
        String env = files(NodeBootstrap.script(input(TWO_SHARES))).get("/etc/sessionjar/worker.env").content();

        assertEquals(environment(), parseSystemdEnvironmentFile(env));
    }

    @Test
    void workerEnvironmentFile_valueWithALineBreak_isRefusedNamingTheVariableNotTheValue() {
        Map<String, String> environment = environment();
        environment.put("MULTI_LINE", "first line\nsecond secret line");
        BootstrapInput input = new BootstrapInput(ID, environment, Set.of(), List.of(), "clwc49d8c24306244b89a808",
                RUNTIME_KEY, "clw-runtime", "file.core.windows.net", JAR_SHA256);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> NodeBootstrap.script(input));

        assertTrue(error.getMessage().contains("MULTI_LINE"), error.getMessage());
        assertFalse(error.getMessage().contains("secret line"), error.getMessage());
    }

    @Test
    void unit_runsWorkerMainAsSessionjarFromALocalCopyAndAlwaysRestarts() {
        String unit = files(NodeBootstrap.script(input(TWO_SHARES))).get("/etc/systemd/system/sessionjar-worker.service")
                .content();

        List<String> lines = unit.lines().toList();
        for (String line : List.of("After=network-online.target remote-fs.target",
                "EnvironmentFile=/etc/sessionjar/worker.env",
                "ExecStartPre=+/usr/bin/install -m 0644 /mnt/sessionjar-runtime/session.jar /opt/sessionjar/session.jar",
                "ExecStart=/usr/bin/java -XX:+UseSerialGC -cp /opt/sessionjar/session.jar com.sessionjar.worker.WorkerMain",
                "User=sessionjar", "Restart=always", "RestartSec=5", "StartLimitIntervalSec=0", "KillSignal=SIGTERM",
                "TimeoutStopSec=90", "WantedBy=multi-user.target")) {
            assertTrue(lines.contains(line), "unit lacks " + line + ":\n" + unit);
        }
    }

    @Test
    void unit_startsOnlyTheJarOfItsSha256_soANewJarIsANewScript(@TempDir Path directory) throws Exception {
        String script = NodeBootstrap.script(input(TWO_SHARES));
        String unit = files(script).get("/etc/systemd/system/sessionjar-worker.service").content();
        List<String> lines = unit.lines().toList();
        int copy = lines.indexOf("ExecStartPre=+/usr/bin/install -m 0644 /mnt/sessionjar-runtime/session.jar "
                + "/opt/sessionjar/session.jar");
        String check = lines.stream().filter(line -> line.startsWith("ExecStartPre=/bin/sh -c '")).findFirst()
                .orElseThrow(() -> new AssertionError("no hash check in\n" + unit));
        assertTrue(copy >= 0 && copy < lines.indexOf(check), "the copy is checked after it is made:\n" + unit);
        assertTrue(check.contains(JAR_SHA256), check);

        // The check as systemd runs it (/bin/sh -c '<command>'), on a copy here instead of /opt/sessionjar.
        Path jar = Files.writeString(directory.resolve("session.jar"), "the jar");
        String command = check.substring("ExecStartPre=/bin/sh -c '".length(), check.length() - 1)
                .replace(NodeBootstrap.LOCAL_JAR, jar.toString());
        assertEquals(1, sh(command).exitValue(), "another jar than the hash's does not start");
        String right = command.replace(JAR_SHA256, RuntimeShare.sha256(jar));
        assertEquals(0, sh(right).exitValue(), "the hash's jar starts");

        BootstrapInput other = new BootstrapInput(ID, environment(), Set.of("Queues__ConnectionString", "API_TOKEN"),
                TWO_SHARES, "clwc49d8c24306244b89a808", RUNTIME_KEY, "clw-runtime", "file.core.windows.net",
                "cd".repeat(32));
        assertFalse(script.equals(NodeBootstrap.script(other)), "a new jar changes the script, and so its fingerprint");
    }

    private static Process sh(String command) throws IOException, InterruptedException {
        Process sh = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        sh.getInputStream().readAllBytes();
        assertTrue(sh.waitFor(30, TimeUnit.SECONDS));
        return sh;
    }

    @Test
    void unit_mountsItsSharesBeforeEachStart_insteadOfRequiringThem_soAFailedBootMountIsRetried() {
        Map<String, WrittenFile> files = files(NodeBootstrap.script(input(TWO_SHARES)));
        String unit = files.get("/etc/systemd/system/sessionjar-worker.service").content();

        // RequiresMountsFor= makes a failed boot mount a failed dependency, which Restart= never retries.
        assertFalse(unit.lines().anyMatch(line -> line.startsWith("RequiresMountsFor=")), unit);
        List<String> preStart = unit.lines().filter(line -> line.startsWith("ExecStartPre=")).toList();
        assertEquals(List.of("ExecStartPre=+/opt/sessionjar/mount-shares /mnt/sessionjar-runtime /myfiles /srv/models-v2",
                "ExecStartPre=+/usr/bin/install -m 0644 /mnt/sessionjar-runtime/session.jar /opt/sessionjar/session.jar"),
                preStart.subList(0, 2), "the shares, the runtime share first, before the jar is copied from it");
        assertEquals(3, preStart.size(), "then only the copy's SHA-256 check: " + preStart);
        assertTrue(preStart.get(2).startsWith("ExecStartPre=/bin/sh -c 'echo \"" + JAR_SHA256 + "  "), preStart.get(2));
        // Restarts forever: no start limit, a pause between tries.
        assertTrue(unit.lines().anyMatch("StartLimitIntervalSec=0"::equals), unit);
        assertTrue(unit.indexOf("StartLimitIntervalSec=0") < unit.indexOf("[Service]"), "a [Unit] setting");
        WrittenFile helper = files.get(NodeBootstrap.MOUNT_SHARES);
        assertEquals("755", helper.mode());
        assertEquals(BootstrapScriptParts.MOUNT_SHARES, helper.content());
        assertTrue(helper.content().contains("if ! mountpoint -q \"$path\" && ! mount \"$path\"; then"));
        assertTrue(helper.content().contains("if ! ls -f \"$path\" >/dev/null; then"));
    }

    @Test
    void fstab_mountsAtBootBoundedAndBeforeTheWorker_withoutStoppingTheBoot() {
        String fstab = fstabBlock(NodeBootstrap.script(input(TWO_SHARES)));

        List<String> lines = fstab.lines().filter(line -> !line.startsWith("#")).toList();
        assertEquals(3, lines.size(), fstab);
        for (String line : lines) {
            List<String> options = List.of(line.split(" ")[3].split(","));
            assertTrue(options.containsAll(List.of("nofail", "_netdev", "x-systemd.mount-timeout=60s",
                    "x-systemd.before=sessionjar-worker.service")), line);
            // On first access it would mount, but a failed one would hand the worker's files an error instead of
            // holding the worker back until the share is there.
            assertFalse(line.contains("x-systemd.automount"), line);
        }
    }

    @Test
    void script_enablesAndRestartsTheWorkerSoAnUpdateReachesRunningNodes() {
        String script = NodeBootstrap.script(input(TWO_SHARES));

        int reload = script.lastIndexOf("systemctl daemon-reload\n");
        int enable = script.indexOf("systemctl enable --quiet sessionjar-worker\n");
        int restart = script.indexOf("systemctl restart sessionjar-worker\n");
        assertTrue(reload > script.indexOf("write_file /etc/systemd/system/sessionjar-worker.service"));
        assertTrue(reload < enable && enable < restart, "reload, enable, restart in that order");
    }

    @Test
    void script_installsJavaAndCifsNonInteractivelyWaitingForTheDpkgLock() {
        String script = NodeBootstrap.script(input(List.of()));

        assertTrue(script.startsWith("#!/bin/bash\n"));
        assertTrue(script.contains("\nset -eEuo pipefail\n"));
        assertTrue(script.contains("cloud-init status --wait"));
        assertTrue(script.contains("export DEBIAN_FRONTEND=noninteractive\n"));
        assertTrue(script.contains("packages=\"openjdk-17-jre-headless cifs-utils\""));
        assertTrue(script.contains("apt-get -q -o DPkg::Lock::Timeout=\"$(( left < 600 ? left : 600 ))\" \"$@\""));
        assertTrue(script.contains("apt_get update && apt_get install -y -o Dpkg::Options::=--force-confdef"));
        assertTrue(script.contains("id -u sessionjar >/dev/null 2>&1 || useradd --system"));
    }

    @Test
    void redactedScript_holdsNoSecretNeitherPlainNorInAnyBase64Blob() {
        BootstrapInput input = input(TWO_SHARES);
        String redacted = NodeBootstrap.redactedScript(input);

        Set<String> secrets = NodeBootstrap.secrets(input);
        assertEquals(Set.of(RUNTIME_KEY, SHARE_KEY_1, SHARE_KEY_2, CONNECTION, SECURE_VALUE), secrets);
        String decoded = String.join("\n", decodedBlobs(redacted));
        for (String secret : secrets) {
            assertFalse(redacted.contains(secret), "plain secret in the redacted script");
            assertFalse(decoded.contains(secret), "base64-encoded secret in the redacted script");
        }
        assertTrue(decoded.contains("password=" + NodeBootstrap.REDACTED + "\n"));
        assertTrue(decoded.contains("Queues__ConnectionString=\"" + NodeBootstrap.REDACTED + "\""));
        assertTrue(decoded.contains("API_TOKEN=\"" + NodeBootstrap.REDACTED + "\""));
    }

    @Test
    void script_holdsEverySecretForTheNodes() {
        BootstrapInput input = input(TWO_SHARES);
        String decoded = String.join("\n", decodedBlobs(NodeBootstrap.script(input)));

        for (String secret : List.of(RUNTIME_KEY, SHARE_KEY_1, SHARE_KEY_2)) {
            assertTrue(decoded.contains("password=" + secret + "\n"));
        }
        assertTrue(files(NodeBootstrap.script(input)).get("/etc/sessionjar/worker.env").content()
                .contains("Queues__ConnectionString=\"" + CONNECTION + "\""));
        assertFalse(decoded.contains(NodeBootstrap.REDACTED));
    }

    @Test
    void redactedScript_isTheScriptWithEachSecretReplacedAndNothingElseChanged() {
        BootstrapInput input = input(TWO_SHARES);
        String script = NodeBootstrap.script(input);
        String redacted = NodeBootstrap.redactedScript(input);

        String scriptRedactedByHand = decodeBlobsInPlace(script);
        // Longest first: the runtime key is also inside the connection string.
        List<String> secrets = NodeBootstrap.secrets(input).stream()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String secret : secrets) {
            String escaped = secret.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`");
            scriptRedactedByHand = scriptRedactedByHand.replace(escaped, NodeBootstrap.REDACTED)
                    .replace(secret, NodeBootstrap.REDACTED);
        }
        assertEquals(scriptRedactedByHand, decodeBlobsInPlace(redacted));
    }

    @Test
    void script_replacesItsOwnFstabBlockOnEveryRun() {
        String script = NodeBootstrap.script(input(TWO_SHARES));
        String block = fstabBlock(script);

        assertTrue(block.startsWith(NodeBootstrap.FSTAB_BEGIN + "\n"), block);
        assertTrue(block.endsWith(NodeBootstrap.FSTAB_END + "\n"), block);
        // The block of the last run is read, then deleted, between the same markers.
        assertTrue(script.contains("old_block=\"$(sed -n '/^# BEGIN sessionjar-worker shares/,"
                + "/^# END sessionjar-worker shares/p' /etc/fstab)\""));
        assertTrue(script.contains("sed -e '/^# BEGIN sessionjar-worker shares/,/^# END sessionjar-worker shares/d'"));
        assertTrue(NodeBootstrap.FSTAB_BEGIN.startsWith("# BEGIN sessionjar-worker shares"));
        assertTrue(NodeBootstrap.FSTAB_END.startsWith("# END sessionjar-worker shares"));
        assertTrue(script.contains("until mountpoint -q \"$1\" || try_mount \"$1\"; do"), "mounts only what is not mounted");
    }

    @Test
    void script_unmountsSharesTheLastRunHadAndThisOneDropped() {
        String script = NodeBootstrap.script(input(TWO_SHARES.subList(0, 1)));

        assertTrue(script.contains("declare -A kept_mounts=(['/mnt/sessionjar-runtime']=1 ['/myfiles']=1)\n"), script);
        assertTrue(script.contains("declare -A kept_credentials=(['/etc/smbcredentials/clwc49d8c24306244b89a808"
                + "-clw-runtime.cred']=1 ['/etc/smbcredentials/userstorage1-data.cred']=1)\n"), script);
        assertTrue(script.contains("if [ -z \"${kept_mounts[$old_path]:-}\" ] && mountpoint -q \"$old_path\"; then\n"
                + "    unmount \"$old_path\""));
        assertTrue(script.contains("  timeout -k 5 30 umount \"$1\" || umount -l \"$1\"\n"));
        assertTrue(script.contains("rm -f \"$old_credentials\""));
        assertTrue(script.indexOf("write_fstab_block '") < script.indexOf("while read -r old_path old_options"),
                "dropped shares are found after the new block is in place");
    }

    @Test
    void deadlines_addUpToWellInsideTheExtensions90Minutes() {
        String script = NodeBootstrap.script(input(TWO_SHARES));

        // Each wait may overrun its deadline by one bounded step: a kill's grace, a last mount attempt,
        // systemd's default 90 s to start the worker.
        Duration kill = Duration.ofSeconds(10);
        Duration worst = NodeBootstrap.CLOUD_INIT_DEADLINE.plus(kill)
                .plus(NodeBootstrap.APT_DEADLINE).plus(kill)
                .plus(NodeBootstrap.MOUNT_DEADLINE).plus(NodeBootstrap.MOUNT_ATTEMPT).plus(kill)
                .plus(Duration.ofSeconds(90));
        assertTrue(worst.compareTo(Duration.ofMinutes(45)) <= 0, "at most half the extension's 90 minutes: " + worst);
        assertTrue(script.contains("\"${SESSIONJAR_BOOTSTRAP_CLOUD_INIT_SECONDS:-}\" 600)"));
        assertTrue(script.contains("\"${SESSIONJAR_BOOTSTRAP_APT_SECONDS:-}\" 1200)"));
        assertTrue(script.contains("\"${SESSIONJAR_BOOTSTRAP_MOUNT_SECONDS:-}\" 300)"));
        assertTrue(script.contains("timeout -k 10 \"$cloud_init_seconds\" cloud-init status --wait"));
        assertTrue(script.contains("timeout -k 10 \"$left\" apt-get"), "apt-get stopped at the deadline");
        assertTrue(script.contains("timeout -k 10 60 mount \"$1\""), "each mount bounded");
    }

    @Test
    void script_printsNoSecret_andNeverTracesItsCommands() {
        BootstrapInput input = input(TWO_SHARES);
        String script = NodeBootstrap.script(input);
        Set<String> secrets = NodeBootstrap.secrets(input);

        List<String> printing = script.lines().filter(line -> line.matches(".*\\b(echo|printf|cat)\\b.*")).toList();
        assertTrue(printing.size() > 5, printing.toString());
        for (String line : printing) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "a secret in " + line);
            }
            assertFalse(QUOTED_BASE64.matcher(line).find() && decodedBlobs(line).stream()
                    .anyMatch(decoded -> secrets.stream().anyMatch(decoded::contains)), "a secret's base64 in " + line);
            // What reaches the output expands only names of ours that hold no secret; the one echo of a
            // file's base64 ($3 of write_file) goes into base64 -d, never to the output.
            if (!line.contains("| base64 -d")) {
                Matcher expanded = Pattern.compile("\\$\\{?([A-Za-z_0-9]+)").matcher(line);
                while (expanded.find()) {
                    assertTrue(PRINTABLE.contains(expanded.group(1)), "prints $" + expanded.group(1) + ": " + line);
                }
            }
        }
        assertFalse(script.matches("(?s).*\\bset\\s+-[a-zA-Z]*[xv].*"), "set -x or -v would print every command");
        assertFalse(script.lines().anyMatch(line -> line.matches("#!.*\\s-\\w*x.*") || line.matches(".*\\bbash\\s+-\\w*x.*")),
                "nor bash -x, in the #! line or elsewhere");
        assertFalse(script.contains("xtrace") || script.contains("BASH_XTRACEFD") || script.contains("verbose"));
        // fail's messages: none of the names that hold files' contents.
        for (String call : script.lines().filter(line -> line.trim().startsWith("fail ")).toList()) {
            Matcher expanded = Pattern.compile("\\$\\{?([A-Za-z_0-9]+)").matcher(call);
            while (expanded.find()) {
                assertTrue(PRINTABLE.contains(expanded.group(1)), "fail prints $" + expanded.group(1) + ": " + call);
            }
        }
    }

    /** Names the script may print: the message, paths, the fstab line (no key: a credentials file), apt's and mount's errors. */
    private static final Set<String> PRINTABLE = Set.of("1", "2", "packages", "apt_seconds", "mount_seconds",
            "cloud_init_seconds", "last_error", "mount_error", "status", "step", "failed_line", "scratch", "path");

    @Test
    void script_everyFailureEndsWithOneLineOnStderr_sayingWhatFailedAndWhatToCheck() {
        String script = NodeBootstrap.script(input(TWO_SHARES));

        assertTrue(script.contains("\nset -eEuo pipefail\n"), "errexit, and the ERR trap inside functions too");
        // The one exit of the script is fail's, after its one line.
        assertEquals(List.of("  exit 1"), script.lines().filter(line -> line.matches("\\s*exit\\b.*")).toList());
        assertTrue(script.contains("""
                fail() {
                  echo "session.jar bootstrap: $1" >&2
                  reported=yes
                  exit 1
                }
                """));
        // Each failure it foresees: one line (no line break in the message), naming what to check.
        List<String> calls = script.lines().filter(line -> line.trim().startsWith("fail ")).toList();
        assertEquals(2, calls.size(), calls.toString());
        for (String call : calls) {
            assertTrue(call.trim().startsWith("fail \"") && call.endsWith("\"") && call.contains("): check "), call);
            assertFalse(call.contains("\\n") || call.contains("$'"), "one line: " + call);
        }
        assertTrue(calls.get(0).contains("apt-get could not install $packages within $(duration \"$apt_seconds\")"
                + " (last error: $last_error)"), calls.get(0));
        assertTrue(calls.get(1).contains("could not mount ${2%% *} at $1 within the $(duration \"$mount_seconds\")"
                + " given to the shares (last error: $mount_error)"), calls.get(1));
        // Any other (set -e): one line from the EXIT trap, naming the step.
        assertTrue(script.contains("trap on_exit EXIT\n"));
        assertTrue(script.contains("  if [ \"$status\" -ne 0 ] && [ \"$reported\" = no ]; then\n"
                + "    echo \"session.jar bootstrap: failed while $step (exit code $status at line $failed_line of the node"
                + " script): the lines above say why\" >&2\n"));
        assertEquals(List.of("starting", "waiting for cloud-init", "installing packages", "creating the user sessionjar",
                "mounting the shares", "writing the worker's files", "starting the worker"), script.lines()
                .filter(line -> line.startsWith("step=\"")).map(line -> line.substring(6, line.length() - 1)).toList());
    }

    @Test
    void script_isValidBash(@TempDir Path directory) throws IOException, InterruptedException {
        for (BootstrapInput input : List.of(input(TWO_SHARES), input(List.of()))) {
            for (String script : List.of(NodeBootstrap.script(input), NodeBootstrap.redactedScript(input))) {
                Path file = Files.writeString(directory.resolve("node.sh"), script);
                Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
                String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, bash.exitValue(), output);
            }
        }
        Path helper = Files.writeString(directory.resolve("mount-shares"), BootstrapScriptParts.MOUNT_SHARES);
        Process sh = new ProcessBuilder("sh", "-n", helper.toString()).redirectErrorStream(true).start();
        String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(sh.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, sh.exitValue(), output);
    }

    /** The files the script writes: path to mode and decoded content. */
    private static Map<String, WrittenFile> files(String script) {
        Map<String, WrittenFile> files = new LinkedHashMap<>();
        Matcher matcher = WRITE_FILE.matcher(script);
        while (matcher.find()) {
            files.put(matcher.group(1), new WrittenFile(matcher.group(2), decode(matcher.group(3))));
        }
        return files;
    }

    private record WrittenFile(String mode, String content) {
    }

    private static String fstabBlock(String script) {
        Matcher matcher = Pattern.compile("(?m)^write_fstab_block '([A-Za-z0-9+/=]+)'$").matcher(script);
        assertTrue(matcher.find(), "no fstab block");
        return decode(matcher.group(1));
    }

    /** Every single-quoted word that decodes as base64, decoded. */
    private static List<String> decodedBlobs(String script) {
        List<String> blobs = new ArrayList<>();
        Matcher matcher = QUOTED_BASE64.matcher(script);
        while (matcher.find()) {
            try {
                blobs.add(decode(matcher.group(1)));
            } catch (IllegalArgumentException notBase64) {
                // a quoted path such as '/myfiles' that happens to use base64's letters
            }
        }
        return blobs;
    }

    private static String decodeBlobsInPlace(String script) {
        return WRITE_FILE.matcher(script).replaceAll(m -> Matcher.quoteReplacement(
                "write_file " + m.group(1) + " " + m.group(2) + " <<" + decode(m.group(3)) + ">>"));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** systemd's EnvironmentFile rules for double-quoted values: a backslash takes the next character as it is. */
    static Map<String, String> parseSystemdEnvironmentFile(String file) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String line : file.lines().toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String quoted = line.substring(equals + 1);
            assertTrue(quoted.length() >= 2 && quoted.startsWith("\"") && quoted.endsWith("\""), line);
            StringBuilder value = new StringBuilder();
            for (int i = 1; i < quoted.length() - 1; i++) {
                char c = quoted.charAt(i);
                if (c == '\\') {
                    c = quoted.charAt(++i);
                    assertTrue("\\\"$`".indexOf(c) >= 0, "systemd keeps the backslash before " + c + ": " + line);
                } else {
                    assertTrue(c != '"', "unescaped quote ends the value early: " + line);
                }
                value.append(c);
            }
            environment.put(line.substring(0, equals), value.toString());
        }
        return environment;
    }
}
