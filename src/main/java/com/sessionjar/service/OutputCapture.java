package com.sessionjar.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one output stream of a program to its end on a thread of its own, keeping the first
 * {@code limit} bytes and draining the rest, so that the program never blocks on a full pipe.
 * The stream is this capture's: it closes it when done.
 */
final class OutputCapture implements Runnable {
    private final InputStream in;
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean truncated;

    OutputCapture(InputStream in, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit (" + limit + ") must not be negative");
        }
        this.in = in;
        this.limit = limit;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                keep(buffer, n);
            }
        } catch (IOException e) {
            // The stream was closed under the reader (the program was killed): what was read stands.
        }
    }

    private synchronized void keep(byte[] bytes, int n) {
        int room = limit - kept.size();
        if (n > room) {
            truncated = true;
        }
        kept.write(bytes, 0, Math.min(n, room));
    }

    /** What has been kept so far; callable while the capture still runs. */
    synchronized CapturedText text() {
        return new CapturedText(kept.toString(StandardCharsets.UTF_8), truncated);
    }
}
