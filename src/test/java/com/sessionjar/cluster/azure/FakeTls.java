package com.sessionjar.cluster.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away key pair and self-signed certificate for {@link FakeAzure}, made by the JDK's keytool in a
 * temporary directory (CN=localhost, SAN ip:127.0.0.1 and dns:localhost). Nothing is committed; {@link #delete}
 * removes the directory.
 */
final class FakeTls {
    private static final String ALIAS = "fake-azure";

    private final Path directory;
    private final SSLContext serverContext;
    private final X509Certificate certificate;

    private FakeTls(Path directory, SSLContext serverContext, X509Certificate certificate) {
        this.directory = directory;
        this.serverContext = serverContext;
        this.certificate = certificate;
    }

    /** Runs keytool for a new EC key and loads it as a server SSLContext. */
    static FakeTls generate() {
        Path directory;
        try {
            directory = Files.createTempDirectory("fake-azure-tls");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        char[] password = HexFormat.of().formatHex(secret).toCharArray();
        Path keyStore = directory.resolve("fake-azure.p12");
        try {
            keytool(keyStore, new String(password));
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                store.load(in, password);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new FakeTls(directory, context, (X509Certificate) store.getCertificate(ALIAS));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            deleteTree(directory);
            throw new IllegalStateException("could not make a certificate for the fake Azure server in " + directory, e);
        }
    }

    private static void keytool(Path keyStore, String password) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", password, "-keypass", password);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while waiting for keytool", e);
        }
    }

    /** The server side: our key and certificate. */
    SSLContext serverContext() {
        return serverContext;
    }

    /** The certificate a client must trust, and the only one it should. */
    X509Certificate certificate() {
        return certificate;
    }

    void delete() {
        deleteTree(directory);
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + directory, e);
        }
    }
}
