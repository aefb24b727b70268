package io.planexec.standalone.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.executor.tool.Tool;
import io.planexec.model.ToolSpec;
import io.planexec.wire.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/tools.json} (what the README's {@code explain} examples plan against) says what the demo tools are:
 * the same tools, each spec exactly as the demo executor publishes it.
 */
class ExampleToolsFileTest {

    private static final Path FILE = Path.of("..", "examples", "tools.json");

    @Test
    void shouldDescribeTheDemoToolsExactly() throws IOException {
        WireFormat wire = new WireFormat();
        List<ToolSpec> file = wire.readToolSpecs(Files.readAllBytes(FILE));
        List<ToolSpec> demo = new DemoTools()
                .tools().stream()
                        .map(Tool::spec)
                        .sorted(Comparator.comparing(ToolSpec::name))
                        .toList();

        // compared as written on the wire: a number read back from JSON may be another Java type of the same value
        assertThat(file.stream().map(s -> new String(wire.writeToolSpec(s), StandardCharsets.UTF_8)))
                .as("examples/tools.json against the demo tools (write it with 'planexec tools --format json'"
                        + " against './planexec dev')")
                .containsExactlyElementsOf(demo.stream()
                        .map(s -> new String(wire.writeToolSpec(s), StandardCharsets.UTF_8))
                        .toList());
    }
}
