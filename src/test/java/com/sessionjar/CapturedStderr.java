package com.sessionjar;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What an action writes to {@code System.err} (slf4j-simple's log lines among it), for tests. */
public final class CapturedStderr {
    private CapturedStderr() {
    }

    /** Runs {@code action} with {@code System.err} captured, and returns what it wrote. */
    public static String of(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
