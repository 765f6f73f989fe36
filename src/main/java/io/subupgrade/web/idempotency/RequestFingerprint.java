package io.subupgrade.web.idempotency;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What makes two requests under one Idempotency-Key "the same request": the method, the target (path and query, as
 * sent) and the body. Two fingerprints (SHA-256) are taken:
 *
 * <ul>
 *   <li>{@link #bytes}: over the body's bytes. The only one stored before requests were compared by meaning, and
 *       still stored, so a key written by an older instance (or read by one during a rolling update) is compared as
 *       it always was.
 *   <li>{@link #meaning}: over the body's {@link #canonicalJson canonical JSON} when the body is JSON, so that the same
 *       JSON with its keys in another order, other whitespace or a string spelled with other escapes is the same
 *       request. A body that is not JSON (another media type, or JSON that does not parse: such a request
 *       is refused with a 400 and its key not kept anyway) is taken by its bytes.
 * </ul>
 *
 * <p>Numbers are compared as written: {@code 1.0}, {@code 1.00} and {@code 1e0} are three requests. The service
 * reads numbers by their text (an integer field takes {@code 1} and refuses {@code 1.0}), so two spellings can get two
 * different answers, and a replay must answer only what the new request would have got. Strings are compared by
 * value, exactly (no Unicode normalization, no trimming: {@code "Retried "} is another name). Array order counts.
 */
public record RequestFingerprint(byte[] bytes, byte[] meaning) {

    public static RequestFingerprint of(JsonFactory json, String method, String target, boolean isJson, byte[] body) {
        byte[] head = (method + ' ' + target + '\n').getBytes(StandardCharsets.UTF_8);
        byte[] byBytes = sha256(head, body);
        Optional<byte[]> canonical = isJson ? canonicalJson(json, body) : Optional.empty();
        byte[] byMeaning = canonical.isPresent()
                ? sha256(head, "json\n".getBytes(StandardCharsets.UTF_8), canonical.get())
                : sha256(head, "bytes\n".getBytes(StandardCharsets.UTF_8), body);
        return new RequestFingerprint(byBytes, byMeaning);
    }

    /**
     * The body as one canonical JSON text (UTF-8, no whitespace, object keys sorted by their UTF-16 code units at every
     * depth, strings escaped the one way Jackson writes them, numbers as their literal text); empty when the body is
     * not exactly one JSON value or repeats a key (the parser's settings, such as the nesting limit, apply).
     */
    static Optional<byte[]> canonicalJson(JsonFactory json, byte[] body) {
        try (JsonParser parser = json.createParser(body)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
            Object value = read(parser);
            if (parser.nextToken() != null) {
                return Optional.empty();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
            try (JsonGenerator generator = json.createGenerator(out)) {
                generator.setPrettyPrinter(null);
                write(generator, value);
            }
            return Optional.of(out.toByteArray());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A number as written in the body. */
    private record Number(String text) {}

    /** A string value (kept apart from keys and numbers). */
    private record Text(String value) {}

    private enum Literal {
        TRUE,
        FALSE,
        NULL
    }

    /** The value at the parser's current token, as maps (sorted), lists, {@link Text}, {@link Number}, literals. */
    private static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> fields = new TreeMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (fields.put(name, read(parser)) != null) {
                        throw new IOException("duplicate key " + name);
                    }
                }
                return fields;
            }
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser));
                }
                return items;
            }
            case VALUE_STRING -> {
                return new Text(parser.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Number(parser.getText());
            }
            case VALUE_TRUE -> {
                return Literal.TRUE;
            }
            case VALUE_FALSE -> {
                return Literal.FALSE;
            }
            case VALUE_NULL -> {
                return Literal.NULL;
            }
            default -> throw new IOException("unexpected " + token);
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator out, Object value) throws IOException {
        if (value instanceof Map<?, ?> fields) {
            out.writeStartObject();
            for (Map.Entry<String, Object> field : ((Map<String, Object>) fields).entrySet()) {
                out.writeFieldName(field.getKey());
                write(out, field.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof List<?> items) {
            out.writeStartArray();
            for (Object item : items) {
                write(out, item);
            }
            out.writeEndArray();
        } else if (value instanceof Text text) {
            out.writeString(text.value());
        } else if (value instanceof Number number) {
            out.writeNumber(number.text()); // as written, not as a double or a BigDecimal would print it
        } else if (value == Literal.TRUE || value == Literal.FALSE) {
            out.writeBoolean(value == Literal.TRUE);
        } else {
            out.writeNull();
        }
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
