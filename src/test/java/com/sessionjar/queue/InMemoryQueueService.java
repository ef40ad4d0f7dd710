package com.sessionjar.queue;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.common.policy.RequestRetryOptions;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * A test-only Azure Queue service held in memory, served through the azure-core {@link HttpClient}
 * interface, so the real SDK (and {@link MessageQueue}) can be driven through hundreds of thousands
 * of calls in seconds, without Azurite or a socket.
 *
 * <p>It speaks the Queue service REST API in Azurite's path style
 * ({@code http://127.0.0.1:10001/devstoreaccount1/queue/messages}): create, delete, get properties
 * and set metadata of a queue; list queues; put, get, peek, delete, update and clear messages; with
 * Azure's XML bodies, status codes, error codes ({@code x-ms-error-code} and the {@code <Error>}
 * body) and the headers {@code x-ms-request-id}, {@code x-ms-version} and {@code Date}. Visibility
 * timeouts, pop receipts, dequeue counts and message time-to-live are honoured; authorization
 * headers are ignored. Anything else is answered 400 {@code InvalidUri} and counted as
 * {@link Operation#UNSUPPORTED}.
 *
 * <p>Thread-safe: each queue has its own lock. Time comes from the {@link Clock} given, so a test
 * may move it by hand.
 */
public final class InMemoryQueueService implements HttpClient {
    /** The account name of Azurite's development account, the only one the connection string names. */
    public static final String ACCOUNT = "devstoreaccount1";
    /**
     * Azurite's development account key, published in its README. The product keeps its own copy in
     * the cluster's local provider, which the queue layer may not import.
     */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /** The queue endpoint named in {@link #connectionString()}; nothing listens there. */
    public static final String ENDPOINT = "http://127.0.0.1:10001/" + ACCOUNT;

    /** The REST operations this service tells apart, for {@link #requestCount}. */
    public enum Operation {
        CREATE_QUEUE, DELETE_QUEUE, GET_QUEUE_PROPERTIES, SET_QUEUE_METADATA, LIST_QUEUES,
        PUT_MESSAGE, GET_MESSAGES, PEEK_MESSAGES, DELETE_MESSAGE, UPDATE_MESSAGE, CLEAR_MESSAGES,
        /** A request this service does not implement (answered 400 InvalidUri). */
        UNSUPPORTED
    }

    static final long MAX_VISIBILITY_SECONDS = 7 * 24 * 3600;
    static final long DEFAULT_TTL_SECONDS = 7 * 24 * 3600;
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** 9999-12-31T23:59:59Z: the expiration time Azure reports for a message that never expires. */
    static final long NEVER = 253402300799000L;
    /** Azure's rule for queue names: 3-63 of a-z, 0-9 and single hyphens, starting and ending alphanumeric. */
    private static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    private static final String META_PREFIX = "x-ms-meta-";

    private final Clock clock;
    private final Map<String, InMemoryQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, Function<String, Map.Entry<String, String>>> responders = new ConcurrentHashMap<>();
    private final Map<Operation, LongAdder> counts = new EnumMap<>(Operation.class);
    /** The largest message text put (or refused for its size), in UTF-8 bytes. */
    final LongAccumulator largestMessage = new LongAccumulator(Math::max, 0);
    private volatile boolean staleReceiptIsMessageNotFound;

    /** A service on the system clock. */
    public InMemoryQueueService() {
        this(Clock.systemUTC());
    }

    /** A service whose visibility timeouts and message lifetimes follow {@code clock}. */
    public InMemoryQueueService(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Operation operation : Operation.values()) {
            counts.put(operation, new LongAdder());
        }
    }

    /**
     * Answers a pop receipt that no longer matches an existing message with 404 MessageNotFound, as
     * the cloud service does in practice, instead of the documented 400 PopReceiptMismatch that
     * Azurite answers (the default). Returns this service.
     */
    public InMemoryQueueService answerStaleReceiptsWithMessageNotFound() {
        staleReceiptIsMessageNotFound = true;
        return this;
    }

    /** Azurite's connection string for the development account, pointing at {@link #ENDPOINT}. */
    public static String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";QueueEndpoint=" + ENDPOINT + ";";
    }

    /** An account whose every request is served by this service, with the product's retry policy. */
    public QueueAccount account() {
        return account(QueueAccount.RETRIES);
    }

    /** The queue {@code name} of {@link #account()}, created. */
    public MessageQueue createdQueue(String name) {
        MessageQueue queue = account().queue(name);
        queue.createIfNotExists();
        return queue;
    }

    /** An account whose every request is served by this service and follows {@code retryOptions}. */
    public QueueAccount account(RequestRetryOptions retryOptions) {
        return QueueAccount.fromConnectionString(connectionString(), retryOptions, List.of(), this);
    }

    /** How many requests of {@code operation} were served (failed ones included) since the last reset. */
    public long requestCount(Operation operation) {
        return counts.get(operation).sum();
    }

    /** The number of requests served per operation, for every operation seen at least once. */
    public Map<Operation, Long> requestCounts() {
        Map<Operation, Long> snapshot = new EnumMap<>(Operation.class);
        counts.forEach((operation, count) -> {
            long n = count.sum();
            if (n > 0) {
                snapshot.put(operation, n);
            }
        });
        return snapshot;
    }

    /** The number of requests served in all. */
    public long totalRequests() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The largest message text put on any queue so far, refused ones included, in UTF-8 bytes. */
    public long largestMessageBytes() {
        return largestMessage.get();
    }

    /** Sets every request count back to zero. */
    public void resetRequestCounts() {
        counts.values().forEach(LongAdder::reset);
    }

    /** The names of the development account's queues, sorted. */
    public List<String> queueNames() {
        List<String> names = new ArrayList<>();
        queues.keySet().forEach(key -> {
            if (key.startsWith(ACCOUNT + "/")) {
                names.add(key.substring(ACCOUNT.length() + 1));
            }
        });
        Collections.sort(names);
        return names;
    }

    /** The number of unexpired messages in the development account's queue {@code name}, visible or not. */
    public int messageCount(String name) {
        InMemoryQueue queue = queues.get(ACCOUNT + "/" + name);
        if (queue == null) {
            throw new IllegalArgumentException("No queue " + name);
        }
        synchronized (queue) {
            return queue.size(clock.millis());
        }
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.fromCallable(() -> serve(request));
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return send(request);
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        return serve(request);
    }

    private HttpResponse serve(HttpRequest request) {
        InMemoryExchange exchange = new InMemoryExchange(request, clock.millis());
        URL url = request.getUrl();
        String path = url.getPath();
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
            }
        }
        Map<String, String> query = parseQuery(url.getQuery());
        if (segments.isEmpty()) {
            return unsupported(exchange);
        }
        String account = segments.get(0);
        exchange.serviceEndpoint = url.getProtocol() + "://" + url.getAuthority() + "/" + account;
        HttpMethod method = request.getHttpMethod();
        String comp = query.get("comp");
        switch (segments.size()) {
            case 1:
                if (method == HttpMethod.GET && "list".equals(comp)) {
                    return count(Operation.LIST_QUEUES, exchange, () -> InMemoryOperations.listQueues(this, exchange, account, query));
                }
                return unsupported(exchange);
            case 2: {
                String key = account + "/" + segments.get(1);
                if (method == HttpMethod.PUT && comp == null) {
                    return count(Operation.CREATE_QUEUE, exchange, () -> createQueue(exchange, key, segments.get(1)));
                }
                if (method == HttpMethod.DELETE && comp == null) {
                    return count(Operation.DELETE_QUEUE, exchange, () -> deleteQueue(exchange, key));
                }
                if ((method == HttpMethod.GET || method == HttpMethod.HEAD) && "metadata".equals(comp)) {
                    return count(Operation.GET_QUEUE_PROPERTIES, exchange, () -> withQueue(exchange, key,
                            queue -> exchange.properties(queue.size(exchange.now), queue.metadata())));
                }
                if (method == HttpMethod.PUT && "metadata".equals(comp)) {
                    Map<String, String> metadata = metadataOf(request);
                    return count(Operation.SET_QUEUE_METADATA, exchange, () -> withQueue(exchange, key, queue -> {
                        queue.setMetadata(metadata);
                        return exchange.reply(204);
                    }));
                }
                return unsupported(exchange);
            }
            case 3:
                if (!"messages".equals(segments.get(2))) {
                    return unsupported(exchange);
                }
                return messages(exchange, account + "/" + segments.get(1), method, query);
            case 4:
                if (!"messages".equals(segments.get(2))) {
                    return unsupported(exchange);
                }
                return message(exchange, account + "/" + segments.get(1), segments.get(3), method, query);
            default:
                return unsupported(exchange);
        }
    }

    private HttpResponse messages(InMemoryExchange exchange, String key, HttpMethod method, Map<String, String> query) {
        if (method == HttpMethod.POST) {
            return count(Operation.PUT_MESSAGE, exchange, () -> InMemoryOperations.putMessage(this, exchange, key, query));
        }
        if (method == HttpMethod.GET && "true".equalsIgnoreCase(query.get("peekonly"))) {
            return count(Operation.PEEK_MESSAGES, exchange, () -> InMemoryOperations.peekMessages(this, exchange, key, query));
        }
        if (method == HttpMethod.GET) {
            return count(Operation.GET_MESSAGES, exchange, () -> InMemoryOperations.getMessages(this, exchange, key, query));
        }
        if (method == HttpMethod.DELETE) {
            return count(Operation.CLEAR_MESSAGES, exchange, () -> withQueue(exchange, key, queue -> {
                queue.clear();
                return exchange.reply(204);
            }));
        }
        return unsupported(exchange);
    }

    private HttpResponse message(InMemoryExchange exchange, String key, String id, HttpMethod method, Map<String, String> query) {
        if (method == HttpMethod.DELETE) {
            return count(Operation.DELETE_MESSAGE, exchange, () -> InMemoryOperations.deleteMessage(this, exchange, key, id, query));
        }
        if (method == HttpMethod.PUT) {
            return count(Operation.UPDATE_MESSAGE, exchange, () -> InMemoryOperations.updateMessage(this, exchange, key, id, query));
        }
        return unsupported(exchange);
    }

    private HttpResponse createQueue(InMemoryExchange exchange, String key, String name) {
        if (!QUEUE_NAME.matcher(name).matches()) {
            return exchange.error(400, "InvalidResourceName", "The specifed resource name contains invalid characters.");
        }
        Map<String, String> metadata = metadataOf(exchange.request);
        while (true) {
            InMemoryQueue existing = queues.get(key);
            if (existing == null) {
                if (queues.putIfAbsent(key, new InMemoryQueue(name, metadata)) == null) {
                    return exchange.reply(201);
                }
                continue;
            }
            synchronized (existing) {
                if (existing.deleted) {
                    continue; // deleted (and unmapped) since we looked it up
                }
                if (existing.metadata().equals(metadata)) {
                    return exchange.reply(204);
                }
            }
            return exchange.error(409, "QueueAlreadyExists", "The specified queue already exists.");
        }
    }

    private HttpResponse deleteQueue(InMemoryExchange exchange, String key) {
        return withQueue(exchange, key, queue -> {
            queue.deleted = true;
            queues.remove(key, queue);
            return exchange.reply(204);
        });
    }

    /** Runs {@code action} on the queue {@code key} under its lock, or answers 404 QueueNotFound. */
    /**
     * Makes the queue {@code name} answer each message put on it at once, in place of a worker:
     * {@code responder} turns the message's text into the reply's queue name (key) and text
     * (value), the reply is put on that queue if it exists, and the message itself is not kept.
     * For tests of a client at a rate no real worker and queue could give.
     */
    public void answerAtOnce(String name, Function<String, Map.Entry<String, String>> responder) {
        responders.put(ACCOUNT + "/" + name, responder);
    }

    /** Answers the message {@code text} just put on queue {@code key}, if that queue answers at once; returns whether it did. */
    boolean answeredAtOnce(String key, String text, long now) {
        Function<String, Map.Entry<String, String>> responder = responders.get(key);
        if (responder == null) {
            return false;
        }
        Map.Entry<String, String> reply = responder.apply(text);
        InMemoryQueue target = queues.get(ACCOUNT + "/" + reply.getKey());
        if (target != null) {
            synchronized (target) {
                if (!target.deleted) {
                    target.put(reply.getValue(), now, now, NEVER);
                }
            }
        }
        return true;
    }

    HttpResponse withQueue(InMemoryExchange exchange, String key, Function<InMemoryQueue, HttpResponse> action) {
        InMemoryQueue queue = queues.get(key);
        if (queue != null) {
            synchronized (queue) {
                if (!queue.deleted) {
                    return action.apply(queue);
                }
            }
        }
        return exchange.error(404, "QueueNotFound", "The specified queue does not exist.");
    }

    /** The queues of {@code account} whose names start with {@code prefix}, sorted by name, each a snapshot. */
    List<InMemoryQueue> snapshot(String account, String prefix) {
        TreeMap<String, InMemoryQueue> sorted = new TreeMap<>();
        queues.forEach((key, queue) -> {
            if (key.startsWith(account + "/") && queue.name.startsWith(prefix)) {
                sorted.put(queue.name, queue);
            }
        });
        return new ArrayList<>(sorted.values());
    }

    boolean staleReceiptIsMessageNotFound() {
        return staleReceiptIsMessageNotFound;
    }

    private HttpResponse count(Operation operation, InMemoryExchange exchange, Supplier<HttpResponse> action) {
        counts.get(operation).increment();
        try {
            return action.get();
        } catch (InMemoryExchange.Refusal refusal) {
            return exchange.error(refusal.status, refusal.code, refusal.getMessage());
        }
    }

    private HttpResponse unsupported(InMemoryExchange exchange) {
        counts.get(Operation.UNSUPPORTED).increment();
        return exchange.error(400, "InvalidUri", "The requested URI does not represent any resource on the server.");
    }

    /** The queue metadata carried by {@code request}'s {@code x-ms-meta-*} headers. */
    static Map<String, String> metadataOf(HttpRequest request) {
        Map<String, String> metadata = new HashMap<>();
        for (HttpHeader header : request.getHeaders()) {
            String name = header.getName();
            if (name.regionMatches(true, 0, META_PREFIX, 0, META_PREFIX.length())) {
                metadata.put(name.substring(META_PREFIX.length()), header.getValue());
            }
        }
        return metadata;
    }

    /** The request body as UTF-8 text, "" if there is none. */
    static String bodyOf(HttpRequest request) {
        BinaryData body = request.getBodyAsBinaryData();
        return body == null ? "" : new String(body.toBytes(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }
}
