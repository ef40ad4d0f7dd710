package com.sessionjar.cluster.azure;

import com.azure.core.http.HttpClient;
import com.azure.storage.file.share.ShareClient;
import com.azure.storage.file.share.ShareFileClient;
import com.azure.storage.file.share.ShareServiceClientBuilder;
import com.azure.storage.file.share.models.ShareFileHttpHeaders;
import com.sessionjar.InfrastructureException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The session's runtime share: a file share in the session's own storage account holding the
 * session.jar every node runs, so nodes need no image from any registry. The jar is uploaded only
 * when the share's copy differs (its Content-MD5), so creating or updating twice uploads once.
 */
final class RuntimeShare {
    /** The jar's name on the share, and what the nodes' bootstrap copies. */
    static final String JAR = "session.jar";

    private final ShareClient share;

    /** The share {@code shareName} of the account {@code connectionString} names, through {@code httpClient} (null: the SDK's). */
    RuntimeShare(String connectionString, String shareName, HttpClient httpClient) {
        ShareServiceClientBuilder builder = new ShareServiceClientBuilder().connectionString(connectionString);
        if (httpClient != null) {
            builder.httpClient(httpClient);
        }
        this.share = builder.buildClient().getShareClient(shareName);
    }

    /** Creates the share if it is missing and makes its session.jar a copy of {@code jar}; true if it uploaded. */
    boolean publish(Path jar) {
        share.createIfNotExists();
        byte[] md5 = md5(jar);
        ShareFileClient file = share.getRootDirectoryClient().getFileClient(JAR);
        if (file.exists() && Arrays.equals(file.getProperties().getContentMd5(), md5)) {
            return false;
        }
        long size = size(jar);
        file.create(size);
        file.uploadFromFile(jar.toString());
        file.setProperties(size, new ShareFileHttpHeaders().setContentMd5(md5), null, null);
        return true;
    }

    static byte[] md5(Path file) {
        return digest(file, "MD5");
    }

    /**
     * The SHA-256 of {@code file} in lowercase hex: what the nodes' unit checks the jar it copied
     * against, so that the hash, and with it the bootstrap script, changes with the jar.
     */
    static String sha256(Path file) {
        return HexFormat.of().formatHex(digest(file, "SHA-256"));
    }

    private static byte[] digest(Path file, String algorithm) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance(algorithm))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return ((DigestInputStream) in).getMessageDigest().digest();
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this Java runtime", e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + file, e);
        }
    }
}
