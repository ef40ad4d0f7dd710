package com.sessionjar.queue;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.sessionjar.protocol.TransactionCounts;
import java.util.concurrent.atomic.AtomicLongArray;
import reactor.core.publisher.Mono;

/**
 * Counts the storage transactions made through an account's clients: every HTTP request, each
 * try of a retried one included (as Azure bills them), by kind. A pipeline policy placed per try.
 */
public final class StorageTransactions implements HttpPipelinePolicy {
    /** What a storage request does to a queue's messages. */
    public enum Kind {
        /** Put Message. */
        SEND,
        /** Get Messages (not a peek). */
        RECEIVE,
        /** Delete Message. */
        DELETE,
        /** Update Message: a lease renewed or a message made visible again. */
        UPDATE,
        /** Anything else: peeks, queue properties, creating and deleting queues, listing. */
        OTHER
    }

    private final AtomicLongArray counts = new AtomicLongArray(Kind.values().length);

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        counts.incrementAndGet(kindOf(context.getHttpRequest()).ordinal());
        return next.process();
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    /** The requests counted so far. */
    public TransactionCounts counts() {
        long[] now = new long[counts.length()];
        for (int i = 0; i < now.length; i++) {
            now[i] = counts.get(i);
        }
        return new TransactionCounts(now[0], now[1], now[2], now[3], now[4]);
    }

    /** What kind of request {@code request} is, from its method and path (the Queue service REST API). */
    static Kind kindOf(HttpRequest request) {
        String path = request.getUrl().getPath();
        String query = request.getUrl().getQuery();
        boolean messages = path.endsWith("/messages");
        boolean message = path.contains("/messages/");
        HttpMethod method = request.getHttpMethod();
        if (messages && method == HttpMethod.POST) {
            return Kind.SEND;
        }
        if (messages && method == HttpMethod.GET && (query == null || !query.contains("peekonly=true"))) {
            return Kind.RECEIVE;
        }
        if (message && method == HttpMethod.DELETE) {
            return Kind.DELETE;
        }
        if (message && method == HttpMethod.PUT) {
            return Kind.UPDATE;
        }
        return Kind.OTHER;
    }
}
