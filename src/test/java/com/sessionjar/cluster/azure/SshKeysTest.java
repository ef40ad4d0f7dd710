package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SshKeysTest {
    @Test
    void newPublicKey_isAnOpenSshRsaLineWithTheSessionJarComment() {
        String[] parts = SshKeys.newPublicKey().split(" ");

        assertEquals(3, parts.length);
        assertEquals("ssh-rsa", parts[0]);
        assertTrue(parts[1].matches("[A-Za-z0-9+/]+=*"), parts[1]);
        assertEquals("sessionjar-node", parts[2]);
    }

    @Test
    void newPublicKey_decodesToAValid3072BitRsaPublicKey() throws Exception {
        ByteBuffer wire = ByteBuffer.wrap(Base64.getDecoder().decode(SshKeys.newPublicKey().split(" ")[1]));

        assertEquals("ssh-rsa", new String(blob(wire), StandardCharsets.US_ASCII));
        BigInteger e = mpint(wire);
        BigInteger n = mpint(wire);
        assertEquals(0, wire.remaining(), "bytes after n");
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(n, e));
        assertEquals(3072, key.getModulus().bitLength());
        assertEquals(BigInteger.valueOf(65537), key.getPublicExponent());
        assertTrue(n.testBit(0), "an RSA modulus is odd");
    }

    @Test
    void newPublicKey_twoCalls_giveDifferentKeys() {
        assertNotEquals(SshKeys.newPublicKey(), SshKeys.newPublicKey());
    }

    /** An SSH mpint: positive, minimal, two's complement (a leading zero only when the top bit is set). */
    private static BigInteger mpint(ByteBuffer wire) {
        byte[] bytes = blob(wire);
        assertTrue(bytes.length > 0 && bytes[0] >= 0, "mpint must be positive");
        assertTrue(bytes.length == 1 || bytes[0] != 0 || bytes[1] < 0, "mpint must be minimal");
        return new BigInteger(bytes);
    }

    private static byte[] blob(ByteBuffer wire) {
        byte[] bytes = new byte[wire.getInt()];
        wire.get(bytes);
        return bytes;
    }
}
