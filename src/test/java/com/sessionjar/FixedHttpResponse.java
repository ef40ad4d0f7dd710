package com.sessionjar;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An azure-core response made in memory: a status and, if given, a JSON body. For tests that send nothing. */
public final class FixedHttpResponse extends HttpResponse {
    private final int status;
    private final byte[] body;

    /** The answer to {@code request}: {@code status}, with {@code json} as its body (null: none). */
    public FixedHttpResponse(HttpRequest request, int status, String json) {
        super(request);
        this.status = status;
        this.body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int getStatusCode() {
        return status;
    }

    @Override
    @Deprecated
    public String getHeaderValue(String name) {
        return getHeaders().getValue(name);
    }

    @Override
    public HttpHeaders getHeaders() {
        return body == null ? new HttpHeaders() : new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "application/json");
    }

    @Override
    public Flux<ByteBuffer> getBody() {
        return body == null ? Flux.empty() : Flux.just(ByteBuffer.wrap(body));
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
        return body == null ? Mono.empty() : Mono.just(body);
    }

    @Override
    public Mono<String> getBodyAsString() {
        return getBodyAsString(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<String> getBodyAsString(Charset charset) {
        return body == null ? Mono.empty() : Mono.just(new String(body, charset));
    }
}
