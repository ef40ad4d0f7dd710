package com.sessionjar.queue;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The message operations and List Queues of {@link InMemoryQueueService}: their parameters,
 * checked against Azure's ranges, and their XML bodies, with the element names of the Queue
 * service REST reference (which are also the names the SDK's models read).
 */
final class InMemoryOperations {
    private static final HttpHeaderName POP_RECEIPT = HttpHeaderName.fromString("x-ms-popreceipt");
    private static final HttpHeaderName TIME_NEXT_VISIBLE = HttpHeaderName.fromString("x-ms-time-next-visible");
    /** One factory per thread: the JDK does not promise that a shared one is safe to use concurrently. */
    private static final ThreadLocal<XMLInputFactory> XML = ThreadLocal.withInitial(() -> {
        XMLInputFactory factory = XMLInputFactory.newInstance();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    });

    private InMemoryOperations() {
    }

    /** Put Message: POST /{queue}/messages?visibilitytimeout=&messagettl=, 201 with the new message. */
    static HttpResponse putMessage(InMemoryQueueService service, InMemoryExchange exchange, String key,
                                   Map<String, String> query) {
        String text = messageText(InMemoryQueueService.bodyOf(exchange.request), true);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        service.largestMessage.accumulate(bytes);
        if (bytes > InMemoryQueueService.MAX_MESSAGE_BYTES) {
            throw new InMemoryExchange.Refusal(400, "MessageTooLarge", "The message exceeds the maximum allowed size.");
        }
        long ttl = longParam(query, "messagettl", InMemoryQueueService.DEFAULT_TTL_SECONDS, -1, Integer.MAX_VALUE);
        if (ttl == 0) {
            throw outOfRange();
        }
        long visibility = longParam(query, "visibilitytimeout", 0, 0, InMemoryQueueService.MAX_VISIBILITY_SECONDS);
        if (ttl != -1 && visibility >= ttl) {
            throw outOfRange(); // the visibility timeout must be less than the time-to-live
        }
        long now = exchange.now;
        long expiresAt = ttl == -1 ? InMemoryQueueService.NEVER : Math.min(InMemoryQueueService.NEVER, now + ttl * 1000);
        HttpResponse response = service.withQueue(exchange, key, queue -> {
            InMemoryQueue.Message message = queue.put(text, now, now + visibility * 1000, expiresAt);
            return exchange.xml(201, "<QueueMessagesList>" + messageXml(message, true, false) + "</QueueMessagesList>");
        });
        if (response.getStatusCode() == 201 && service.answeredAtOnce(key, text, now)) {
            service.withQueue(exchange, key, queue -> {
                queue.clear(); // answered: not kept (only answering queues do this, and they hold nothing else)
                return response;
            });
        }
        return response;
    }

    /** Get Messages: GET /{queue}/messages?numofmessages=&visibilitytimeout=, 200 with the messages taken. */
    static HttpResponse getMessages(InMemoryQueueService service, InMemoryExchange exchange, String key,
                                    Map<String, String> query) {
        int max = (int) longParam(query, "numofmessages", 1, 1, MessageQueue.MAX_BATCH);
        long visibility = longParam(query, "visibilitytimeout", 30, 1, InMemoryQueueService.MAX_VISIBILITY_SECONDS);
        return service.withQueue(exchange, key, queue ->
                messagesXml(exchange, queue.get(max, exchange.now, exchange.now + visibility * 1000), true));
    }

    /** Peek Messages: GET /{queue}/messages?peekonly=true&numofmessages=, 200 with messages left in place. */
    static HttpResponse peekMessages(InMemoryQueueService service, InMemoryExchange exchange, String key,
                                     Map<String, String> query) {
        int max = (int) longParam(query, "numofmessages", 1, 1, MessageQueue.MAX_BATCH);
        return service.withQueue(exchange, key, queue -> messagesXml(exchange, queue.peek(max, exchange.now), false));
    }

    /** Delete Message: DELETE /{queue}/messages/{id}?popreceipt=, 204. */
    static HttpResponse deleteMessage(InMemoryQueueService service, InMemoryExchange exchange, String key, String id,
                                      Map<String, String> query) {
        String popReceipt = requiredParam(query, "popreceipt");
        return service.withQueue(exchange, key, queue -> {
            InMemoryQueue.Outcome outcome = queue.delete(id, popReceipt, exchange.now);
            return outcome == InMemoryQueue.Outcome.OK ? exchange.reply(204) : refuse(service, exchange, outcome);
        });
    }

    /**
     * Update Message: PUT /{queue}/messages/{id}?popreceipt=&visibilitytimeout=, with or without a new
     * text; 204 with the new pop receipt and time next visible in headers.
     */
    static HttpResponse updateMessage(InMemoryQueueService service, InMemoryExchange exchange, String key, String id,
                                      Map<String, String> query) {
        String popReceipt = requiredParam(query, "popreceipt");
        requiredParam(query, "visibilitytimeout");
        long visibility = longParam(query, "visibilitytimeout", 0, 0, InMemoryQueueService.MAX_VISIBILITY_SECONDS);
        String body = InMemoryQueueService.bodyOf(exchange.request);
        String text = body.isBlank() ? null : messageText(body, false);
        return service.withQueue(exchange, key, queue -> {
            InMemoryQueue.Outcome[] outcome = new InMemoryQueue.Outcome[1];
            InMemoryQueue.Message message = queue.update(id, popReceipt, text, exchange.now,
                    exchange.now + visibility * 1000, outcome);
            if (message == null) {
                return refuse(service, exchange, outcome[0]);
            }
            return exchange.reply(204, exchange.headers()
                    .set(POP_RECEIPT, message.popReceipt)
                    .set(TIME_NEXT_VISIBLE, InMemoryExchange.date(message.visibleAt)));
        });
    }

    /** List Queues: GET /{account}?comp=list&prefix=&marker=&maxresults=&include=metadata, 200 with EnumerationResults. */
    static HttpResponse listQueues(InMemoryQueueService service, InMemoryExchange exchange, String account,
                                   Map<String, String> query) {
        String prefix = query.getOrDefault("prefix", "");
        String marker = query.getOrDefault("marker", "");
        int max = (int) longParam(query, "maxresults", 5000, 1, 5000);
        boolean withMetadata = query.getOrDefault("include", "").contains("metadata");
        StringBuilder xml = new StringBuilder("<EnumerationResults ServiceEndpoint=\"")
                .append(InMemoryExchange.escape(exchange.serviceEndpoint)).append("\">");
        element(xml, "Prefix", query.get("prefix"));
        element(xml, "Marker", query.get("marker"));
        element(xml, "MaxResults", query.get("maxresults"));
        xml.append("<Queues>");
        String nextMarker = null;
        int listed = 0;
        for (InMemoryQueue queue : service.snapshot(account, prefix)) {
            if (queue.name.compareTo(marker) < 0) {
                continue; // the marker is the name of the first queue of this page
            }
            if (listed == max) {
                nextMarker = queue.name;
                break;
            }
            listed++;
            xml.append("<Queue><Name>").append(InMemoryExchange.escape(queue.name)).append("</Name>");
            if (withMetadata) {
                Map<String, String> metadata;
                synchronized (queue) {
                    metadata = new TreeMap<>(queue.metadata());
                }
                xml.append("<Metadata>");
                metadata.forEach((name, value) -> element(xml, name, value));
                xml.append("</Metadata>");
            }
            xml.append("</Queue>");
        }
        xml.append("</Queues>");
        if (nextMarker == null) {
            xml.append("<NextMarker />");
        } else {
            element(xml, "NextMarker", nextMarker);
        }
        return exchange.xml(200, xml.append("</EnumerationResults>").toString());
    }

    private static HttpResponse refuse(InMemoryQueueService service, InMemoryExchange exchange,
                                       InMemoryQueue.Outcome outcome) {
        if (outcome == InMemoryQueue.Outcome.POP_RECEIPT_MISMATCH && !service.staleReceiptIsMessageNotFound()) {
            return exchange.error(400, "PopReceiptMismatch",
                    "The specified pop receipt did not match the pop receipt for a dequeued message.");
        }
        return exchange.error(404, "MessageNotFound", "The specified message does not exist.");
    }

    private static HttpResponse messagesXml(InMemoryExchange exchange, List<InMemoryQueue.Message> messages,
                                            boolean dequeued) {
        StringBuilder xml = new StringBuilder("<QueueMessagesList>");
        for (InMemoryQueue.Message message : messages) {
            xml.append(messageXml(message, dequeued, true));
        }
        return exchange.xml(200, xml.append("</QueueMessagesList>").toString());
    }

    /**
     * One {@code <QueueMessage>}, its elements in the reference's order: MessageId, InsertionTime,
     * ExpirationTime, then PopReceipt and TimeNextVisible unless peeked, then DequeueCount and
     * MessageText unless just put.
     */
    private static String messageXml(InMemoryQueue.Message message, boolean withReceipt, boolean withText) {
        StringBuilder xml = new StringBuilder(160 + (withText ? message.text.length() : 0)).append("<QueueMessage>");
        element(xml, "MessageId", message.id);
        element(xml, "InsertionTime", InMemoryExchange.date(message.insertedAt));
        element(xml, "ExpirationTime", InMemoryExchange.date(message.expiresAt));
        if (withReceipt) {
            element(xml, "PopReceipt", message.popReceipt);
            element(xml, "TimeNextVisible", InMemoryExchange.date(message.visibleAt));
        }
        if (withText) {
            element(xml, "DequeueCount", Long.toString(message.dequeueCount));
            element(xml, "MessageText", message.text);
        }
        return xml.append("</QueueMessage>").toString();
    }

    private static void element(StringBuilder xml, String name, String value) {
        if (value != null) {
            xml.append('<').append(name).append('>').append(InMemoryExchange.escape(value))
                    .append("</").append(name).append('>');
        }
    }

    /** The text of {@code <QueueMessage><MessageText>}; a missing element is an error only if required. */
    private static String messageText(String body, boolean required) {
        // Fast path for the common body, plain text between the tags: a new StAX reader costs more
        // than the rest of a request. Anything with markup or references inside goes to StAX.
        int open = body.indexOf("<MessageText>");
        int close = body.lastIndexOf("</MessageText>");
        if (open >= 0 && close > open) {
            String text = body.substring(open + "<MessageText>".length(), close);
            if (text.indexOf('<') < 0 && text.indexOf('&') < 0 && text.indexOf('\r') < 0) {
                return text;
            }
        }
        try {
            XMLStreamReader reader = XML.get().createXMLStreamReader(new StringReader(body));
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamReader.START_ELEMENT && "MessageText".equals(reader.getLocalName())) {
                        return reader.getElementText();
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new InMemoryExchange.Refusal(400, "InvalidXmlDocument", "XML specified is not syntactically valid.");
        }
        if (required) {
            throw new InMemoryExchange.Refusal(400, "InvalidXmlNodeValue",
                    "The value for one of the XML nodes is not in the correct format.");
        }
        return null;
    }

    private static String requiredParam(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null) {
            throw new InMemoryExchange.Refusal(400, "MissingRequiredQueryParameter",
                    "A query parameter that's mandatory for this request is not specified.");
        }
        return value;
    }

    private static long longParam(Map<String, String> query, String name, long byDefault, long min, long max) {
        String value = query.get(name);
        if (value == null) {
            return byDefault;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InMemoryExchange.Refusal(400, "InvalidQueryParameterValue",
                    "Value for one of the query parameters specified in the request URI is invalid.");
        }
        if (parsed < min || parsed > max) {
            throw outOfRange();
        }
        return parsed;
    }

    private static InMemoryExchange.Refusal outOfRange() {
        return new InMemoryExchange.Refusal(400, "OutOfRangeQueryParameterValue",
                "One of the query parameters specified in the request URI is outside the permissible range.");
    }
}
