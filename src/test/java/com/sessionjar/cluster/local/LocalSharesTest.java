package com.sessionjar.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSharesTest {
    @TempDir
    Path home;

    private final ClusterConfig config = ClusterConfigReader.parse("""
            {"FileShares": [
              {"Name": "myfiles", "MountPath": "/myfiles", "FileShareName": "", "StorageAccountName": "", "StorageAccountKey": ""},
              {"Name": "data", "MountPath": "/mnt/data/", "FileShareName": "", "StorageAccountName": "", "StorageAccountKey": ""}
            ]}""", "test.json");

    @Test
    void rewrite_pathsUnderAMountPath_pointAtTheSharesFolder() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("GRPC_ServerFileName", "/myfiles/GRpcHello/GRpcHello");
        environment.put("ROOT", "/myfiles");
        environment.put("DATA", "/mnt/data/in.csv");
        environment.put("OTHER", "/myfilesystem/x");
        environment.put("URL", "http://localhost:8080");

        Map<String, String> rewritten = new LocalShares(home).rewrite(config, environment);

        assertEquals(home.resolve("shares/myfiles/GRpcHello/GRpcHello").toString(), rewritten.get("GRPC_ServerFileName"));
        assertEquals(home.resolve("shares/myfiles").toString(), rewritten.get("ROOT"));
        assertEquals(home.resolve("shares/data/in.csv").toString(), rewritten.get("DATA"));
        assertEquals("/myfilesystem/x", rewritten.get("OTHER"), "a sibling path is not under the mount");
        assertEquals("http://localhost:8080", rewritten.get("URL"));
    }

    @Test
    void create_makesUserOnlyFolders() throws Exception {
        new LocalShares(home).create(config);

        for (String name : new String[] {"myfiles", "data"}) {
            Path folder = home.resolve("shares").resolve(name);
            assertTrue(Files.isDirectory(folder));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        }
    }
}
