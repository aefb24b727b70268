package io.planexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.planexec.wire.StrictJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code planexec explain} on the shipped examples (found relative to the module directory). */
class ExplainCommandTest {

    private static final String TOOLS = "../examples/tools.json";

    private record Run(int exitCode, String out, String err) {}

    private static Run explain(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "explain";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = PlanexecCli.execute(full, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void shouldExplainTheUsersExampleAsAStrictChainWithReasons() {
        Run run = explain("../examples/users-create-list-update.json", "--tools", TOOLS);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("plan p-users: OK, 3 steps")
                .contains("list_1 waits for create_1: create_1 writes database:users, list_1 reads it (order only)")
                .contains("update_1 waits for create_1: update_1 uses the output of create_1 (args.id)")
                .contains("update_1 waits for list_1: list_1 reads database:users, update_1 writes it")
                .contains("critical path: create_1 -> list_1 -> update_1");
    }

    @Test
    void shouldRunIndependentCallsAtTheSameLevel() {
        Run run = explain("../examples/openai-weather-news.json", "--tools", TOOLS, "--format", "json");

        assertThat(run.exitCode()).isZero();
        JsonNode json = new StrictJson().parse(run.out());
        assertThat(json.get("status").asText()).isEqualTo("OK");
        assertThat(json.get("levels").get(0).toString()).isEqualTo("[\"call_1\",\"call_2\",\"call_3\"]");
        assertThat(json.get("edges")).hasSize(1);
        assertThat(json.get("edges").get(0).get("reasons").get(0).get("kind").asText())
                .isEqualTo("resource");
    }

    @Test
    void shouldFollowAnArtifactInTheStepsDialect() {
        Run run = explain("../examples/steps-export-users.json", "--tools", TOOLS, "--format", "json");

        JsonNode json = new StrictJson().parse(run.out());
        assertThat(json.get("edges").get(0).get("from").asText()).isEqualTo("fetch");
        assertThat(json.get("edges").get(0).get("to").asText()).isEqualTo("export");
        assertThat(json.get("edges").get(0).get("data_flow").asBoolean()).isTrue();
        assertThat(json.get("steps").get(1).get("writes").get(0).asText()).isEqualTo("file:users.json");
    }

    @Test
    void shouldRejectACycleWithExitCodeOneAndItsPath() {
        Run run = explain("../examples/cycle-rejected.json", "--tools", TOOLS, "--format", "json");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_SUCCESSFUL);
        JsonNode json = new StrictJson().parse(run.out());
        assertThat(json.get("status").asText()).isEqualTo("REJECTED");
        assertThat(json.get("errors").get(0).get("message").asText()).isEqualTo("cycle: a -> b -> c -> a");
    }

    @Test
    void shouldRunALegacyToolAloneInTheAnthropicExample() {
        Run run = explain("../examples/anthropic-files.json", "--tools", TOOLS);

        assertThat(run.out())
                .doesNotContain("toolu_02 waits for toolu_01")
                .contains(
                        "toolu_04 waits for toolu_03: toolu_04 (legacy_tool) declares no resources, so it runs alone");
    }

    @Test
    void shouldRenderDotAndMermaid() {
        assertThat(explain("../examples/steps-export-users.json", "--tools", TOOLS, "--format", "dot")
                        .out())
                .startsWith("digraph \"p-43\" {")
                .contains("\"fetch\" -> \"export\" [label=\"artifact\"];");
        assertThat(explain("../examples/users-create-list-update.json", "--tools", TOOLS, "--format", "mermaid")
                        .out())
                .startsWith("flowchart LR")
                .contains("s0 -.->|resource| s1");
    }

    @Test
    void shouldExitTwoNamingAMissingFile() {
        Run run = explain("missing.json", "--tools", TOOLS);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("cannot read request file 'missing.json': no such file");
    }

    @Test
    void shouldExitTwoNamingTheBadToolSpec(@TempDir Path dir) throws Exception {
        Path tools = Files.writeString(dir.resolve("tools.json"), "[{\"name\": \"a b\"}]");

        Run run = explain("../examples/steps-export-users.json", "--tools", tools.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("tools file '" + tools + "': $[0]: tool name must match");
    }

    @Test
    void shouldRejectAnUnparseableRequestNamingWhereAndExitTwoAsSubmitDoes(@TempDir Path dir) throws Exception {
        Path request =
                Files.writeString(dir.resolve("r.json"), "{\"schema_version\": 1, \"plan_id\": \"p\", \"steps\": 5}");

        Run run = explain(request.toString(), "--tools", TOOLS);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).contains("plan p: REJECTED").contains("$.steps: expected an array, got a number");
    }

    @Test
    void shouldFailAStepWithAnUnknownToolListingTheKnownOnes(@TempDir Path dir) throws Exception {
        Path request = Files.writeString(
                dir.resolve("r.json"),
                "{\"schema_version\": 1, \"plan_id\": \"p\", \"steps\": [{\"id\": \"a\", \"tool\": \"get_wether\"}]}");

        Run run = explain(request.toString(), "--tools", TOOLS);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("fails without running: unknown tool 'get_wether'. Known tools: create_user,");
    }

    @Test
    void shouldExitTwoOnAnUnknownFormat() {
        Run run = explain("../examples/steps-export-users.json", "--tools", TOOLS, "--format", "svg");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'svg' is not a format: use text, json, dot or mermaid");
    }
}
