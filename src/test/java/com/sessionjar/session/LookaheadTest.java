package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LookaheadTest {
    @Test
    void readsEveryMessage_inOrder_thenEnds() {
        try (Lookahead lookahead = new Lookahead(List.of("a", "b", "c").iterator(), 2)) {
            assertEquals("a", lookahead.next());
            assertEquals("b", lookahead.next());
            assertEquals("c", lookahead.next());
            assertFalse(lookahead.hasNext());
            assertTrue(lookahead.ready(), "the end is at hand too");
        }
    }

    @Test
    void ready_saysNo_whileTheInputKeepsItsNextMessage() throws Exception {
        CountDownLatch more = new CountDownLatch(1);
        Iterator<String> stalling = new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                if (n == 1) {
                    try {
                        more.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return n < 2;
            }

            @Override
            public String next() {
                return "m" + n++;
            }
        };
        try (Lookahead lookahead = new Lookahead(stalling, 4)) {
            assertEquals("m0", lookahead.next());
            assertFalse(lookahead.ready());
            more.countDown();
            assertEquals("m1", lookahead.next());
            assertFalse(lookahead.hasNext());
        }
    }

    @Test
    void aFailedRead_isThrownToTheTaker() {
        IllegalStateException failure = new IllegalStateException("stdin is gone");
        Iterator<String> failing = new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw failure;
            }

            @Override
            public String next() {
                throw failure;
            }
        };
        try (Lookahead lookahead = new Lookahead(failing, 4)) {
            assertSame(failure, assertThrows(IllegalStateException.class, lookahead::hasNext));
        }
    }
}
