package com.sessionjar.protocol;

import com.sessionjar.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The session.jar envelope: one header line in front of a request or reply, so replies can be
 * matched to their requests, and a checksum of the body, so damage on the way is seen. A message
 * whose first line is not a complete, valid header is a plain message, as the original sends.
 *
 * <pre>
 * #sj1 id=4f0c2a9e.17 crc=C\n&lt;request body&gt;          a request, answered on the session's response queue
 * #sj1 id=4f0c2a9e.17 crc=C to=Q\n&lt;request body&gt;     a request whose reply goes to the client's own queue Q
 * #sj1 re=4f0c2a9e.17 crc=C\n&lt;reply body&gt;            its reply
 * #sj1 re=4f0c2a9e.17 crc=C fault=poison\n&lt;body&gt;     the error reply to a request moved to the poison queue
 * </pre>
 *
 * <p>The header is {@value #MARKER} and space-separated {@code key=value} fields, ended by a
 * newline; unknown keys are ignored, so later versions can add fields. A header is valid when
 * every field is {@code key=value}, {@code id=} and {@code re=} are request ids ({@code <run: 8
 * lowercase hex digits>.<number>}) and {@code crc=} is 8 lowercase hex digits. {@code crc=} is the
 * CRC-32C of the body's UTF-8 bytes; an envelope without it (an older sender's) is not checked.
 * The body follows the first newline unchanged (no escaping), so a body that fits a plain message
 * fits an enveloped one less the header.
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
    /** The field carrying the CRC-32C of the body's UTF-8 bytes, as 8 lowercase hex digits. */
    public static final String CRC = "crc";
    /**
     * The field carrying the end of the request's run, in Unix milliseconds: past it the client no
     * longer waits for the reply, so a worker skips the request. Absent: no deadline.
     */
    public static final String UNTIL = "until";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** A request id as clients make them: the run's 8 lowercase hex digits, a dot, the request's number. */
    private static final Pattern REQUEST_ID = Pattern.compile("[0-9a-f]{8}\\.[0-9]{1,10}");
    private static final Pattern CHECKSUM = Pattern.compile("[0-9a-f]{8}");
    private static final Pattern MILLIS = Pattern.compile("[0-9]{1,15}");

    public Envelope {
        fields = Map.copyOf(fields);
        Objects.requireNonNull(body, "body");
    }

    /**
     * A request carrying {@code body} under {@code id} (a client's: {@code <run>.<n>}), answered on
     * the session's response queue.
     */
    public static Envelope request(String id, String body) {
        return new Envelope(Map.of(ID, requestId(id), CRC, checksum(body)), body);
    }

    /** A request carrying {@code body} under {@code id}, whose reply goes to the queue {@code replyTo}. */
    public static Envelope request(String id, String replyTo, String body) {
        return new Envelope(Map.of(ID, requestId(id), REPLY_TO, checked(replyTo), CRC, checksum(body)), body);
    }

    /**
     * This request, its run ending at {@code until} (Unix milliseconds): a worker that takes it
     * later skips it. Its id, reply queue and checksum are kept, so a copy sent again is the same request.
     */
    public Envelope until(long until) {
        if (until < 0 || !MILLIS.matcher(Long.toString(until)).matches()) {
            throw new IllegalArgumentException("A deadline must be Unix milliseconds of 1 to 15 digits (was " + until + ")");
        }
        Map<String, String> withDeadline = new LinkedHashMap<>(fields);
        withDeadline.put(UNTIL, Long.toString(until));
        return new Envelope(withDeadline, body);
    }

    /** The end of this request's run, in Unix milliseconds, or -1 if it has none. */
    public long until() {
        String until = fields.get(UNTIL);
        return until == null ? -1 : Long.parseLong(until);
    }

    /** Whether this request's run ended before {@code nowMillis} (Unix milliseconds): its client no longer waits. */
    public boolean isPast(long nowMillis) {
        long until = until();
        return until >= 0 && nowMillis > until;
    }

    /** The reply to this request, carrying {@code replyBody} and its checksum. */
    public Envelope reply(String replyBody) {
        return new Envelope(Map.of(IN_REPLY_TO, requestId(id()), CRC, checksum(replyBody)), replyBody);
    }

    /** The error reply to this request, sent when it is moved to the poison queue. */
    public Envelope poisonReply(String replyBody) {
        return new Envelope(Map.of(IN_REPLY_TO, requestId(id()), FAULT, POISON, CRC, checksum(replyBody)), replyBody);
    }

    /**
     * Whether {@code text} is an envelope, a request's, a reply's or a {@link Pack pack}'s: its
     * first line is a complete, valid header, newline included. Any other text is a plain message,
     * however it starts.
     */
    public static boolean isEnvelope(String text) {
        Map<String, String> fields = firstHeader(text);
        return fields != null && (fields.containsKey(ID) || fields.containsKey(IN_REPLY_TO) || Pack.isPackHeader(fields));
    }

    /**
     * Returns {@code text}, to be sent as a plain message, if no worker would take it for an
     * envelope: the one ambiguity left, as a plain message may be anything.
     *
     * @throws BadInputException if its first line is a complete, valid envelope header
     */
    public static String checkPlain(String text) {
        if (isEnvelope(text)) {
            throw new BadInputException("Message starts with a session.jar envelope header ('"
                    + abbreviated(text.substring(0, text.indexOf('\n'))) + "'), so workers would take it for an enveloped"
                    + " request, not a plain message: send it without --plain, or change its first line");
        }
        return text;
    }

    /**
     * Reads an enveloped request or reply.
     *
     * @throws IllegalArgumentException if the first line of {@code text} is not a complete, valid
     *                                  header with an {@code id=} or {@code re=}, naming what is wrong
     */
    public static Envelope parse(String text) {
        int newline = text.indexOf('\n');
        if (newline < 0) {
            throw new IllegalArgumentException("the message has no header line: it has no newline");
        }
        return of(headerFields(text.substring(0, newline)), text.substring(newline + 1));
    }

    /** The fields of the first line of {@code text}, if it is a complete, valid header; else null. */
    static Map<String, String> firstHeader(String text) {
        int newline = text.indexOf('\n');
        if (newline < 0) {
            return null;
        }
        try {
            return headerFields(text.substring(0, newline));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The CRC-32C of {@code body}'s UTF-8 bytes, as {@link #CRC} carries it: 8 lowercase hex digits. */
    public static String checksum(String body) {
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        String hex = Long.toHexString(crc.getValue());
        return "0".repeat(8 - hex.length()) + hex;
    }

    /**
     * What shows this envelope's body is not the one sent: its checksum differs from the
     * {@link #CRC} field, worded to follow "damaged in the queue: "; null if they agree or if the
     * envelope has no {@code crc=} (an older sender's, taken unchecked).
     */
    public String damage() {
        String expected = fields.get(CRC);
        if (expected == null) {
            return null;
        }
        String actual = checksum(body);
        return actual.equals(expected) ? null
                : "its body's CRC-32C is " + actual + ", not " + expected + " as its envelope says";
    }

    /**
     * The message text, once the body is checked to fit a queue message beside the header: a
     * refusal counts the body's bytes and characters, and the room the header leaves it.
     *
     * @throws com.sessionjar.BadInputException naming the body's size or its first character that cannot be sent
     */
    public String sendableText() {
        String header = header();
        MessageText.check(body, header.length() + 1); // the header is ASCII: a character is a byte
        return header + '\n' + body;
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
     * The fields of a header line, without its newline, in order.
     *
     * @throws IllegalArgumentException if the line does not start with {@value #MARKER} and a
     *                                  space, a field is not {@code key=value}, an {@code id=} or
     *                                  {@code re=} is not a request id or a {@code crc=} not a checksum
     */
    static Map<String, String> headerFields(String header) {
        if (!header.startsWith(MARKER + " ")) {
            throw new IllegalArgumentException("the line does not start with '" + MARKER + " '");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : header.substring(MARKER.length()).split(" +")) { // spaces only: a tab or CR is not a separator
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
        for (String key : new String[] {ID, IN_REPLY_TO}) {
            if (fields.containsKey(key) && !REQUEST_ID.matcher(fields.get(key)).matches()) {
                throw new IllegalArgumentException("the envelope's " + key + "=" + fields.get(key)
                        + " is not a request id (8 lowercase hex digits, a dot, a number)");
            }
        }
        if (fields.containsKey(CRC) && !CHECKSUM.matcher(fields.get(CRC)).matches()) {
            throw new IllegalArgumentException("the envelope's " + CRC + "=" + fields.get(CRC)
                    + " is not a checksum (8 lowercase hex digits)");
        }
        if (fields.containsKey(UNTIL) && !MILLIS.matcher(fields.get(UNTIL)).matches()) {
            throw new IllegalArgumentException("the envelope's " + UNTIL + "=" + fields.get(UNTIL)
                    + " is not a deadline (Unix milliseconds, 1 to 15 digits)");
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
            throw new IllegalArgumentException("An envelope field must be 1 to 64 letters, digits or ._:- (was " + token + ")");
        }
        return token;
    }

    private static String requestId(String id) {
        if (id == null || !REQUEST_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("A request id must be <run>.<n>: 8 lowercase hex digits, a dot and 1 to 10"
                    + " digits (was " + id + ")");
        }
        return id;
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
