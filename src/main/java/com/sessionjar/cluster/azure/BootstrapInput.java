package com.sessionjar.cluster.azure;

import com.sessionjar.BadInputException;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.FileShareMount;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@link NodeBootstrap} needs to render a node's script. Names and paths end up in the script,
 * {@code /etc/fstab} and a systemd unit, so they are checked here against what those can carry.
 *
 * @param id                 the session's id
 * @param workerEnvironment  the worker's variables, e.g. from {@code WorkerEnvironment.of}
 * @param secretVariables    names of the variables whose values are secrets ({@code Queues__ConnectionString},
 *                           every {@code SecureValue})
 * @param shares             the config's {@code FileShares}, mounted at their {@code MountPath}
 * @param runtimeAccount     the session's storage account, which holds the runtime share
 * @param runtimeAccountKey  its key
 * @param runtimeShare       the share that holds {@code session.jar}
 * @param fileEndpointSuffix the cloud's file endpoint suffix, e.g. {@code file.core.windows.net}
 * @param jarSha256          the SHA-256 (lowercase hex) of the session.jar on the runtime share: the nodes run
 *                           that jar and no other, so a new jar is a new script and reaches every node
 */
record BootstrapInput(ClusterId id, Map<String, String> workerEnvironment, Set<String> secretVariables,
                      List<FileShareMount> shares, String runtimeAccount, String runtimeAccountKey, String runtimeShare,
                      String fileEndpointSuffix, String jarSha256) {
    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern SHARE = Pattern.compile("(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*");
    // Plain characters only: fstab, the unit's ExecStartPre arguments and the script's quotes all take these as they are.
    // No segment starts with a dot, which rules out . and .. as well.
    private static final Pattern MOUNT_PATH = Pattern.compile("(/[A-Za-z0-9_][A-Za-z0-9._-]*)+");
    private static final Pattern SUFFIX = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    BootstrapInput {
        Objects.requireNonNull(id, "id");
        if (!id.toString().matches("[a-z0-9:-]+")) {
            throw new IllegalArgumentException("id (" + id + ") must be a subscription GUID and a cluster GUID");
        }
        workerEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(workerEnvironment, "workerEnvironment")));
        secretVariables = Collections.unmodifiableSet(new LinkedHashSet<>(
                Objects.requireNonNull(secretVariables, "secretVariables")));
        shares = List.copyOf(Objects.requireNonNull(shares, "shares"));
        check("the runtime storage account", runtimeAccount, ACCOUNT, "3 to 24 lowercase letters and digits");
        checkKey("the runtime storage account (" + runtimeAccount + ")", runtimeAccountKey);
        check("the runtime share", runtimeShare, SHARE, "3 to 63 lowercase letters, digits and single inner dashes");
        check("fileEndpointSuffix", fileEndpointSuffix, SUFFIX, "a DNS suffix such as file.core.windows.net");
        if (jarSha256 == null || !SHA256.matcher(jarSha256).matches()) {
            // Ours, never the user's: computed from the jar.
            throw new IllegalArgumentException("jarSha256 (" + jarSha256 + ") must be 64 lowercase hex digits");
        }
        Set<String> paths = new HashSet<>(Set.of(NodeBootstrap.RUNTIME_MOUNT));
        for (int i = 0; i < shares.size(); i++) {
            FileShareMount share = shares.get(i);
            String key = "FileShares[" + i + "]";
            check(key + ".StorageAccountName", share.storageAccountName(), ACCOUNT, "3 to 24 lowercase letters and digits");
            check(key + ".FileShareName", share.fileShareName(), SHARE,
                    "3 to 63 lowercase letters, digits and single inner dashes");
            check(key + ".MountPath", share.mountPath(), MOUNT_PATH,
                    "an absolute path of letters, digits and . _ - (no segment starting with a dot) such as /myfiles");
            if (!paths.add(share.mountPath())) {
                throw new BadInputException(key + ".MountPath (" + share.mountPath() + ") is used twice or is "
                        + NodeBootstrap.RUNTIME_MOUNT + ", where nodes mount session.jar's own share");
            }
            checkKey(key + " (" + share.storageAccountName() + ")", share.storageAccountKey());
        }
    }

    /** Names and sizes only: keys and the worker's values are secrets, or may be. */
    @Override
    public String toString() {
        return "BootstrapInput[" + id + ", variables " + workerEnvironment.keySet() + ", secret " + secretVariables
                + ", shares " + shares + ", runtime " + runtimeAccount + "/" + runtimeShare + ", " + fileEndpointSuffix
                + ", jar " + jarSha256 + "]";
    }

    private static void check(String what, String value, Pattern rule, String expected) {
        if (value == null || !rule.matcher(value).matches()) {
            throw new BadInputException(what + " (" + (value == null ? "missing" : "'" + value + "'")
                    + ") must be " + expected);
        }
    }

    // Never puts the key in the message: it is a secret.
    private static void checkKey(String account, String key) {
        if (key == null || key.isEmpty()) {
            throw new BadInputException("The key of " + account + " is missing");
        }
        if (key.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
            throw new BadInputException("The key of " + account + " holds a line break or NUL:"
                    + " a credentials file cannot carry it");
        }
    }
}
