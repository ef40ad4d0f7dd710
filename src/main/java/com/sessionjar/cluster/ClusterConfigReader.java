package com.sessionjar.cluster;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sessionjar.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a config file into a checked {@link ClusterConfig}.
 *
 * <p>Keys are matched without regard to case ({@code SubscriptionId} works as well as the
 * original's {@code SubScriptionId}); an unknown key, a duplicate key, a value of the wrong type
 * and malformed JSON are errors that name the file, the key and the line and column. The text is
 * UTF-8; a byte-order mark before it is skipped.
 */
public final class ClusterConfigReader {
    private static final ObjectMapper MAPPER = newMapper();
    /** The UTF-8 byte-order mark some editors put first; skipped. */
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final String NOT_UTF8 = " is not UTF-8 text: save the config as UTF-8 (a byte-order mark is fine)";

    private ClusterConfigReader() {
    }

    /** The mapper that reads and writes configs: strict about types, keys and duplicates. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads and checks the config in {@code file}.
     *
     * @throws BadInputException saying, in one line, what is wrong and where
     */
    public static ClusterConfig read(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException("Config file " + file + " is a folder: give the path of a JSON file");
        }
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("Config file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new BadInputException("Config file " + file + NOT_UTF8);
        } catch (IOException e) {
            throw new BadInputException("Cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(json, file.toString());
    }

    /**
     * Reads and checks the config {@code in} holds, to its end (UTF-8); {@code source} names it in errors.
     *
     * @throws BadInputException saying, in one line, what is wrong and where
     */
    public static ClusterConfig read(InputStream in, String source) {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(in.readAllBytes())).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(source + NOT_UTF8);
        } catch (IOException e) {
            throw new BadInputException("Cannot read " + source + ": " + e.getMessage());
        }
        return parse(json, source);
    }

    /**
     * Reads and checks a config from {@code json}; {@code source} names it in errors.
     *
     * @throws BadInputException saying, in one line, what is wrong and where
     */
    public static ClusterConfig parse(String json, String source) {
        if (json.startsWith(BYTE_ORDER_MARK)) {
            json = json.substring(1); // as Windows editors save UTF-8: a mark, not text
        }
        if (json.isBlank()) {
            throw new BadInputException(source + " is empty: a config is a JSON object, at least {}");
        }
        JsonKeys keys;
        try {
            keys = JsonKeys.scan(MAPPER.createParser(json));
        } catch (JsonProcessingException e) {
            throw new BadInputException(source + ": " + describe(e, null), e);
        } catch (IOException e) {
            throw new BadInputException(source + ": " + e.getMessage(), e);
        } catch (JsonKeys.DuplicateKeyException e) {
            throw new BadInputException(source + ": " + e.getMessage(), e);
        }
        checkOneObject(keys, source);
        ClusterConfig config;
        try {
            config = MAPPER.readValue(json, ClusterConfig.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(source + ": " + describe(e, keys), e);
        }
        if (config == null) {
            throw new BadInputException(source + ": a config is a JSON object, at least {}, not null");
        }
        List<String> problems = ClusterConfigValidator.problems(config);
        if (!problems.isEmpty()) {
            throw new BadInputException(source + ": " + String.join("; ", problems));
        }
        return config;
    }

    /** Refuses a document that is not one object (or null, which binding reports): Jackson would name our classes. */
    private static void checkOneObject(JsonKeys keys, String source) {
        JsonToken root = keys.root();
        if (root != JsonToken.START_OBJECT && root != JsonToken.VALUE_NULL) {
            throw new BadInputException(source + ": a config is a JSON object, at least {}, not " + kind(root));
        }
        if (keys.secondValue() != null) {
            throw new BadInputException(source + ": more JSON after the config object" + where(keys.secondValue())
                    + ": a config file holds one object");
        }
    }

    private static String kind(JsonToken token) {
        if (token == JsonToken.START_ARRAY) {
            return "a list [...]";
        }
        if (token == JsonToken.VALUE_STRING) {
            return "a string";
        }
        if (token != null && token.isNumeric()) {
            return "a number";
        }
        return token != null && token.isBoolean() ? token.asString() : "nothing";
    }

    /** One line for a parse or binding error; {@code keys}, when known, places it at its key. */
    private static String describe(JsonProcessingException e, JsonKeys keys) {
        String where = where(e.getLocation());
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            String path = path(unknown.getPath());
            return "unknown key '" + path + "'" + where(keys, path, where)
                    + (known.isEmpty() ? "" : "; known keys here: " + known);
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String path = path(mismatch.getPath());
            return path + where(keys, path, where) + " should be " + expected(mismatch.getTargetType());
        }
        if (e instanceof JsonMappingException) {
            return e.getOriginalMessage() + where;
        }
        return "not valid JSON" + where + ": " + e.getOriginalMessage();
    }

    private static String where(JsonKeys keys, String path, String otherwise) {
        JsonLocation location = keys == null ? null : keys.at(path);
        return location == null ? otherwise : where(location);
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** A key's path as a user writes it: {@code NodeOptions.CpuCount}, {@code FileShares[0].Name}. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list [...]";
        }
        return "an object {...}";
    }

    private static ObjectMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        // "NodeCount": "3" or "Service": 1 are mistakes to report, not to guess at.
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
