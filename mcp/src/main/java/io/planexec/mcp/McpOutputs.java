package io.planexec.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.planexec.executor.tool.NonRetryableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code tools/call} result as a step's output: the structured content when the tool gives one; else the text of a
 * single text item; else every item, a text item as its text and any other (image, audio, resource) in its MCP JSON
 * form; {@code null} for no content. A result with {@code isError} is a failed step whose error is the result's text.
 */
final class McpOutputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private McpOutputs() {}

    /**
     * The output of a result.
     *
     * @throws NonRetryableException for a result with {@code isError}: the tool ran and reported the error
     */
    static Object output(McpSchema.CallToolResult result) {
        if (Boolean.TRUE.equals(result.isError())) {
            String text = text(result.content());
            throw new NonRetryableException(text.isBlank() ? "the MCP tool reported an error and gave no text" : text);
        }
        if (result.structuredContent() != null) {
            return JSON.convertValue(result.structuredContent(), Object.class);
        }
        List<McpSchema.Content> content = result.content() == null ? List.of() : result.content();
        if (content.isEmpty()) {
            return null;
        }
        if (content.size() == 1 && content.get(0) instanceof McpSchema.TextContent text) {
            return text.text();
        }
        List<Object> items = new ArrayList<>();
        for (McpSchema.Content item : content) {
            items.add(item instanceof McpSchema.TextContent text ? text.text() : JSON.convertValue(item, Map.class));
        }
        return items;
    }

    /** The text items of a content list, one per line. */
    static String text(List<McpSchema.Content> content) {
        if (content == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (McpSchema.Content item : content) {
            if (item instanceof McpSchema.TextContent t) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(t.text());
            }
        }
        return text.toString();
    }
}
