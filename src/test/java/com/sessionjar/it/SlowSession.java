package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.protocol.StatsFile;
import java.util.concurrent.TimeUnit;

/** A local session of one slow echo worker (about 10 requests a second), and runs of it cut short by SIGINT. */
final class SlowSession {
    private SlowSession() {
    }

    /** Creates the session in {@code sessions}; returns its id. */
    static String create(LocalSessionsExtension sessions) throws Exception {
        return sessions.create("slow.json", "{\"EnvironmentVariables\": ["
                + "{\"Name\": \"ECHO_Delay\", \"Value\": \"100\"}, {\"Name\": \"Worker__Concurrency\", \"Value\": \"1\"}]}");
    }

    /** Starts the jar with {@code args}, sends it SIGINT once session {@code id}'s worker has processed 5 requests, and checks it exits 130. */
    static Result interrupted(LocalSessionsExtension sessions, String id, String... args) throws Exception {
        Process send = sessions.jar().start(args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stats(sessions, id).processed() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(send.pid())).start().waitFor());
        assertTrue(send.waitFor(30, TimeUnit.SECONDS), "the send ends soon after the signal");
        Result result = SessionJar.result(send);
        assertEquals(130, result.exitCode(), result::toString);
        return result;
    }

    /** The counters of session {@code id}'s worker, as its stats file has them (none before its first). */
    static StatsFile.Requests stats(LocalSessionsExtension sessions, String id) throws Exception {
        return StatsFile.read(sessions.jar().sessionDirectory(id).resolve(StatsFile.fileName(1)))
                .map(StatsFile.Stats::requests).orElse(StatsFile.Requests.NONE);
    }
}
