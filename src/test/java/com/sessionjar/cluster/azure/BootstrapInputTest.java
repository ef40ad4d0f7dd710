package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.FileShareMount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BootstrapInputTest {
    private static final ClusterId ID = ClusterId.parse("local:c49d8c24-3062-44b8-9a80-8e8164d4d340");
    private static final String JAR_SHA256 = "ab".repeat(32);
    private static final String RUNTIME_KEY = "runtime-key-0123456789==";
    private static final String SHARE_KEY = "share-key-0123456789==";
    private static final String SECRET = "the-connection-string";

    private static BootstrapInput input(FileShareMount... shares) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("Queues__ConnectionString", SECRET);
        environment.put("PLAIN", "plain-value");
        return new BootstrapInput(ID, environment, Set.of("Queues__ConnectionString"), List.of(shares),
                "clwc49d8c24306244b89a808", RUNTIME_KEY, "clw-runtime", "file.core.windows.net", JAR_SHA256);
    }

    private static FileShareMount share(String mountPath) {
        return new FileShareMount("x", mountPath, "data", "userstorage1", SHARE_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/my files", "relative", "/", "/a//b", "/a/../etc", "/a/./b", "/a/", "/tab\there", "/it's"})
    void mountPathFstabOrTheScriptCannotCarry_isRefusedNamingIt(String path) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> input(share(path)));

        assertTrue(error.getMessage().contains("FileShares[0].MountPath ('" + path + "')"), error.getMessage());
    }

    @Test
    void plainMountPaths_areAccepted() {
        assertEquals(3, input(share("/myfiles"), share("/srv/models-v2.1"), share("/data/_x")).shares().size());
    }

    @Test
    void shareOnTheRuntimeMountPath_isRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> input(share("/mnt/sessionjar-runtime")));

        assertTrue(error.getMessage().contains("/mnt/sessionjar-runtime"), error.getMessage());
    }

    @Test
    void twoSharesOnOnePath_areRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> input(share("/data"), share("/data")));

        assertTrue(error.getMessage().contains("FileShares[1].MountPath (/data) is used twice"), error.getMessage());
    }

    @Test
    void badShareOrAccountName_isRefusedNamingIt() {
        IllegalArgumentException share = assertThrows(IllegalArgumentException.class, () -> input(
                new FileShareMount("x", "/x", "bad--name", "userstorage1", SHARE_KEY)));
        IllegalArgumentException account = assertThrows(IllegalArgumentException.class, () -> input(
                new FileShareMount("x", "/x", "data", "User'Storage", SHARE_KEY)));

        assertTrue(share.getMessage().contains("FileShares[0].FileShareName ('bad--name')"), share.getMessage());
        assertTrue(account.getMessage().contains("FileShares[0].StorageAccountName ('User'Storage')"), account.getMessage());
    }

    @Test
    void keyWithALineBreak_isRefusedWithoutShowingTheKey() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> input(
                new FileShareMount("x", "/x", "data", "userstorage1", "abc\npassword=other")));

        assertTrue(error.getMessage().contains("userstorage1"), error.getMessage());
        assertFalse(error.getMessage().contains("abc"), error.getMessage());
    }

    @Test
    void toString_showsNoKeyAndNoValue() {
        String text = input(share("/myfiles")).toString();

        for (String hidden : List.of(RUNTIME_KEY, SHARE_KEY, SECRET, "plain-value")) {
            assertFalse(text.contains(hidden), text);
        }
        assertTrue(text.contains("Queues__ConnectionString"), text);
    }
}
