package io.planexec.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** The JSON of tool arguments and outputs, between LangChain4j's strings and planexec's values. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The arguments object of a tool call.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readArguments(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Object value;
        try {
            value = MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the arguments are not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("the arguments are not a JSON object: " + text);
        }
        return (Map<String, Object>) value;
    }
}
