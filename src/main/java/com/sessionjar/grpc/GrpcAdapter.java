package com.sessionjar.grpc;

import com.sessionjar.protocol.GrpcSettings;
import com.sessionjar.protocol.GrpcReply;
import com.sessionjar.protocol.GrpcRequest;
import com.sessionjar.service.BadRequestException;
import com.sessionjar.service.Service;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grpc service: forwards each {@link GrpcRequest} as one unary call of raw protobuf bytes to a
 * gRPC server written in any language, and answers with a {@link GrpcReply}; it needs no generated code.
 * A method that answers with more than one message, or none, is a streaming one: its request gets
 * a reply with {@code Error} naming it ({@link OneReplyCall}).
 *
 * <p>Configured by {@code GRPC_ServerURL} and, when the adapter is to start and keep the server
 * running itself, {@code GRPC_ServerFileName} and {@code GRPC_ServerArguments} (see {@link GrpcSettings}).
 *
 * <p><b>Which failures are replies and which are retries.</b> A request the server cannot serve
 * (malformed JSON, a missing key, a payload that is not Base64, {@code UNIMPLEMENTED},
 * {@code INVALID_ARGUMENT}, {@code DEADLINE_EXCEEDED} and every other status the server or the
 * call ends with, a streaming method) gets a reply with {@code Error} set: sending it again would
 * fail again. But {@code UNAVAILABLE}, the server being down or restarting, is a failure of the transport, not of
 * the request, and gRPC calls it transient; so is a connection lost under a call ({@code UNKNOWN:
 * channel closed}, a server that died mid-call) and any failure while the server this adapter runs
 * is down: then {@link #call} throws, so that the worker makes the
 * request visible again and it is served once the server is back (after a pause of
 * {@link #UNAVAILABLE_PAUSE}, so that requests do not bounce at full speed). Nothing is lost; the original
 * answered such requests with an error instead.
 */
public final class GrpcAdapter implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcAdapter.class);
    private static final Duration CHANNEL_CLOSE_GRACE = Duration.ofSeconds(5);
    /** How long a slot waits after UNAVAILABLE before its request goes back to the queue. */
    static final Duration UNAVAILABLE_PAUSE = Duration.ofSeconds(1);

    private final Channel channel;
    private final Duration callTimeout;
    /** The channel when this adapter made it (and so shuts it down); null when it was given one. */
    private final ManagedChannel ownChannel;
    /** The server this adapter started and stops; null when the server is someone else's. */
    private final ServerProcess server;

    /**
     * An adapter that calls through {@code channel} with a deadline of {@code callTimeout} per call.
     * The channel is the caller's: {@link #close()} leaves it open.
     */
    public GrpcAdapter(Channel channel, Duration callTimeout) {
        this(channel, callTimeout, null, null);
    }

    private GrpcAdapter(Channel channel, Duration callTimeout, ManagedChannel ownChannel, ServerProcess server) {
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout (" + callTimeout + ") must be positive");
        }
        this.channel = channel;
        this.callTimeout = callTimeout;
        this.ownChannel = ownChannel;
        this.server = server;
    }

    /**
     * The adapter a worker runs, configured by {@code environment}: when {@code GRPC_ServerFileName}
     * is set, starts that server and waits until it accepts connections.
     *
     * @throws IllegalArgumentException naming the first missing or bad variable
     * @throws IllegalStateException    when the server does not accept connections within {@code GRPC_ServerUpTimeout}
     */
    public static GrpcAdapter fromEnvironment(Map<String, String> environment) {
        GrpcSettings settings = GrpcSettings.fromEnvironment(environment);
        // A channel connects on its first call, so it can be made before the server runs.
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(settings.host(), settings.port(),
                InsecureChannelCredentials.create()).build();
        ServerProcess server = null;
        if (settings.startsServer()) {
            try {
                // Once a restarted server listens, reconnect at once rather than after the channel's back-off.
                server = ServerProcess.start(settings, channel::resetConnectBackoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channel.shutdownNow();
                throw new IllegalStateException("Interrupted while starting gRPC server " + settings.serverCommand().get(0));
            } catch (RuntimeException e) {
                channel.shutdownNow();
                throw e;
            }
        }
        LOG.info("grpc service calls {} with a deadline of {} s per call", settings.serverUrl(),
                settings.callTimeout().toSeconds());
        return new GrpcAdapter(channel, settings.callTimeout(), channel, server);
    }

    /**
     * Makes the call {@code requestJson} asks for and returns the reply's JSON, with {@code Error}
     * set when the call fails.
     *
     * @throws BadRequestException   when the request is malformed (not JSON, no Id, ServiceName or
     *                               MethodName, Payload not Base64): it goes to the poison queue
     * @throws IllegalStateException when the server is unavailable: the request should be tried again later
     * @throws InterruptedException  when the worker is stopping; the call is cancelled
     */
    @Override
    public String call(String requestJson) throws BadRequestException, InterruptedException {
        GrpcRequest request;
        MethodDescriptor<byte[], byte[]> method;
        byte[] payload;
        try {
            request = GrpcRequest.parse(requestJson);
            if (request.id() == null) {
                throw new IllegalArgumentException("The request has no Id");
            }
            method = ByteMarshaller.unaryMethod(required(request.serviceName(), "ServiceName", request),
                    required(request.methodName(), "MethodName", request));
            payload = request.payloadBytes();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        try {
            return GrpcReply.success(request.id(), OneReplyCall.call(channel, method,
                    CallOptions.DEFAULT.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS), payload)).toJson();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OneReplyCall.NotUnaryException streamed) {
                return GrpcReply.failure(request.id(), streamed.getMessage()).toJson();
            }
            Status status = Status.fromThrowable(e.getCause());
            if (lostTransport(status)) {
                // Pause before giving the request back, or every slot would bounce requests between the
                // queue and a server that is down as fast as the queue answers, until it is back.
                Thread.sleep(UNAVAILABLE_PAUSE.toMillis());
                throw new IllegalStateException("gRPC server at " + channel.authority() + " is unavailable"
                        + (server != null && !server.isRunning() ? " (it is being restarted)" : "")
                        + ", so the request goes back to the queue: " + describe(status), e.getCause());
            }
            return GrpcReply.failure(request.id(), describe(status)).toJson();
        }
    }

    /**
     * Whether a call that ended with {@code status} failed for want of the server, not for its
     * request: {@code UNAVAILABLE}; or the connection lost under the call ({@code UNKNOWN: channel
     * closed}), as when the server dies mid-call; or the server this adapter runs is not running.
     */
    private boolean lostTransport(Status status) {
        return status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.UNKNOWN && "channel closed".equals(status.getDescription())
                || server != null && !server.isRunning();
    }

    /** A reply with {@code Error} set to {@code reason}, answering the request's Id if it has one. */
    @Override
    public String errorReply(String requestJson, String reason) {
        return GrpcReply.failure(GrpcRequest.idIn(requestJson), reason).toJson();
    }

    /** Shuts the channel down, if it is this adapter's, and stops the server, if this adapter started it. */
    @Override
    public void close() {
        if (ownChannel != null) {
            ownChannel.shutdownNow();
            try {
                ownChannel.awaitTermination(CHANNEL_CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    private static String required(String value, String key, GrpcRequest request) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Request " + request.id() + " has no " + key);
        }
        return value;
    }

    /** {@code CODE: description}, e.g. {@code UNIMPLEMENTED: Method not found: helloworld.Greeter/Nope}. */
    private static String describe(Status status) {
        return status.getDescription() == null ? status.getCode().toString()
                : status.getCode() + ": " + status.getDescription();
    }
}
