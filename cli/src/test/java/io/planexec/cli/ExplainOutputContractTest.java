package io.planexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.planexec.wire.StrictJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code explain --format json} keeps its documented contract: docs/schemas/explain-output.schema.json. */
class ExplainOutputContractTest {

    private static final String ID_PREFIX = "https://planexec.io/schemas/v1/";
    private static final String TOOLS = "../examples/tools.json";
    private static final StrictJson JSON = new StrictJson();

    private static SchemaRegistry registry;

    @BeforeAll
    static void loadSchemas() throws IOException {
        Map<String, String> schemas = new HashMap<>();
        try (Stream<Path> files = Files.list(Path.of("../docs/schemas"))) {
            for (Path f : files.toList()) {
                schemas.put(ID_PREFIX + f.getFileName(), Files.readString(f));
            }
        }
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(schemas));
    }

    private static List<String> violations(JsonNode output) {
        return registry.getSchema(SchemaLocation.of(ID_PREFIX + "explain-output.schema.json")).validate(output).stream()
                .map(Error::toString)
                .toList();
    }

    private static String explainJson(String request) {
        StringWriter out = new StringWriter();
        PlanexecCli.execute(
                new String[] {"explain", request, "--tools", TOOLS, "--format", "json"},
                new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        return out.toString();
    }

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../examples"))) {
            return files
                    // tools.json is a tools file; mcp-*.json are configurations of MCP servers (--mcp-config)
                    .filter(f -> !f.getFileName().toString().startsWith("mcp-"))
                    .map(Path::toString)
                    .filter(f -> f.endsWith(".json") && !f.endsWith("tools.json"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void shouldPrintOutputValidAgainstItsSchemaForEveryExample(String request) {
        JsonNode output = JSON.parse(explainJson(request));

        assertThat(violations(output)).isEmpty();
        assertThat(output.get("schema_version").asInt()).isEqualTo(1);
    }

    @Test
    void shouldPrintValidOutputForAnUnreadableRequestAndAStepThatFailsAtPlanning(@TempDir Path dir) throws IOException {
        Path unreadable = Files.writeString(dir.resolve("bad.json"), "{\"plan_id\": 5");
        Path unknownTool = Files.writeString(
                dir.resolve("unknown.json"),
                "{\"schema_version\": 1, \"plan_id\": \"p\", \"steps\": [{\"id\": \"a\", \"tool\": \"nope\"}]}");

        JsonNode rejected = JSON.parse(explainJson(unreadable.toString()));
        JsonNode accepted = JSON.parse(explainJson(unknownTool.toString()));

        assertThat(violations(rejected)).isEmpty();
        assertThat(rejected.get("plan_id").isNull()).isTrue();
        assertThat(violations(accepted)).isEmpty();
        assertThat(accepted.get("steps").get(0).get("error").asText()).startsWith("unknown tool 'nope'");
        assertThat(accepted.get("steps").get(0).get("reads").isNull()).isTrue();
    }

    @Test
    void shouldPrintExactlyTheExampleOfTheProtocolDocument() throws IOException {
        // Given: the first explain-output example of docs/protocol.md
        List<String> lines = Files.readAllLines(Path.of("../docs/protocol.md"));
        int marker = lines.indexOf("<!-- schema: explain-output -->");
        StringBuilder documented = new StringBuilder();
        for (int i = marker + 2; !lines.get(i).equals("```"); i++) {
            documented.append(lines.get(i)).append('\n');
        }

        // When
        String printed = explainJson("../examples/users-create-list-update.json");

        // Then
        assertThat(JSON.parse(printed)).isEqualTo(JSON.parse(documented.toString()));
    }

    @Test
    void shouldPrintTextFiguresTheSameWayInEveryLocale(@TempDir Path dir) throws IOException {
        Path request = Files.writeString(
                dir.resolve("r.json"),
                "{\"schema_version\": 1, \"plan_id\": \"p\", \"steps\": [{\"id\": \"a\", \"tool\": \"sleep\"},"
                        + " {\"id\": \"b\", \"tool\": \"sleep\", \"depends_on\": [\"a\"]}]}");
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            StringWriter out = new StringWriter();
            PlanexecCli.execute(
                    new String[] {"explain", request.toString(), "--tools", TOOLS},
                    new PrintWriter(out),
                    new PrintWriter(new StringWriter()));

            assertThat(out.toString()).contains("(estimated 2,000 ms; serial 2,000 ms; up to 1 at once)");
        } finally {
            Locale.setDefault(before);
        }
    }
}
