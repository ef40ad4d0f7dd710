package com.sessionjar.service;

import java.time.Duration;

/** The echo service: the reply is the request text, unchanged, optionally after a fixed delay. */
public final class EchoService implements Service {
    private final Duration delay;

    /** An echo service that answers after {@code delay} (zero: at once), to stand in for real work. */
    public EchoService(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay (" + delay + ") must not be negative");
        }
        this.delay = delay;
    }

    @Override
    public String call(String request) throws InterruptedException {
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        return request;
    }
}
