package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.file.share.ShareClient;
import com.azure.storage.file.share.ShareClientBuilder;
import com.azure.storage.file.share.ShareFileClient;
import com.azure.storage.file.share.models.ShareErrorCode;
import com.azure.storage.file.share.models.ShareStorageException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file service stand-in, driven by the real azure-storage-file-share client over TLS. */
class FakeFileSharesTest {
    private static final String ACCOUNT = "sjfake1";
    // Any base64 will do: signatures are recorded, not checked. Not a key of any real account.
    private static final String KEY = Base64.getEncoder().encodeToString("not-a-real-key".getBytes(StandardCharsets.UTF_8));

    private FakeAzure fake;
    private FakeFileShares files;

    @BeforeEach
    void start() {
        fake = FakeAzure.start();
        files = FakeFileShares.serve(fake, ACCOUNT);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private ShareClient share(String name) {
        return new ShareClientBuilder()
                .endpoint("https://" + files.host())
                .shareName(name)
                .credential(new StorageSharedKeyCredential(ACCOUNT, KEY))
                .httpClient(fake.storageHttpClient())
                .buildClient();
    }

    @Test
    void createShare_isPutWithRestypeShare_signedWithSharedKey() {
        share("work").create();

        assertEquals(java.util.Set.of("work"), files.shares());
        Recorded put = fake.requests("PUT", "/work").get(0);
        assertEquals("share", put.query("restype"));
        assertTrue(put.header("Authorization").startsWith("SharedKey " + ACCOUNT + ":"), put.header("Authorization"));
        assertEquals(List.of(), fake.unexpected());
    }

    @Test
    void createShare_twice_isShareAlreadyExists409() {
        files.withShare("work");

        ShareStorageException e = assertThrows(ShareStorageException.class, () -> share("work").create());

        assertEquals(409, e.getStatusCode());
        assertEquals(ShareErrorCode.SHARE_ALREADY_EXISTS, e.getErrorCode());
    }

    @Test
    void shareProperties_ofMissingShare_isShareNotFound404() {
        ShareStorageException e = assertThrows(ShareStorageException.class, () -> share("nope").getProperties());

        assertEquals(404, e.getStatusCode());
        assertEquals(ShareErrorCode.SHARE_NOT_FOUND, e.getErrorCode());
        assertFalse(share("nope").exists());
        assertEquals("share", fake.requests("GET", "/nope").get(0).query("restype"));
    }

    @Test
    void uploadFromFile_createsTheFileAndPutsItsRanges(@TempDir Path dir) throws Exception {
        files.withShare("work");
        byte[] content = "echo hello from the share\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        Path local = Files.write(dir.resolve("run.sh"), content);
        ShareFileClient file = share("work").getRootDirectoryClient().getFileClient("run.sh");

        file.create(content.length);
        file.uploadFromFile(local.toString());

        assertArrayEquals(content, files.file("work", "run.sh"));
        Recorded create = fake.requests("PUT", "/work/run.sh").get(0);
        assertEquals(Integer.toString(content.length), create.header("x-ms-content-length"));
        assertTrue(fake.requests("PUT", "/work/run.sh").stream()
                .anyMatch(r -> "range".equals(r.query("comp"))), fake.describeRequests());
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        file.download(back);
        assertArrayEquals(content, back.toByteArray());
        assertEquals(List.of(), fake.unexpected());
    }

    @Test
    void uploadFromFile_withoutCreate_isResourceNotFound404(@TempDir Path dir) throws Exception {
        // uploadFromFile only puts ranges: the file must be created, with its size, first.
        files.withShare("work");
        Path local = Files.write(dir.resolve("run.sh"), "echo hi\n".getBytes(StandardCharsets.UTF_8));
        ShareFileClient file = share("work").getRootDirectoryClient().getFileClient("run.sh");

        ShareStorageException e = assertThrows(ShareStorageException.class, () -> file.uploadFromFile(local.toString()));

        assertEquals(404, e.getStatusCode());
        assertEquals(ShareErrorCode.RESOURCE_NOT_FOUND, e.getErrorCode());
        assertEquals("range", fake.requests("PUT", "/work/run.sh").get(0).query("comp"));
    }

    @Test
    void wrongKey_isAuthenticationFailed403() {
        files.withShare("work").rejectAuthentication();

        ShareStorageException e = assertThrows(ShareStorageException.class, () -> share("work").getProperties());

        assertEquals(403, e.getStatusCode());
        assertEquals(ShareErrorCode.AUTHENTICATION_FAILED, e.getErrorCode());
    }
}
