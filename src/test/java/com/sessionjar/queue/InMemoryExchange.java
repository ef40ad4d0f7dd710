package com.sessionjar.queue;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One request to {@link InMemoryQueueService} and the way to answer it: every response carries
 * {@code x-ms-request-id}, {@code x-ms-version}, {@code Date} and, if the client sent one,
 * {@code x-ms-client-request-id}; errors carry {@code x-ms-error-code} and Azure's {@code <Error>} body.
 */
final class InMemoryExchange {
    /** A request the service refuses: thrown while serving it, answered as an error response. */
    static final class Refusal extends RuntimeException {
        final int status;
        final String code;

        Refusal(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    /** The version answered when the client names none; the SDK always names one. */
    private static final String DEFAULT_VERSION = "2018-03-28";
    /**
     * RFC 1123 with a two-digit day, as Azure writes it: azure-core's DateTimeRfc1123 reads the
     * fields at fixed positions, so Java's RFC_1123_DATE_TIME ("Fri, 9 Oct ...") would not do.
     */
    private static final DateTimeFormatter RFC_1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private record Stamp(long second, String text) {
    }

    private static final Stamp[] DATES = new Stamp[8];
    private static final HttpHeaderName REQUEST_ID = HttpHeaderName.fromString("x-ms-request-id");
    private static final HttpHeaderName CLIENT_REQUEST_ID = HttpHeaderName.fromString("x-ms-client-request-id");
    private static final HttpHeaderName VERSION = HttpHeaderName.fromString("x-ms-version");
    private static final HttpHeaderName ERROR_CODE = HttpHeaderName.fromString("x-ms-error-code");

    final HttpRequest request;
    /** The service's time for this request, in epoch milliseconds. */
    final long now;
    final String requestId = UUID.randomUUID().toString();
    /** The account's URL, as List Queues reports it. */
    String serviceEndpoint;

    InMemoryExchange(HttpRequest request, long now) {
        this.request = request;
        this.now = now;
    }

    /** A response with no body. */
    HttpResponse reply(int status) {
        return respond(status, headers(), null);
    }

    /** A response with no body and {@code headers} besides the standard ones. */
    HttpResponse reply(int status, HttpHeaders headers) {
        return respond(status, headers, null);
    }

    /** A response whose body is the XML document {@code xml} (without its declaration). */
    HttpResponse xml(int status, String xml) {
        HttpHeaders headers = headers().set(HttpHeaderName.CONTENT_TYPE, "application/xml");
        return respond(status, headers, "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + xml);
    }

    /** An error as Azure answers one: the code in {@code x-ms-error-code} and in an {@code <Error>} body. */
    HttpResponse error(int status, String code, String message) {
        HttpHeaders headers = headers().set(ERROR_CODE, code);
        if (request.getHttpMethod() == HttpMethod.HEAD) {
            return respond(status, headers, null); // a HEAD response has no body
        }
        headers.set(HttpHeaderName.CONTENT_TYPE, "application/xml");
        String text = message + "\nRequestId:" + requestId + "\nTime:" + Instant.ofEpochMilli(now);
        return respond(status, headers, "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + escape(code)
                + "</Code><Message>" + escape(text) + "</Message></Error>");
    }

    /** Get Queue Properties/Metadata: the count and the metadata as headers, no body. */
    HttpResponse properties(int messageCount, Map<String, String> metadata) {
        HttpHeaders headers = headers().set(HttpHeaderName.fromString("x-ms-approximate-messages-count"),
                Integer.toString(messageCount));
        metadata.forEach((name, value) -> headers.set(HttpHeaderName.fromString("x-ms-meta-" + name), value));
        return respond(200, headers, null);
    }

    HttpHeaders headers() {
        String version = request.getHeaders().getValue(VERSION);
        HttpHeaders headers = new HttpHeaders()
                .set(REQUEST_ID, requestId)
                .set(VERSION, version == null ? DEFAULT_VERSION : version)
                .set(HttpHeaderName.DATE, date(now))
                .set(HttpHeaderName.SERVER, "InMemoryQueueService");
        String clientRequestId = request.getHeaders().getValue(CLIENT_REQUEST_ID);
        if (clientRequestId != null) {
            headers.set(CLIENT_REQUEST_ID, clientRequestId);
        }
        return headers;
    }

    private HttpResponse respond(int status, HttpHeaders headers, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        headers.set(HttpHeaderName.CONTENT_LENGTH, Integer.toString(bytes.length));
        return new InMemoryResponse(request, status, headers, bytes);
    }

    /** {@code millis} as Azure writes times in headers and XML: "Fri, 09 Oct 2009 21:04:30 GMT". */
    static String date(long millis) {
        long second = Math.floorDiv(millis, 1000);
        // A response names a few distinct seconds (now, now + lease, now + time-to-live), each over
        // and over in a busy test: keep the last few, one slot per second modulo 8.
        int slot = (int) (second & 7);
        Stamp last = DATES[slot];
        if (last != null && last.second == second) {
            return last.text;
        }
        String text = RFC_1123.format(Instant.ofEpochSecond(second));
        DATES[slot] = new Stamp(second, text); // a racing writer stores an equally valid stamp
        return text;
    }

    /**
     * {@code text} escaped for XML element content or attribute values. A carriage return is written
     * as a character reference, since an XML parser would otherwise turn it into a line feed.
     */
    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement;
            switch (c) {
                case '<': replacement = "&lt;"; break;
                case '>': replacement = "&gt;"; break;
                case '&': replacement = "&amp;"; break;
                case '"': replacement = "&quot;"; break;
                case '\'': replacement = "&apos;"; break;
                case '\r': replacement = "&#xD;"; break;
                default: replacement = null;
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
