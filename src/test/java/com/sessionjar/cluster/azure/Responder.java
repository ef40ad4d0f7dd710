package com.sessionjar.cluster.azure;

/** Answers a request that {@link FakeAzure} routed to it. Called on the server's threads. */
@FunctionalInterface
public interface Responder {
    Reply respond(Recorded request);
}
