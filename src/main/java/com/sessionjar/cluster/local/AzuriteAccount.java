package com.sessionjar.cluster.local;

import com.sessionjar.InfrastructureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * The storage account that local sessions' queues live in: Azurite's {@value #NAME}, but with a key
 * of its own per home folder instead of the development key Azurite publishes. The key is 64 random
 * bytes, made once and kept in {@value #FILE} under the home, user-only from its creation on; the
 * Azurite that session.jar starts gets it in its environment ({@value #ENVIRONMENT}), never in its
 * arguments. The name stays Azurite's default so that the queues an Azurite started with the
 * development key holds (the account owns them) are still there when it is restarted with this key,
 * and so that a request with the published key is refused (403) rather than sent to another account.
 */
public final class AzuriteAccount {
    /** The account's name: Azurite's default one. */
    public static final String NAME = "devstoreaccount1";
    /** The file under the home folder that holds the key. */
    public static final String FILE = "azurite-account.key";
    /** Azurite's variable naming its accounts and keys ({@code account:key;...}). */
    static final String ENVIRONMENT = "AZURITE_ACCOUNTS";
    private static final int KEY_BYTES = 64;

    private final Path file;
    private final String key;

    private AzuriteAccount(Path file, String key) {
        this.file = file;
        this.key = key;
    }

    /** The account of the home folder {@code home}, its key made now if it has none yet. */
    public static AzuriteAccount of(Path home) {
        Path file = home.resolve(FILE);
        if (!Files.exists(file)) {
            create(file);
        }
        try {
            String key = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("it is empty");
            }
            Base64.getDecoder().decode(key);
            return new AzuriteAccount(file, key);
        } catch (IOException | IllegalArgumentException e) {
            throw new InfrastructureException("Cannot read the local queue account's key from " + file + " (" + e.getMessage()
                    + "): delete it, and session.jar makes a new one", e);
        }
    }

    /**
     * Writes a new key to a user-only file of a unique name, then links it as {@code file}: the link
     * fails if another process made the key meanwhile, so every process ends up with the same key
     * and none ever reads a half-written one.
     */
    private static void create(Path file) {
        LocalState.createDirectories(file.getParent());
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        Path temporary = file.resolveSibling(FILE + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException e) {
            // made by another process meanwhile: that one is the key
        } catch (IOException e) {
            throw new InfrastructureException("Cannot create the local queue account's key " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // a left-over user-only file: harmless
            }
        }
    }

    /** The file holding the key. */
    public Path file() {
        return file;
    }

    /** The connection string of this account in the Azurite on 127.0.0.1:{@code port}: a secret. */
    public String connectionString(int port) {
        return "DefaultEndpointsProtocol=http;AccountName=" + NAME + ";AccountKey=" + key
                + ";QueueEndpoint=http://127.0.0.1:" + port + "/" + NAME + ";";
    }

    /** The value of {@value #ENVIRONMENT} that makes Azurite serve this account with this key, and no other: a secret. */
    public String azuriteAccounts() {
        return NAME + ":" + key;
    }

    @Override
    public String toString() {
        return "AzuriteAccount[" + NAME + ", key in " + file + "]";
    }
}
