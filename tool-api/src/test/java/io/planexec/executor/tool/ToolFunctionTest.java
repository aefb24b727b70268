package io.planexec.executor.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import io.planexec.wire.StrictJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ToolFunctionTest {

    enum Format {
        CSV,
        JSON
    }

    record User(String name, @Arg(description = "years") int age) {
        User {
            if (age < 0) {
                throw new IllegalArgumentException("age must not be negative, got " + age);
            }
        }
    }

    record Filter(int min, Optional<Integer> max) {}

    /** Tools covering the supported parameter types. */
    public static final class Tools {
        @ToolFunction(
                description = "Exports users",
                writes = "file:{filename}",
                concurrencyCap = 2,
                latencyClass = LatencyClass.SLOW,
                timeoutMs = 5_000,
                maxRetries = 1)
        public Map<String, Object> exportUsers(
                List<User> users,
                @Arg(value = "filename", description = "where to write") String file,
                Format format,
                Optional<Boolean> gzip,
                ToolContext context) {
            return Map.of(
                    "count",
                    users.size(),
                    "file",
                    file,
                    "format",
                    format,
                    "gzip",
                    gzip.orElse(false),
                    "plan",
                    context.planId());
        }

        @ToolFunction(description = "Searches", reads = "index:{index}", idempotent = true, name = "search_docs")
        public List<String> search(String index, long limit, Filter filter, Set<String> tags) {
            return List.of(index + ":" + limit + ":" + filter.min() + ":"
                    + filter.max().orElse(-1) + ":" + tags.size());
        }

        @ToolFunction(
                description = "Says hello, later",
                reads = {},
                writes = {})
        public CompletionStage<String> hello(String name) {
            return CompletableFuture.completedFuture("hello " + name);
        }

        @ToolFunction(description = "Anything goes")
        public Object echo(Object value, Map<String, BigDecimal> weights, Instant at, double ratio) {
            return List.of(value, weights, at.toString(), ratio);
        }
    }

    private static final StrictJson JSON = new StrictJson();

    @Test
    void shouldTakeTheSpecFromTheAnnotation() {
        Map<String, Tool> tools = byName(Tool.fromMethods(new Tools()));

        ToolSpec export = tools.get("exportUsers").spec();
        assertThat(export.description()).isEqualTo("Exports users");
        assertThat(export.writes()).containsExactly("file:{filename}");
        assertThat(export.reads()).isEmpty();
        assertThat(export.concurrencyCap()).isEqualTo(2);
        assertThat(export.latencyClass()).isEqualTo(LatencyClass.SLOW);
        assertThat(export.timeoutMs()).isEqualTo(5_000);
        assertThat(export.maxRetries()).isEqualTo(1);
        assertThat(export.idempotent()).isFalse();
        assertThat(tools.get("search_docs").spec().idempotent()).isTrue();
        assertThat(tools.get("hello").spec().hasResourceInfo()).isTrue();
        assertThat(tools.get("hello").spec().writes()).isEmpty();
    }

    @Test
    void shouldSayResourcesAreUnknownWhenNeitherReadsNorWritesIsGiven() {
        ToolSpec echo = byName(Tool.fromMethods(new Tools())).get("echo").spec();

        assertThat(echo.hasResourceInfo()).isFalse();
        assertThat(echo.reads()).isNull();
        assertThat(echo.writes()).isNull();
        assertThat(echo.concurrencyCap()).isNull();
        assertThat(echo.maxRetries()).isNull();
        assertThat(echo.latencyClass()).isEqualTo(LatencyClass.MEDIUM);
    }

    @Test
    void shouldDeriveTheJsonSchemaFromTheParameters() {
        Map<String, Object> schema =
                byName(Tool.fromMethods(new Tools())).get("exportUsers").spec().parameters();

        assertThat(JSON.writeString(JSON.toNode(schema)))
                .isEqualTo("{\"type\":\"object\",\"properties\":{"
                        + "\"users\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
                        + "\"name\":{\"type\":\"string\"},"
                        + "\"age\":{\"type\":\"integer\",\"minimum\":-2147483648,\"maximum\":2147483647,"
                        + "\"description\":\"years\"}},"
                        + "\"required\":[\"name\",\"age\"],\"additionalProperties\":false}},"
                        + "\"filename\":{\"type\":\"string\",\"description\":\"where to write\"},"
                        + "\"format\":{\"type\":\"string\",\"enum\":[\"CSV\",\"JSON\"]},"
                        + "\"gzip\":{\"type\":\"boolean\"}},"
                        + "\"required\":[\"users\",\"filename\",\"format\"],\"additionalProperties\":false}");
    }

    @Test
    void shouldDeriveSchemasOfMapsSetsNumbersInstantsAndAnyValue() {
        Map<String, Tool> tools = byName(Tool.fromMethods(new Tools()));
        String search =
                JSON.writeString(JSON.toNode(tools.get("search_docs").spec().parameters()));
        String echo = JSON.writeString(JSON.toNode(tools.get("echo").spec().parameters()));

        assertThat(search)
                .contains("\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"uniqueItems\":true}")
                .contains("\"max\":{\"type\":\"integer\"")
                .contains("\"required\":[\"min\"]");
        assertThat(echo)
                .contains("\"value\":{}")
                .contains("\"weights\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"number\"}}")
                .contains("\"at\":{\"type\":\"string\",\"format\":\"date-time\"}")
                .contains("\"ratio\":{\"type\":\"number\"}");
    }

    @Test
    void shouldBindJsonArgumentsAndPassTheContext() throws Exception {
        Tool export = byName(Tool.fromMethods(new Tools())).get("exportUsers");

        Object output = export.prepare(JsonArgs.parse(
                        "{\"users\":[{\"name\":\"ann\",\"age\":30}],\"filename\":\"u.csv\",\"format\":\"CSV\"}"))
                .invoke(context("exportUsers"));

        assertThat(output)
                .isEqualTo(Map.of("count", 1, "file", "u.csv", "format", Format.CSV, "gzip", false, "plan", "p1"));
    }

    @Test
    void shouldBindNestedRecordsOptionalsAndSets() throws Exception {
        Tool search = byName(Tool.fromMethods(new Tools())).get("search_docs");

        Object output = search.prepare(JsonArgs.parse(
                        "{\"index\":\"docs\",\"limit\":10,\"filter\":{\"min\":2},\"tags\":[\"a\",\"b\",\"a\"]}"))
                .invoke(context("search_docs"));

        assertThat(output).isEqualTo(List.of("docs:10:2:-1:2"));
    }

    @Test
    void shouldNameTheToolAndTheArgumentInBindingErrors() {
        Tool search = byName(Tool.fromMethods(new Tools())).get("search_docs");
        Tool export = byName(Tool.fromMethods(new Tools())).get("exportUsers");

        assertThatThrownBy(() -> search.prepare(
                        JsonArgs.parse("{\"index\":\"d\",\"limit\":\"ten\",\"filter\":{\"min\":1},\"tags\":[]}")))
                .isInstanceOf(InvalidArgumentsException.class)
                .hasMessage("tool 'search_docs': argument 'limit' must be an integer, got \"ten\"");
        assertThatThrownBy(() -> search.prepare(
                        JsonArgs.parse("{\"index\":\"d\",\"limit\":1.5,\"filter\":{\"min\":1},\"tags\":[]}")))
                .hasMessage("tool 'search_docs': argument 'limit' must be an integer, got 1.5");
        assertThatThrownBy(() -> search.prepare(
                        JsonArgs.parse("{\"index\":\"d\",\"limit\":1,\"filter\":{\"mn\":1},\"tags\":[]}")))
                .hasMessage("tool 'search_docs': argument 'filter' has no field 'mn' (fields: min, max)");
        assertThatThrownBy(() -> search.prepare(JsonArgs.parse("{\"index\":\"d\",\"filter\":{\"min\":1}}")))
                .hasMessage("tool 'search_docs': missing argument 'limit' (an integer)");
        assertThatThrownBy(() -> search.prepare(
                        JsonArgs.parse("{\"index\":\"d\",\"limit\":1,\"filter\":{\"min\":1},\"tags\":[],\"page\":2}")))
                .hasMessage("tool 'search_docs': unknown argument 'page' (arguments: index, limit, filter, tags)");
        assertThatThrownBy(() -> export.prepare(JsonArgs.parse(
                        "{\"users\":[{\"name\":\"ann\",\"age\":-1}],\"filename\":\"f\",\"format\":\"XML\"}")))
                .hasMessage("tool 'exportUsers': argument 'users[0]': age must not be negative, got -1");
        assertThatThrownBy(() -> export.prepare(JsonArgs.parse("{\"users\":[],\"filename\":\"f\",\"format\":\"XML\"}")))
                .hasMessage("tool 'exportUsers': argument 'format' must be one of \"CSV\", \"JSON\", got \"XML\"");
        assertThatThrownBy(() -> search.prepare(JsonArgs.parse(
                        "{\"index\":\"d\",\"limit\":99999999999999999999,\"filter\":{\"min\":1},\"tags\":[]}")))
                .hasMessage("tool 'search_docs': argument 'limit' must be an integer between -9223372036854775808"
                        + " and 9223372036854775807, got 99999999999999999999");
    }

    @Test
    void shouldTellAsyncToolsFromSyncOnes() throws Exception {
        Tool hello = byName(Tool.fromMethods(new Tools())).get("hello");

        PreparedCall call = hello.prepare(Map.of("name", "ann"));

        assertThat(call.isAsync()).isTrue();
        assertThat(((CompletionStage<?>) call.invoke(context("hello")))
                        .toCompletableFuture()
                        .join())
                .isEqualTo("hello ann");
    }

    /** Methods that cannot be tools. */
    public static final class BadType {
        @ToolFunction(description = "d")
        public void when(Date date) {}
    }

    /** Two methods with one name. */
    public static final class Duplicate {
        @ToolFunction(description = "d", name = "same")
        public void a() {}

        @ToolFunction(description = "d", name = "same")
        public void b() {}
    }

    /** An optional primitive. */
    public static final class OptionalPrimitive {
        @ToolFunction(description = "d")
        public void page(@Arg(required = false) int page) {}
    }

    /** A bad resource template. */
    public static final class BadTemplate {
        @ToolFunction(description = "d", writes = "file:{path")
        public void write(String path) {}
    }

    @Test
    void shouldRefuseMethodsThatCannotBeToolsAndSayWhy() {
        assertThatThrownBy(() -> Tool.fromMethods(new BadType()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tool 'when' (BadType.when): parameter 'date' has the type java.util.Date,"
                        + " which has no JSON form");
        assertThatThrownBy(() -> Tool.fromMethods(new Duplicate()))
                .hasMessageContaining("tool 'same' is defined twice");
        assertThatThrownBy(() -> Tool.fromMethods(new OptionalPrimitive()))
                .hasMessageContaining("is optional but has the primitive type int");
        assertThatThrownBy(() -> Tool.fromMethods(new BadTemplate()))
                .hasMessageStartingWith("tool 'write' (BadTemplate.write): tool 'write': writes:");
        assertThatThrownBy(() -> Tool.fromMethods("no tools here"))
                .hasMessage("java.lang.String has no @ToolFunction method");
    }

    @Test
    void shouldPassArgumentsOfDynamicToolsAsTheyCame() throws Exception {
        Tool dynamic = Tool.sync(ToolSpec.builder("dyn").build(), (args, ctx) -> args.get("x"));

        assertThat(dynamic.prepare(Map.of("x", List.of(1, 2))).invoke(context("dyn")))
                .isEqualTo(List.of(1, 2));
        assertThat(dynamic.prepare(null).isAsync()).isFalse();
    }

    private static Map<String, Tool> byName(List<Tool> tools) {
        return tools.stream().collect(Collectors.toMap(Tool::name, t -> t));
    }

    /** JSON text to plain arguments, as the wire format delivers them. */
    static final class JsonArgs {
        @SuppressWarnings("unchecked")
        static Map<String, Object> parse(String json) {
            return (Map<String, Object>) StrictJson.toValue(JSON.parse(json));
        }
    }

    /** A context for direct calls, in plan p1, step s1. */
    private static ToolContext context(String tool) {
        return ToolContext.direct(tool, "p1", "s1", "test");
    }
}
