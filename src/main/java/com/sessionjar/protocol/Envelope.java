package com.sessionjar.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The session.jar envelope: one header line in front of a request or reply, so replies can be
 * matched to their requests. A message without it is a plain message, as the original sends.
 *
 * <pre>
 * #sj1 id=4f0c2a9e.17\n&lt;request body&gt;          a request, answered on the session's response queue
 * #sj1 id=4f0c2a9e.17 to=Q\n&lt;request body&gt;     a request whose reply goes to the client's own queue Q
 * #sj1 re=4f0c2a9e.17\n&lt;reply body&gt;            its reply
 * #sj1 re=4f0c2a9e.17 fault=poison\n&lt;body&gt;     the error reply to a request moved to the poison queue
 * </pre>
 *
 * <p>The header is {@value #MARKER} and space-separated {@code key=value} fields; unknown keys
 * are ignored, so later versions can add fields. The body follows the first newline unchanged
 * (no escaping), so a body that fits a plain message fits an enveloped one less the header.
 *
 * @param fields the header's fields, in order
 * @param body   the request or reply text
 */
public record Envelope(Map<String, String> fields, String body) {
    /** What every enveloped message starts with. */
    public static final String MARKER = "#sj1";
    /** The request id field. */
    public static final String ID = "id";
    /** The field naming the request a reply answers. */
    public static final String IN_REPLY_TO = "re";
    /** The field naming the queue the reply goes to (the client run's own queue); absent: the response queue. */
    public static final String REPLY_TO = "to";
    /** The field that marks an error reply made by the worker rather than the service. */
    public static final String FAULT = "fault";
    /** {@link #FAULT}'s value for a request moved to the poison queue. */
    public static final String POISON = "poison";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public Envelope {
        fields = Map.copyOf(fields);
        Objects.requireNonNull(body, "body");
    }

    /** A request carrying {@code body} under {@code id}, answered on the session's response queue. */
    public static Envelope request(String id, String body) {
        return new Envelope(Map.of(ID, checked(id)), body);
    }

    /** A request carrying {@code body} under {@code id}, whose reply goes to the queue {@code replyTo}. */
    public static Envelope request(String id, String replyTo, String body) {
        return new Envelope(Map.of(ID, checked(id), REPLY_TO, checked(replyTo)), body);
    }

    /** The reply to this request, carrying {@code replyBody}. */
    public Envelope reply(String replyBody) {
        return new Envelope(Map.of(IN_REPLY_TO, checked(id())), replyBody);
    }

    /** The error reply to this request, sent when it is moved to the poison queue. */
    public Envelope poisonReply(String replyBody) {
        return new Envelope(Map.of(IN_REPLY_TO, checked(id()), FAULT, POISON), replyBody);
    }

    /** Whether {@code text} is enveloped (starts with {@value #MARKER} and a space or newline). */
    public static boolean isEnveloped(String text) {
        return text.startsWith(MARKER) && (text.length() == MARKER.length() || text.charAt(MARKER.length()) == ' '
                || text.charAt(MARKER.length()) == '\n');
    }

    /**
     * Reads an enveloped message.
     *
     * @throws IllegalArgumentException if {@code text} is not enveloped or its header is malformed
     */
    public static Envelope parse(String text) {
        if (!isEnveloped(text)) {
            throw new IllegalArgumentException("the message does not start with '" + MARKER + " '");
        }
        int newline = text.indexOf('\n');
        String body = newline < 0 ? "" : text.substring(newline + 1);
        return of(headerFields(newline < 0 ? text : text.substring(0, newline)), body);
    }

    /**
     * The envelope of {@code fields} and {@code body}.
     *
     * @throws IllegalArgumentException if the fields name neither a request nor the request a reply answers
     */
    static Envelope of(Map<String, String> fields, String body) {
        if (!fields.containsKey(ID) && !fields.containsKey(IN_REPLY_TO)) {
            throw new IllegalArgumentException("the envelope has neither '" + ID + "=' nor '" + IN_REPLY_TO + "='");
        }
        return new Envelope(fields, body);
    }

    /**
     * The fields of a header line, {@value #MARKER} included, in order.
     *
     * @throws IllegalArgumentException if a field is not {@code key=value}
     */
    static Map<String, String> headerFields(String header) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : header.substring(MARKER.length()).trim().split(" +")) {
            if (field.isEmpty()) {
                continue;
            }
            int equals = field.indexOf('=');
            if (equals < 1 || !TOKEN.matcher(field.substring(equals + 1)).matches()) {
                throw new IllegalArgumentException("the envelope field '" + abbreviated(field)
                        + "' is not key=value with a value of 1 to 64 letters, digits or ._:-");
            }
            fields.put(field.substring(0, equals), field.substring(equals + 1));
        }
        return fields;
    }

    /** The request id, or null if this is not a request. */
    public String id() {
        return fields.get(ID);
    }

    /** The id of the request this reply answers, or null if this is not a reply. */
    public String inReplyTo() {
        return fields.get(IN_REPLY_TO);
    }

    /** The queue the reply to this request goes to, or null for the session's response queue. */
    public String replyTo() {
        return fields.get(REPLY_TO);
    }

    /** Whether this is a worker's error reply to a poisoned request. */
    public boolean isPoisonReply() {
        return POISON.equals(fields.get(FAULT));
    }

    /** The message text: header line, newline, body. */
    public String text() {
        return header() + '\n' + body;
    }

    /** The header line, without its newline. */
    String header() {
        StringBuilder header = new StringBuilder(MARKER);
        fields.entrySet().stream().sorted(Map.Entry.comparingByKey(Envelope::fieldOrder))
                .forEach(field -> header.append(' ').append(field.getKey()).append('=').append(field.getValue()));
        return header.toString();
    }

    /** id and re first, then the rest by name, so the text of an envelope does not depend on map order. */
    private static int fieldOrder(String a, String b) {
        int rankA = rank(a);
        int rankB = rank(b);
        return rankA != rankB ? Integer.compare(rankA, rankB) : a.compareTo(b);
    }

    private static int rank(String key) {
        return ID.equals(key) || IN_REPLY_TO.equals(key) ? 0 : 1;
    }

    private static String checked(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("An envelope id must be 1 to 64 letters, digits or ._:- (was " + token + ")");
        }
        return token;
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
