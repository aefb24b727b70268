package io.planexec.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.spec.McpSchema;
import io.planexec.model.SpecOverride;
import io.planexec.model.ToolSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table of docs/tools.md: what a tool's MCP annotations make of its spec. */
class McpToolSpecsTest {

    private static final Map<String, Object> SCHEMA =
            Map.of("type", "object", "properties", Map.of("path", Map.of("type", "string")));

    @Test
    void shouldNameAToolAfterItsServerInCharactersAnLlmAccepts() {
        assertThat(McpToolSpecs.toolName("files", "read_text_file")).isEqualTo("files__read_text_file");
        assertThat(McpToolSpecs.toolName("gh", "repos.get/readme v2")).isEqualTo("gh__repos_get_readme_v2");
    }

    @Test
    void shouldLeaveOutAToolWhoseNameIsTooLongForAnLlm() {
        assertThat(McpToolSpecs.spec("server", tool("t".repeat(60), null), SpecOverride.NONE))
                .isEmpty();
    }

    @Test
    void shouldReadTheServerAndBeIdempotentForAReadOnlyTool() {
        ToolSpec spec = spec(hints(true, null, null));

        assertThat(spec.name()).isEqualTo("files__tool");
        assertThat(spec.reads()).containsExactly("mcp:files");
        assertThat(spec.writes()).isEmpty();
        assertThat(spec.idempotent()).isTrue();
        assertThat(spec.parameters()).isEqualTo(SCHEMA);
        assertThat(spec.description()).isEqualTo("A tool.");
    }

    @Test
    void shouldRepeatAWritingToolOnlyWhenItSaysItIsIdempotentAndNotDestructive() {
        assertThat(spec(hints(false, true, false)).idempotent()).isTrue();
        assertThat(spec(hints(false, true, true)).idempotent()).isFalse();
        assertThat(spec(hints(false, true, null)).idempotent())
                .as("MCP's default destructiveHint is true")
                .isFalse();
        assertThat(spec(hints(null, null, null)).idempotent()).isFalse();
        assertThat(spec(null).idempotent()).isFalse();
    }

    @Test
    void shouldLeaveTheResourcesOfAWritingToolUnknownSoItsStepsRunAlone() {
        assertThat(spec(hints(false, true, false)).hasResourceInfo()).isFalse();
        assertThat(spec(null).hasResourceInfo()).isFalse();
    }

    @Test
    void shouldTakeTheOverridesOverTheAnnotations() {
        SpecOverride override = new SpecOverride(
                "Writes a file.", null, List.of("file:{path}"), true, 2, null, 1_000L, 1, null, null, null);

        ToolSpec spec = McpToolSpecs.spec("files", tool("tool", hints(true, null, null)), override)
                .orElseThrow();

        assertThat(spec.reads()).as("reads and writes are overridden together").isEmpty();
        assertThat(spec.writes()).containsExactly("file:{path}");
        assertThat(spec.idempotent()).isTrue();
        assertThat(spec.concurrencyCap()).isEqualTo(2);
        assertThat(spec.timeoutMs()).isEqualTo(1_000L);
        assertThat(spec.maxRetries()).isEqualTo(1);
        assertThat(spec.description()).isEqualTo("Writes a file.");
    }

    @Test
    void shouldNameTheToolOfAnOverrideThatMakesABadSpec() {
        SpecOverride override =
                new SpecOverride(null, null, List.of("file:{path"), null, null, null, null, null, null, null, null);

        assertThatThrownBy(() -> McpToolSpecs.spec("files", tool("tool", null), override))
                .hasMessageStartingWith(
                        "MCP tool 'tool' of server 'files' as files__tool: tool 'files__tool': writes:");
    }

    private static ToolSpec spec(McpSchema.ToolAnnotations hints) {
        return McpToolSpecs.spec("files", tool("tool", hints), SpecOverride.NONE)
                .orElseThrow();
    }

    private static McpSchema.Tool tool(String name, McpSchema.ToolAnnotations hints) {
        McpSchema.Tool.Builder tool = McpSchema.Tool.builder(name, SCHEMA).description("A tool.");
        if (hints != null) {
            tool.annotations(hints);
        }
        return tool.build();
    }

    private static McpSchema.ToolAnnotations hints(Boolean readOnly, Boolean idempotent, Boolean destructive) {
        return McpSchema.ToolAnnotations.builder()
                .readOnlyHint(readOnly)
                .idempotentHint(idempotent)
                .destructiveHint(destructive)
                .build();
    }
}
