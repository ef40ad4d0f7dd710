package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SendOptionsTest {
    @Test
    void pack_isOneByDefault_andFromOneTo32() {
        assertEquals(1, SendOptions.DEFAULT.pack());
        assertEquals(32, SendOptions.DEFAULT.withPack(32).pack());
        assertEquals("pack (0) must be from 1 to 32",
                assertThrows(IllegalArgumentException.class, () -> SendOptions.DEFAULT.withPack(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SendOptions.DEFAULT.withPack(33));
    }

    @Test
    void pack_withPlain_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> SendOptions.DEFAULT.withPack(8).withPlain(true));
        assertEquals(1, SendOptions.DEFAULT.withPlain(true).withPack(1).pack());
    }

    @Test
    void withers_keepThePack() {
        SendOptions packed = SendOptions.DEFAULT.withPack(8);
        assertEquals(8, packed.withWindow(100).withTimeout(java.time.Duration.ofSeconds(5)).withPlain(false).pack());
    }
}
