package com.sessionjar.cluster.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * An HTTPS server on 127.0.0.1 that answers as Azure Resource Manager and the storage services do, for contract
 * tests of code that uses the real Azure SDK clients. Tests register {@link Responder}s by method and path
 * ({@link #on}); everything received is recorded ({@link #requests()}); a request no route matches gets 501 and is
 * listed in {@link #unexpected()}.
 *
 * <p>Routing: the route registered <em>last</em> that matches wins, so a test can register defaults first and
 * override them later. Paths are matched whole (regex {@code matches}), case-sensitively, without the query
 * string. The SDKs differ in case: resource groups go to {@code /subscriptions/<id>/resourcegroups/<name>}, resources
 * in them to {@code .../resourceGroups/<name>/providers/...}; start a regex with {@code (?i)} to match either.
 *
 * <pre>{@code
 * try (FakeAzure fake = FakeAzure.start()) {
 *     ResourceManager resources = ResourceManager.configure()
 *             .withHttpClient(fake.httpClient())
 *             .authenticate(fake.credential(), fake.profile(tenantId, subscriptionId))
 *             .withSubscription(subscriptionId);
 *     fake.on("PUT", "/subscriptions/" + subscriptionId + "/resourcegroups/rg-1",
 *             Responders.json(201, ArmExamples.example("CreateResourceGroup.json", 201, b -> b.put("name", "rg-1"))));
 *     resources.resourceGroups().define("rg-1").withRegion(Region.US_EAST).create();
 *     assertEquals("eastus", fake.requests("PUT", ".*rg-1").get(0).json().path("location").asText());
 *     assertEquals(List.of(), fake.unexpected());
 * }
 * }</pre>
 *
 * <p>The server owns its threads and its throw-away certificate; {@link #close} stops the one and deletes the other.
 */
public final class FakeAzure implements AutoCloseable {
    /** The access token {@link #credential()} hands out; never a real one. */
    public static final String FAKE_TOKEN = "fake-access-token-for-tests";

    /** The header {@link #storageHttpClient()} adds: the storage host a request was meant for. */
    public static final String ORIGINAL_HOST = "x-fake-azure-original-host";

    private record Route(String method, Pattern path, Responder responder) { }

    private final FakeTls tls;
    private final HttpsServer server;
    private final ExecutorService threads;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<Recorded> unexpected = new CopyOnWriteArrayList<>();
    private final List<List<String>> tokenRequests = new CopyOnWriteArrayList<>();
    private final LongRunningOperations operations;
    private volatile HttpClient httpClient;

    private FakeAzure(FakeTls tls) throws IOException {
        this.tls = tls;
        this.threads = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "fake-azure");
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        this.operations = new LongRunningOperations(this::baseUrl);
    }

    /** Makes a certificate and starts a server on a free port of 127.0.0.1. */
    public static FakeAzure start() {
        FakeTls tls = FakeTls.generate();
        try {
            FakeAzure fake = new FakeAzure(tls);
            fake.server.start();
            return fake;
        } catch (IOException | RuntimeException e) {
            tls.delete();
            throw new IllegalStateException("could not start the fake Azure server", e);
        }
    }

    /** {@code https://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * The real azure-core Netty client, trusting exactly this server's certificate (and so no other server), so
     * SDK traffic really goes over TLS to this server. One instance per server; nothing to close.
     */
    public HttpClient httpClient() {
        HttpClient client = httpClient;
        if (client == null) {
            try {
                SslContext ssl = SslContextBuilder.forClient().trustManager(tls.certificate()).build();
                reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create()
                        .secure(spec -> spec.sslContext(ssl));
                client = new NettyAsyncHttpClientBuilder(netty).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            httpClient = client;
        }
        return client;
    }

    /**
     * {@link #httpClient()} for the storage data-plane clients, which address an account by host
     * ({@code https://<account>.file.core.windows.net/<share>/...}, as ARM's primaryEndpoints give them): this client
     * sends requests for any {@code *.core.windows.net} host to this server instead, with the host they were for in
     * the header {@value #ORIGINAL_HOST}, and changes nothing else (the signature was made before, on the real URL).
     *
     * <p>Why not an IP-style endpoint ({@code https://127.0.0.1:<port>/<account>})? azure-storage-file-share 12.29's
     * builders keep only {@code URL.getProtocol() + "://" + URL.getHost()} of an endpoint: port and account path are
     * dropped, so requests would go to 127.0.0.1:443 as {@code /<share>}.
     */
    public HttpClient storageHttpClient() {
        HttpClient inner = httpClient();
        return new HttpClient() {
            @Override
            public Mono<HttpResponse> send(HttpRequest request) {
                return inner.send(toUs(request));
            }

            @Override
            public Mono<HttpResponse> send(HttpRequest request, Context context) {
                return inner.send(toUs(request), context);
            }

            @Override
            public HttpResponse sendSync(HttpRequest request, Context context) {
                return inner.sendSync(toUs(request), context);
            }
        };
    }

    private HttpRequest toUs(HttpRequest request) {
        URL url = request.getUrl();
        if (url.getHost().endsWith(".core.windows.net")) {
            try {
                request.setHeader(HttpHeaderName.fromString(ORIGINAL_HOST), url.getHost());
                request.setUrl(new URL("https", "127.0.0.1", server.getAddress().getPort(), url.getFile()));
            } catch (MalformedURLException e) {
                throw new IllegalStateException("cannot send " + url + " to " + baseUrl(), e);
            }
        }
        return request;
    }

    /**
     * Azure's public cloud with Resource Manager at this server. The management endpoint (the token audience,
     * never called) stays the public cloud's; only the resource manager URL is one the SDK sends requests to.
     */
    public AzureEnvironment environment() {
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put(AzureEnvironment.Endpoint.RESOURCE_MANAGER.identifier(), baseUrl() + "/");
        return new AzureEnvironment(endpoints);
    }

    /** A profile for {@link #environment()}. */
    public AzureProfile profile(String tenantId, String subscriptionId) {
        return new AzureProfile(tenantId, subscriptionId, environment());
    }

    /** A credential that hands out {@link #FAKE_TOKEN} and records the scopes of each request. */
    public TokenCredential credential() {
        return request -> {
            tokenRequests.add(List.copyOf(request.getScopes()));
            return Mono.just(new AccessToken(FAKE_TOKEN, OffsetDateTime.now().plusHours(1)));
        };
    }

    /** The scopes of each token the credential was asked for, in order. */
    public List<List<String>> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    /** Routes {@code method} (exact, any case) and a path matching {@code pathRegex} to a responder. */
    public FakeAzure on(String method, String pathRegex, Responder responder) {
        routes.add(new Route(method.toUpperCase(Locale.ROOT), Pattern.compile(pathRegex), responder));
        return this;
    }

    /**
     * A long-running create: {@code method} on the path answers {@code status} with Azure-AsyncOperation and
     * Location headers; the operation reports InProgress {@code pollsInProgress} times, then Succeeded; a GET of
     * the same path (the SDK's final GET for a PUT) answers 200 with {@code finalBody}.
     */
    public FakeAzure onLongRunning(String method, String pathRegex, int status, String initialBody,
            int pollsInProgress, String finalBody) {
        on("GET", pathRegex, Responders.json(200, finalBody));
        return on(method, pathRegex, longRunning(status, initialBody, pollsInProgress, finalBody));
    }

    /** See {@link LongRunningOperations#start}. */
    public Responder longRunning(int status, String initialBody, int pollsInProgress, String finalBody) {
        return operations.start(status, initialBody, pollsInProgress, finalBody);
    }

    /** See {@link LongRunningOperations#startFailing}: an operation that ends Failed with ARM error {@code code}. */
    public Responder longRunningFailure(int status, String initialBody, int pollsInProgress, String code, String message) {
        return operations.startFailing(status, initialBody, pollsInProgress, code, message);
    }

    /** See {@link LongRunningOperations#startDelete}. */
    public Responder deleteLongRunning(int pollsInProgress) {
        return operations.startDelete(pollsInProgress);
    }

    /** See {@link LongRunningOperations#startWithLocation}. */
    public Responder locationLongRunning(int pollsInProgress, String finalBody) {
        return operations.startWithLocation(pollsInProgress, finalBody);
    }

    /**
     * The Retry-After, in seconds, sent with an operation's answers; 1 by default. azure-core takes 0 to mean
     * "none" and then waits its default poll interval (30 s for the resource managers), so 0 omits the header.
     */
    public FakeAzure pollRetryAfter(int seconds) {
        operations.retryAfterSeconds(seconds);
        return this;
    }

    /** Every request received, in order of arrival. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The requests with this method whose path matches {@code pathRegex}. */
    public List<Recorded> requests(String method, String pathRegex) {
        Pattern path = Pattern.compile(pathRegex);
        return requests.stream()
                .filter(r -> r.method().equalsIgnoreCase(method) && path.matcher(r.path()).matches())
                .toList();
    }

    /** Requests no route matched (answered 501) or whose responder threw (answered 500). */
    public List<Recorded> unexpected() {
        return List.copyOf(unexpected);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            tls.delete();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Recorded request = record(exchange);
            requests.add(request);
            send(exchange, request, answer(request));
        }
    }

    private Reply answer(Recorded request) {
        try {
            if (operations.handles(request.path())) {
                return operations.poll(request);
            }
            for (int i = routes.size() - 1; i >= 0; i--) {
                Route route = routes.get(i);
                if (route.method().equals(request.method()) && route.path().matcher(request.path()).matches()) {
                    return route.responder().respond(request);
                }
            }
            // An ARM error body, so the SDK raises its usual exception (ManagementException) with this message.
            unexpected.add(request);
            return Responders.jsonReply(501, Responders.armErrorBody("FakeAzureNoRoute",
                    "FakeAzure has no route for " + request + "; register one with on(method, path, responder)"));
        } catch (RuntimeException e) {
            // 500 is one the SDK retries: a throwing responder shows up several times in requests().
            unexpected.add(request);
            return Responders.jsonReply(500, Responders.armErrorBody("FakeAzureResponderFailed",
                    "the responder for " + request + " threw " + e));
        }
    }

    private static Recorded record(HttpExchange exchange) throws IOException {
        byte[] content = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return new Recorded(Instant.now(), exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                exchange.getRequestURI().getPath(), query(exchange.getRequestURI().getRawQuery()), headers, content);
    }

    /** The query's parameters, decoded; a parameter given twice keeps its last value. */
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void send(HttpExchange exchange, Recorded request, Reply reply) throws IOException {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean noBody = request.method().equals("HEAD") || reply.status() == 204 || reply.status() == 304
                || reply.content().length == 0;
        if (noBody) {
            // -1: no body follows (the JDK server sends Content-length: 0 except for HEAD).
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), reply.content().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.content());
        }
    }

    /** For assertion messages: every request received, one a line. */
    public String describeRequests() {
        return String.join("\n", requests.stream().map(Recorded::toString).toList());
    }
}
