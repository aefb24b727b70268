package io.planexec.wire;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON parser and writer of planexec: strict (duplicate keys, trailing garbage, comments and other non-standard
 * syntax rejected) and bounded ({@link WireLimits}). Converts between JSON trees and the model's plain-Java JSON values.
 * Thread-safe.
 */
public final class StrictJson {

    /** Jackson's wording of an exceeded {@link StreamReadConstraints} limit. */
    private static final Pattern LIMIT = Pattern.compile(
            "(Document nesting depth|Number value length|String value length|Name length|Document length)"
                    + " \\((\\d+)\\) exceeds the maximum allowed \\((\\d+).*",
            Pattern.DOTALL);

    /** Jackson's note that it leaves the source out of locations; the line and column follow anyway. */
    private static final Pattern SOURCE = Pattern.compile(
            Pattern.quote("[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); "));

    /** Paths in parse errors are cut after this many parts (a too-deep document would give a huge one). */
    private static final int MAX_PATH_PARTS = 16;

    private final WireLimits limits;
    private final ObjectMapper mapper;

    public StrictJson(WireLimits limits) {
        this.limits = limits;
        JsonMapper built = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_SINGLE_QUOTES)
                // Trailing content is checked by parse() itself, to report it as such.
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // numbers as written: 1.10 stays 1.10
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
        built.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(limits.maxDocumentBytes())
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(limits.maxNumberLength())
                        .maxNameLength(limits.maxNameLength())
                        .build());
        this.mapper = built;
    }

    public StrictJson() {
        this(WireLimits.DEFAULTS);
    }

    public WireLimits limits() {
        return limits;
    }

    /**
     * Parses one JSON document.
     *
     * @throws WireFormatException naming the problem and where it is (a JSON path such as {@code $.steps[2]}, and the
     *     line and column), for syntax errors, duplicate keys, trailing content and exceeded limits
     */
    public JsonNode parse(byte[] bytes) {
        if (bytes == null) {
            throw new WireFormatException("", "no document (null)");
        }
        if (bytes.length > limits.maxDocumentBytes()) {
            throw new WireFormatException(
                    "",
                    "document is " + bytes.length + " bytes, over the limit of " + limits.maxDocumentBytes()
                            + " bytes");
        }
        try (JsonParser parser = mapper.createParser(bytes)) {
            JsonNode node;
            try {
                node = mapper.readTree(parser);
            } catch (JsonProcessingException e) {
                throw syntaxError(parser, e, false);
            }
            if (node == null || node.isMissingNode()) {
                throw new WireFormatException("", "empty document");
            }
            try {
                if (parser.nextToken() != null) {
                    throw new WireFormatException(
                            "", "unexpected content after the end of the document" + at(parser.currentTokenLocation()));
                }
            } catch (JsonProcessingException e) {
                throw syntaxError(parser, e, true);
            }
            return node;
        } catch (IOException e) {
            throw new WireFormatException("", "unreadable document: " + e.getMessage(), e);
        }
    }

    /** Parses one JSON document given as text. */
    public JsonNode parse(String text) {
        if (text == null) {
            throw new WireFormatException("", "no document (null)");
        }
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a tree as compact UTF-8 JSON. */
    public byte[] write(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Writes a tree as compact JSON text. */
    public String writeString(JsonNode node) {
        return new String(write(node), StandardCharsets.UTF_8);
    }

    /** Writes plain-Java JSON values as compact JSON text. */
    public String writeValueString(Object value) {
        return writeString(toNode(value));
    }

    /** Writes a tree as indented JSON text, for people. */
    public String writePretty(JsonNode node) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public ObjectNode objectNode() {
        return mapper.createObjectNode();
    }

    public ArrayNode arrayNode() {
        return mapper.createArrayNode();
    }

    /** Converts a JSON tree to plain-Java JSON values (see {@code io.planexec.model.JsonValues}), unmodifiable. */
    public static Object toValue(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return switch (node.getNodeType()) {
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.numberValue();
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(toValue(element));
                }
                yield Collections.unmodifiableList(list);
            }
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>(node.size() * 2);
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), toValue(e.getValue()));
                }
                yield Collections.unmodifiableMap(map);
            }
            default -> throw new WireFormatException("", "unsupported JSON node " + node.getNodeType());
        };
    }

    /** Converts plain-Java JSON values to a JSON tree. */
    public JsonNode toNode(Object value) {
        JsonNodeFactory f = mapper.getNodeFactory();
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof String s) {
            return f.textNode(s);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof Short s) {
            return f.numberNode(s);
        }
        if (value instanceof Byte b) {
            return f.numberNode(b);
        }
        if (value instanceof BigInteger b) {
            return f.numberNode(b);
        }
        if (value instanceof BigDecimal d) {
            return f.numberNode(d);
        }
        if (value instanceof Double d) {
            return f.numberNode(BigDecimal.valueOf(d));
        }
        if (value instanceof Float fl) {
            return f.numberNode(new BigDecimal(Float.toString(fl)));
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode obj = f.objectNode();
            map.forEach((k, v) -> obj.set(String.valueOf(k), toNode(v)));
            return obj;
        }
        if (value instanceof List<?> list) {
            ArrayNode arr = f.arrayNode();
            list.forEach(v -> arr.add(toNode(v)));
            return arr;
        }
        throw new IllegalArgumentException(
                "not a JSON value: " + value.getClass().getName());
    }

    /** A parse error as a wire error: what (in planexec's words for exceeded limits) and where (path, line, column). */
    private static WireFormatException syntaxError(JsonParser parser, JsonProcessingException e, boolean afterRoot) {
        JsonLocation location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        if (afterRoot) {
            return new WireFormatException("", "unexpected content after the end of the document" + at(location), e);
        }
        String problem = e instanceof StreamConstraintsException
                ? limitProblem(e.getOriginalMessage())
                : SOURCE.matcher(e.getOriginalMessage()).replaceAll("[");
        return new WireFormatException(pathOf(parser, e), problem + at(location), e);
    }

    /** Jackson's constraint messages, said without its class names. */
    private static String limitProblem(String message) {
        Matcher m = LIMIT.matcher(message == null ? "" : message);
        if (!m.matches()) {
            return message;
        }
        String limit = m.group(3);
        return switch (m.group(1)) {
            case "Document nesting depth" -> "nesting is deeper than the limit of " + limit + " levels";
            case "Number value length" -> "a number is longer than the limit of " + limit + " characters";
            case "String value length" -> "a string is longer than the limit of " + limit + " characters";
            case "Name length" -> "a field name is longer than the limit of " + limit + " characters";
            default -> "the document is longer than the limit of " + limit + " bytes";
        };
    }

    /**
     * The JSON path of the parser's position ({@code $.steps[2].id}); empty at the top level. In an object, the context
     * holds the name of the field last read: the problem is in that field when the parser stopped in its value (after
     * its name, or inside a string) or when that name is a duplicate; otherwise it stopped between two fields (reading
     * the next name), and the path is the object's.
     */
    private static String pathOf(JsonParser parser, JsonProcessingException e) {
        JsonStreamContext context = parser.getParsingContext();
        JsonToken token = parser.currentToken();
        String message = String.valueOf(e.getOriginalMessage());
        boolean inField = token == JsonToken.FIELD_NAME
                || message.startsWith("Duplicate field '")
                || (token == JsonToken.VALUE_STRING && !message.startsWith("Name length"));
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.addFirst("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null && (c != context || inField)) {
                parts.addFirst("." + c.getCurrentName());
            }
        }
        if (parts.isEmpty()) {
            return "";
        }
        if (parts.size() > MAX_PATH_PARTS) {
            List<String> shown = new ArrayList<>(parts).subList(0, MAX_PATH_PARTS);
            return "$" + String.join("", shown) + "...";
        }
        return "$" + String.join("", parts);
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
