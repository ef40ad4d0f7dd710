package com.sessionjar.grpc;

import com.sessionjar.protocol.hello.GreeterGrpc;
import com.sessionjar.protocol.hello.HelloReply;
import com.sessionjar.protocol.hello.HelloRequest;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample gRPC server, the original's GRpcHello: {@code helloworld.Greeter/SayHello} replies
 * {@code "Hello " + name}, over HTTP/2 without TLS, on 127.0.0.1 only.
 *
 * <p>The build also packs it as the executable file {@code target/GRpcHello}, for
 * {@code GRPC_ServerFileName}: {@code GRpcHello [--port N]}.
 */
public final class HelloServer {
    /** The port the original's GRpcHello listens on. */
    public static final int DEFAULT_PORT = 8080;

    private static final Logger LOG = LoggerFactory.getLogger(HelloServer.class);
    private static final String HOST = "127.0.0.1";
    private static final long STOP_GRACE_SECONDS = 5;

    private final Server server;

    private HelloServer(Server server) {
        this.server = server;
    }

    /**
     * Starts a server on {@code port} of 127.0.0.1; port 0 picks a free one (see {@link #port()}).
     *
     * @throws IOException when the port cannot be bound
     */
    public static HelloServer start(int port) throws IOException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port (" + port + ") must be from 0 to 65535");
        }
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(HOST, port), InsecureServerCredentials.create())
                .addService(new Greeter())
                .build()
                .start();
        LOG.info("GRpcHello listening on {}:{}", HOST, server.getPort());
        return new HelloServer(server);
    }

    /** The port the server listens on. */
    public int port() {
        return server.getPort();
    }

    /** Stops taking calls, lets the calls in flight finish for a few seconds, then cancels the rest. */
    public void stop() throws InterruptedException {
        server.shutdown();
        if (!server.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
            server.shutdownNow().awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Blocks until the server has stopped; the gRPC library's threads are daemons, so main must wait here. */
    public void blockUntilShutdown() throws InterruptedException {
        server.awaitTermination();
    }

    /** {@code GRpcHello [--port N]}: serves until SIGTERM or Ctrl-C; exits 2 on a bad argument, 1 if it cannot listen. */
    public static void main(String[] args) throws InterruptedException {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        int port;
        try {
            port = port(args);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; usage: GRpcHello [--port N]", e.getMessage());
            System.exit(2);
            return;
        }
        HelloServer hello;
        try {
            hello = start(port);
        } catch (IOException e) {
            LOG.error("Cannot listen on {}:{}: {}", HOST, port, e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                hello.stop();
                LOG.info("GRpcHello stopped");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "grpc-hello-stop"));
        hello.blockUntilShutdown();
    }

    /** The port named by {@code --port N} or {@code --port=N}, else {@link #DEFAULT_PORT}. */
    static int port(String[] args) {
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            String value;
            if (args[i].startsWith("--port=")) {
                value = args[i].substring("--port=".length());
            } else if (args[i].equals("--port") && i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("Unknown or incomplete argument '" + args[i] + "'");
            }
            try {
                port = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                port = -1; // reported below, with the range
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--port (" + value + ") must be a number from 0 to 65535");
            }
        }
        return port;
    }

    /** The Greeter service itself. */
    private static final class Greeter extends GreeterGrpc.GreeterImplBase {
        @Override
        public void sayHello(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
            responseObserver.onNext(HelloReply.newBuilder().setMessage("Hello " + request.getName()).build());
            responseObserver.onCompleted();
        }
    }
}
