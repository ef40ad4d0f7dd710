package com.sessionjar.queue;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * The {@link InMemoryQueueService} behind a connection a test can break: refused for a while or
 * for good (no connection, as when nothing listens), or with its queue deletes held until a latch
 * is released (a frozen service).
 */
public final class FaultyConnection implements HttpClient {
    private final InMemoryQueueService service;
    /** {@link System#nanoTime()} until which every call is refused; {@link Long#MIN_VALUE}: none is. */
    private volatile long refusedUntil = Long.MIN_VALUE;
    /** While set, a queue delete waits until it is released; null: deletes go through. */
    private volatile CountDownLatch heldDeletes;
    private final AtomicInteger refused = new AtomicInteger();

    public FaultyConnection(InMemoryQueueService service) {
        this.service = service;
    }

    /** An account through this connection with {@code tries} quick tries a call, so the caller, not the SDK, meets the fault. */
    public QueueAccount account(int tries) {
        return QueueAccount.fromConnectionString(InMemoryQueueService.connectionString(), new RequestRetryOptions(
                RetryPolicyType.FIXED, tries, Duration.ofSeconds(60), Duration.ofMillis(10), Duration.ofMillis(10), null),
                List.of(), this);
    }

    /** Refuses every call for {@code duration} from now. */
    public void refuseFor(Duration duration) {
        refusedUntil = System.nanoTime() + duration.toNanos();
    }

    /** Refuses every call from now on. */
    public void refuseAll() {
        refusedUntil = Long.MAX_VALUE;
    }

    /** Holds every queue delete from now on until {@code release} is counted down. */
    public void holdQueueDeletesUntil(CountDownLatch release) {
        heldDeletes = release;
    }

    /** How many calls were refused. */
    public int refusedCalls() {
        return refused.get();
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return refusing() ? Mono.error(new ConnectException("Connection refused"))
                : Mono.fromCallable(() -> passOn(request, context));
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        if (refusing()) {
            throw new UncheckedIOException(new ConnectException("Connection refused"));
        }
        return passOn(request, context);
    }

    private boolean refusing() {
        if (System.nanoTime() < refusedUntil) {
            refused.incrementAndGet();
            return true;
        }
        return false;
    }

    private HttpResponse passOn(HttpRequest request, Context context) {
        CountDownLatch release = heldDeletes;
        boolean queueDelete = request.getHttpMethod() == HttpMethod.DELETE && !request.getUrl().getPath().contains("/messages");
        if (queueDelete && release != null) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return service.sendSync(request, context);
    }
}
