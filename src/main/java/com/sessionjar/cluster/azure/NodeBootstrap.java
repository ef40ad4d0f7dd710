package com.sessionjar.cluster.azure;

import com.sessionjar.protocol.WorkerSettings;
import com.sessionjar.cluster.FileShareMount;
import com.sessionjar.cluster.WorkerEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bash script the scale set's CustomScript extension runs on every node: when it is created,
 * when a scale-out adds it and when an update changes the extension, so every step can run again.
 * It installs Java and the SMB client, mounts the runtime share (which holds {@code session.jar}) and
 * the config's {@code FileShares}, and runs the worker as the systemd service {@value #SERVICE}.
 * Secrets reach files only as base64 in single quotes, so the shell never reads them, and the
 * script prints none of them: Azure keeps its output.
 *
 * <p>The extension gives the script 90 minutes and reports the last 4 KB of its stdout and stderr, so
 * each wait has a deadline ({@link #CLOUD_INIT_DEADLINE}, {@link #APT_DEADLINE}, {@link #MOUNT_DEADLINE})
 * and each failure ends with one line on stderr saying what failed and what to check. After a reboot
 * the worker mounts what the boot could not ({@link #MOUNT_SHARES}) and systemd retries it until it can.
 */
final class NodeBootstrap {
    /** Stands for a secret in {@link #redactedScript}. */
    static final String REDACTED = WorkerEnvironment.REDACTED;
    /** Where a node mounts the runtime share. */
    static final String RUNTIME_MOUNT = "/mnt/sessionjar-runtime";
    static final String SERVICE = "sessionjar-worker";
    static final String USER = "sessionjar";
    static final String ENVIRONMENT_FILE = "/etc/sessionjar/worker.env";
    static final String UNIT_FILE = "/etc/systemd/system/" + SERVICE + ".service";
    static final String LOCAL_JAR = "/opt/sessionjar/session.jar";
    static final String CREDENTIALS_DIRECTORY = "/etc/smbcredentials";
    /** The worker's pre-start helper: mounts and reads its shares, or fails so that systemd tries again. */
    static final String MOUNT_SHARES = "/opt/sessionjar/mount-shares";
    /** How long the script waits for cloud-init before it goes on anyway. */
    static final Duration CLOUD_INIT_DEADLINE = Duration.ofMinutes(10);
    /** How long the script tries apt-get update and install, lock waits included, before it fails. */
    static final Duration APT_DEADLINE = Duration.ofMinutes(20);
    /** How long the script tries to mount the shares, all of them together, before it fails. */
    static final Duration MOUNT_DEADLINE = Duration.ofMinutes(5);
    /** How long one mount may take, in the script and at boot ({@code x-systemd.mount-timeout}). */
    static final Duration MOUNT_ATTEMPT = Duration.ofSeconds(60);
    /** The marker lines around the {@code /etc/fstab} lines the script owns (and replaces on every run). */
    static final String FSTAB_BEGIN = "# BEGIN sessionjar-worker shares, rewritten by every run of the node script";
    static final String FSTAB_END = "# END sessionjar-worker shares";

    private NodeBootstrap() {
    }

    /** The script, secrets included: for the extension's protected settings only. */
    static String script(BootstrapInput input) {
        return render(input, false);
    }

    /** The script with every secret of {@link #secrets} replaced by {@value #REDACTED}: safe to log or show. */
    static String redactedScript(BootstrapInput input) {
        return render(input, true);
    }

    /** The secrets the script holds: every share's key, the runtime key, the secret variables' values. */
    static Set<String> secrets(BootstrapInput input) {
        Set<String> secrets = new LinkedHashSet<>();
        secrets.add(input.runtimeAccountKey());
        input.shares().forEach(share -> secrets.add(share.storageAccountKey()));
        input.secretVariables().stream().map(input.workerEnvironment()::get).forEach(secrets::add);
        secrets.removeIf(secret -> secret == null || secret.isEmpty());
        return secrets;
    }

    private static String render(BootstrapInput input, boolean redact) {
        List<Mount> mounts = mounts(input);
        StringBuilder script = new StringBuilder();
        script.append(BootstrapScriptParts.prologue(input.id().toString(), CLOUD_INIT_DEADLINE, APT_DEADLINE,
                MOUNT_DEADLINE));
        script.append(BootstrapScriptParts.SHARES_BEGIN);
        for (Mount mount : mounts) {
            String credentials = "username=" + mount.account() + "\npassword=" + (redact ? REDACTED : mount.key()) + "\n";
            script.append("write_file ").append(quote(mount.credentialsFile())).append(" 600 ")
                    .append(base64(credentials)).append('\n');
            script.append("credentials_changed[").append(quote(mount.path())).append("]=$changed\n");
        }
        script.append("declare -A kept_mounts=(").append(keys(mounts.stream().map(Mount::path).toList())).append(")\n");
        script.append("declare -A kept_credentials=(")
                .append(keys(mounts.stream().map(Mount::credentialsFile).toList())).append(")\n");
        script.append("write_fstab_block ").append(base64(fstabBlock(mounts, input.fileEndpointSuffix()))).append('\n');
        script.append(BootstrapScriptParts.DROP_OLD_SHARES);
        for (Mount mount : mounts) {
            script.append("mount_share ").append(quote(mount.path())).append(' ')
                    .append(quote(fstabLine(mount, input.fileEndpointSuffix()))).append('\n');
        }
        String environment = SystemdEnvironmentFile.render("The worker's environment, written by session.jar's node"
                        + " script. Root-only: it holds the queue connection string.", input.workerEnvironment(),
                (name, value) -> redact && input.secretVariables().contains(name) && !value.isEmpty() ? REDACTED : value);
        script.append(BootstrapScriptParts.SERVICE_BEGIN);
        script.append("write_file ").append(ENVIRONMENT_FILE).append(" 600 ").append(base64(environment)).append('\n');
        script.append("write_file ").append(MOUNT_SHARES).append(" 755 ")
                .append(base64(BootstrapScriptParts.MOUNT_SHARES)).append('\n');
        script.append("write_file ").append(UNIT_FILE).append(" 644 ")
                .append(base64(unit(input.id().toString(), mounts, input.jarSha256()))).append('\n');
        script.append(BootstrapScriptParts.SERVICE_END);
        return script.toString();
    }

    /** A share as a node mounts it. */
    private record Mount(String account, String key, String share, String path) {
        String credentialsFile() {
            return CREDENTIALS_DIRECTORY + "/" + account + "-" + share + ".cred";
        }
    }

    /** The runtime share first: the worker's own jar comes before the user's files. */
    private static List<Mount> mounts(BootstrapInput input) {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(new Mount(input.runtimeAccount(), input.runtimeAccountKey(), input.runtimeShare(), RUNTIME_MOUNT));
        for (FileShareMount share : input.shares()) {
            mounts.add(new Mount(share.storageAccountName(), share.storageAccountKey(), share.fileShareName(),
                    share.mountPath()));
        }
        return mounts;
    }

    private static String fstabBlock(List<Mount> mounts, String suffix) {
        return FSTAB_BEGIN + "\n" + mounts.stream().map(m -> fstabLine(m, suffix) + "\n").collect(Collectors.joining())
                + FSTAB_END + "\n";
    }

    /**
     * SMB 3.1.1 (encrypted in transit). At boot: nofail and _netdev, so a share that is down cannot
     * stop a boot; a bounded mount; and before the worker, whose pre-start helper would otherwise race
     * systemd to mount it (nofail mounts are not ordered before remote-fs.target). The x-systemd
     * options are systemd's alone: mount(8) passes none of them on to mount.cifs.
     */
    private static String fstabLine(Mount mount, String suffix) {
        return "//" + mount.account() + "." + suffix + "/" + mount.share() + " " + mount.path() + " cifs nofail,_netdev,"
                + "x-systemd.mount-timeout=" + MOUNT_ATTEMPT.toSeconds() + "s,x-systemd.before=" + SERVICE + ".service,"
                + "vers=3.1.1,credentials=" + mount.credentialsFile() + ",uid=" + USER + ",gid=" + USER
                + ",dir_mode=0770,file_mode=0770,serverino,nosharesock,actimeo=30 0 0";
    }

    private static String unit(String id, List<Mount> mounts, String jarSha256) {
        return BootstrapScriptParts.UNIT
                .replace("@ID@", id)
                .replace("@MOUNT_SHARES@", MOUNT_SHARES)
                .replace("@MOUNTS@", mounts.stream().map(Mount::path).collect(Collectors.joining(" ")))
                .replace("@RUNTIME@", RUNTIME_MOUNT)
                .replace("@JAR_SHA256@", jarSha256)
                .replace("@JAR@", LOCAL_JAR)
                .replace("@MAIN@", WorkerSettings.MAIN_CLASS)
                .replace("@ENVIRONMENT@", ENVIRONMENT_FILE)
                .replace("@USER@", USER);
    }

    private static String keys(List<String> keys) {
        return keys.stream().map(key -> "[" + quote(key) + "]=1").collect(Collectors.joining(" "));
    }

    /** Single quotes; every value quoted here was checked by {@link BootstrapInput} to hold none. */
    private static String quote(String text) {
        if (text.contains("'")) {
            throw new IllegalArgumentException("'" + text + "' holds a single quote"); // unreachable: checked earlier
        }
        return "'" + text + "'";
    }

    /** Base64 has no quote, so the quoted text is the content, uninterpreted. */
    private static String base64(String content) {
        return "'" + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "'";
    }
}
