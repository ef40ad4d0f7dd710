package com.sessionjar.cluster;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where each key of a JSON document stands, by its path ({@code NodeOptions.CpuCount},
 * {@code FileShares[0].Name}, any case), read in one streaming pass before the document is
 * bound. Jackson reports some errors only at the end of the enclosing object; this lets them
 * point at the key. The pass also finds a key given twice in one object in any mix of case,
 * which case-insensitive binding would otherwise resolve silently, last one winning, and notes
 * what kind of value the document is and whether another follows it.
 */
final class JsonKeys {
    private final Map<String, JsonLocation> locations = new HashMap<>();
    /** The first token of the document: what kind of value it is. */
    private JsonToken root;
    /** Where a second value after the document's first begins, or null. */
    private JsonLocation secondValue;

    private JsonKeys() {
    }

    /** A key given twice in one object. */
    static final class DuplicateKeyException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        DuplicateKeyException(String path, JsonLocation location) {
            super("key '" + path + "' is given twice (keys are matched without regard to case) at line "
                    + location.getLineNr() + ", column " + location.getColumnNr());
        }
    }

    /** One object or array being read. */
    private static final class Frame {
        final String path;
        final boolean array;
        final Set<String> keys = new HashSet<>();
        int index;

        Frame(String path, boolean array) {
            this.path = path;
            this.array = array;
        }
    }

    /**
     * Reads every key of the document {@code parser} reads.
     *
     * @throws IOException             for malformed JSON, with its location
     * @throws DuplicateKeyException for a key given twice in one object
     */
    static JsonKeys scan(JsonParser parser) throws IOException {
        JsonKeys scanned = new JsonKeys();
        Deque<Frame> open = new ArrayDeque<>();
        String key = null;
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
            if (open.isEmpty()) {
                if (scanned.root == null) {
                    scanned.root = token;
                } else if (scanned.secondValue == null) {
                    scanned.secondValue = parser.currentTokenLocation();
                }
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> {
                    open.push(new Frame(childPath(open.peek(), key), token == JsonToken.START_ARRAY));
                    key = null;
                }
                case END_OBJECT, END_ARRAY -> {
                    open.pop();
                    elementDone(open.peek());
                }
                case FIELD_NAME -> {
                    Frame object = open.peek();
                    key = parser.currentName();
                    String path = childPath(object, key);
                    if (!object.keys.add(key.toLowerCase(Locale.ROOT))) {
                        throw new DuplicateKeyException(path, parser.currentTokenLocation());
                    }
                    scanned.locations.put(path.toLowerCase(Locale.ROOT), parser.currentTokenLocation());
                }
                default -> {
                    key = null;
                    elementDone(open.peek());
                }
            }
        }
        return scanned;
    }

    /** The first token of the document, which says what kind of value it is; null for no value. */
    JsonToken root() {
        return root;
    }

    /** Where a value after the document's first begins, or null if there is none. */
    JsonLocation secondValue() {
        return secondValue;
    }

    /** Where the key at {@code path} stands, or null if the document has no such key. */
    JsonLocation at(String path) {
        return locations.get(path.toLowerCase(Locale.ROOT));
    }

    private static String childPath(Frame parent, String key) {
        if (parent == null) {
            return "";
        }
        if (parent.array) {
            return parent.path + "[" + parent.index + "]";
        }
        return parent.path.isEmpty() ? key : parent.path + "." + key;
    }

    private static void elementDone(Frame parent) {
        if (parent != null && parent.array) {
            parent.index++;
        }
    }
}
