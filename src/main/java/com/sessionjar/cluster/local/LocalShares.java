package com.sessionjar.cluster.local;

import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.FileShareMount;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * File shares of a local session: each {@code FileShares} entry is the folder
 * {@code <home>/shares/<Name>} on this machine, and since a local worker cannot mount it at its
 * {@code MountPath}, every worker environment value that is a path under a {@code MountPath} is
 * pointed at that folder instead ({@code /myfiles/GRpcHello/GRpcHello} becomes
 * {@code <home>/shares/myfiles/GRpcHello/GRpcHello}). Storage account names and keys are not used.
 */
final class LocalShares {
    private final Path root;

    LocalShares(Path home) {
        this.root = home.resolve("shares");
    }

    /** The folder standing for the share called {@code name}. */
    Path folder(String name) {
        return root.resolve(name);
    }

    /** Creates the folder of every share in {@code config} that does not exist yet (user-only). */
    void create(ClusterConfig config) {
        config.fileShares().forEach(share -> LocalState.createDirectories(folder(share.name())));
    }

    /** {@code environment} with every value under a share's mount path pointed at the share's folder. */
    Map<String, String> rewrite(ClusterConfig config, Map<String, String> environment) {
        Map<String, String> rewritten = new LinkedHashMap<>(environment);
        rewritten.replaceAll((name, value) -> {
            for (FileShareMount share : config.fileShares()) {
                String mount = share.mountPath().endsWith("/") && share.mountPath().length() > 1
                        ? share.mountPath().substring(0, share.mountPath().length() - 1) : share.mountPath();
                if (value.equals(mount)) {
                    return folder(share.name()).toString();
                }
                if (value.startsWith(mount + "/")) {
                    return folder(share.name()) + value.substring(mount.length());
                }
            }
            return value;
        });
        return rewritten;
    }
}
