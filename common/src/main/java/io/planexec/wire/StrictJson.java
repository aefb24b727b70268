package io.planexec.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON parser and writer of planexec: strict (duplicate keys, trailing garbage, comments and other non-standard
 * syntax rejected) and bounded ({@link WireLimits}). Converts between JSON trees and the model's plain-Java JSON values.
 * Thread-safe.
 */
public final class StrictJson {

    private final WireLimits limits;
    private final ObjectMapper mapper;

    public StrictJson(WireLimits limits) {
        this.limits = limits;
        JsonMapper built = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_SINGLE_QUOTES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
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

    /** Parses one JSON document. */
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
        if (bytes.length == 0) {
            throw new WireFormatException("", "empty document");
        }
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new WireFormatException("", "empty document");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new WireFormatException("", "not valid JSON: " + describe(e), e);
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
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
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

    /** Jackson's message without its source dump, plus line and column. */
    private static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (e.getLocation() != null) {
            msg += " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
        }
        return msg;
    }
}
