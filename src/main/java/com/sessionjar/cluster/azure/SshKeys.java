package com.sessionjar.cluster.azure;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * The SSH public key a Linux scale set must be given. Azure requires one (or a password), but nodes
 * have no public IP and nobody logs in, so the private key is made and thrown away at once.
 */
final class SshKeys {
    /** The comment at the end of the key line, which says where the key came from. */
    static final String COMMENT = "sessionjar-node";
    private static final String TYPE = "ssh-rsa";

    private SshKeys() {
    }

    /** A fresh RSA 3072 public key as an OpenSSH line: {@code ssh-rsa <base64> sessionjar-node}. */
    static String newPublicKey() {
        KeyPairGenerator generator;
        try {
            generator = KeyPairGenerator.getInstance("RSA");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM cannot make RSA keys", e);
        }
        generator.initialize(3072);
        RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
        return TYPE + " " + Base64.getEncoder().encodeToString(wireFormat(key)) + " " + COMMENT;
    }

    /** RFC 4253 section 6.6: string "ssh-rsa", mpint e, mpint n. */
    private static byte[] wireFormat(RSAPublicKey key) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeBlob(out, TYPE.getBytes(StandardCharsets.US_ASCII));
            writeMpint(out, key.getPublicExponent());
            writeMpint(out, key.getModulus());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    // BigInteger.toByteArray is two's complement, big-endian, with a leading zero byte when the top
    // bit is set: exactly an SSH mpint's body for a positive number.
    private static void writeMpint(DataOutputStream out, BigInteger value) throws IOException {
        writeBlob(out, value.toByteArray());
    }

    private static void writeBlob(DataOutputStream out, byte[] blob) throws IOException {
        out.writeInt(blob.length);
        out.write(blob);
    }
}
