package io.planexec.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.spec.McpSchema;
import io.planexec.executor.tool.NonRetryableException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpOutputsTest {

    @Test
    void shouldGiveTheTextOfASingleTextItem() {
        assertThat(McpOutputs.output(result(List.of(text("hello")), null, null)))
                .isEqualTo("hello");
    }

    @Test
    void shouldPreferTheStructuredContent() {
        assertThat(McpOutputs.output(result(List.of(text("{\"n\":1}")), Map.of("n", 1), null)))
                .isEqualTo(Map.of("n", 1));
    }

    @Test
    void shouldGiveEveryItemOfAMixedResultTextAsTextOthersInTheirMcpForm() {
        Object output = McpOutputs.output(result(
                List.of(
                        text("a chart"),
                        McpSchema.ImageContent.builder("iVBORw0KGgo=", "image/png")
                                .build()),
                null,
                null));

        assertThat(output)
                .isEqualTo(
                        List.of("a chart", Map.of("type", "image", "data", "iVBORw0KGgo=", "mimeType", "image/png")));
    }

    @Test
    void shouldGiveNothingForNoContent() {
        assertThat(McpOutputs.output(result(List.of(), null, null))).isNull();
    }

    @Test
    void shouldFailAStepWithTheTextOfAnErrorResultNotToBeRetried() {
        assertThatThrownBy(() ->
                        McpOutputs.output(result(List.of(text("ENOENT: no such file"), text("at a.txt")), null, true)))
                .isInstanceOf(NonRetryableException.class)
                .hasMessage("ENOENT: no such file\nat a.txt");
        assertThatThrownBy(() -> McpOutputs.output(result(List.of(), null, true)))
                .hasMessage("the MCP tool reported an error and gave no text");
    }

    private static McpSchema.Content text(String text) {
        return McpSchema.TextContent.builder(text).build();
    }

    private static McpSchema.CallToolResult result(List<McpSchema.Content> content, Object structured, Boolean error) {
        return new McpSchema.CallToolResult(content, error, structured, null);
    }
}
