package io.planexec.standalone.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.executor.tool.NonRetryableException;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolContext;
import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoToolsTest {

    private final DemoTools demo = new DemoTools();
    private final Map<String, Tool> tools = demo.tools().stream().collect(Collectors.toMap(Tool::name, t -> t));

    @Test
    void shouldDeclareTheDocumentedSpecs() {
        assertThat(tools)
                .containsOnlyKeys(
                        "get_weather",
                        "get_news",
                        "create_user",
                        "list_users",
                        "update_user",
                        "fetch_users",
                        "export_users",
                        "write_file",
                        "read_file",
                        "sleep",
                        "flaky",
                        "fail",
                        "legacy_tool");
        assertSpec("get_weather", List.of(), List.of("cache:weather"), true, LatencyClass.SLOW);
        assertSpec("get_news", List.of(), List.of("cache:news"), true, LatencyClass.SLOW);
        assertSpec("create_user", List.of(), List.of("database:users"), false, LatencyClass.FAST);
        assertSpec("list_users", List.of("database:users"), List.of(), true, LatencyClass.FAST);
        assertSpec("update_user", List.of(), List.of("database:users"), false, LatencyClass.FAST);
        assertSpec("fetch_users", List.of("database:users"), List.of(), true, LatencyClass.MEDIUM);
        assertSpec("export_users", List.of(), List.of("file:{filename}"), true, LatencyClass.MEDIUM);
        assertSpec("write_file", List.of(), List.of("file:{path}"), true, LatencyClass.FAST);
        assertSpec("read_file", List.of("file:{path}"), List.of(), true, LatencyClass.FAST);
        assertSpec("sleep", List.of(), List.of(), true, LatencyClass.MEDIUM);
        assertSpec("flaky", List.of(), List.of(), true, LatencyClass.FAST);
        assertSpec("fail", List.of(), List.of(), false, LatencyClass.FAST);
        assertThat(tools.get("legacy_tool").spec().hasResourceInfo()).isFalse();
        assertThat(tools.get("get_weather").spec().parameters())
                .extractingByKey("required")
                .isEqualTo(List.of("city"));
    }

    @Test
    void shouldCreateListAndUpdateUsersInMemory() throws Exception {
        DemoTools.User ann = (DemoTools.User) call("create_user", Map.of("name", "Ann"));
        assertThat(ann.id()).isEqualTo("u-1");
        assertThat(call("list_users", Map.of())).isEqualTo(List.of(ann));

        assertThat(call("update_user", Map.of("id", "u-1", "name", "Ann B.")))
                .isEqualTo(new DemoTools.User("u-1", "Ann B."));
        assertThatThrownBy(() -> call("update_user", Map.of("id", "u-9", "name", "X")))
                .isInstanceOf(NonRetryableException.class)
                .hasMessageContaining("no user with id 'u-9'")
                .hasMessageContaining("u-1");
        assertThat(call("fetch_users", Map.of("limit", 0))).isEqualTo(List.of());
        assertThat(demo.calls("create_user")).isEqualTo(1);
    }

    @Test
    void shouldKeepFilesInMemory() throws Exception {
        call("write_file", Map.of("path", "notes/a.txt", "content", "alpha"));
        assertThat(call("read_file", Map.of("path", "notes/a.txt"))).isEqualTo("alpha");
        assertThatThrownBy(() -> call("read_file", Map.of("path", "missing.txt")))
                .hasMessageContaining("no file 'missing.txt'");

        call("export_users", Map.of("users", List.of(Map.of("id", "u-1", "name", "Ann")), "filename", "users.csv"));
        assertThat(call("read_file", Map.of("path", "users.csv"))).isEqualTo("u-1,Ann\n");
    }

    @Test
    void shouldFailTheFirstAttemptsOfAFlakyKeyThenSucceed() throws Exception {
        Map<String, Object> args = Map.of("fail_times", 2, "key", "k");
        assertThatThrownBy(() -> call("flaky", args)).hasMessageContaining("flaky failure 1 of 2");
        assertThatThrownBy(() -> call("flaky", args)).hasMessageContaining("flaky failure 2 of 2");
        assertThat(call("flaky", args)).isEqualTo(Map.of("key", "k", "attempts", 3));
    }

    @Test
    void shouldSleepWithoutAThreadAndReturnTheValue() throws Exception {
        Object result = call("sleep", Map.of("ms", 50, "value", Map.of("answer", 42)));
        assertThat(((CompletionStage<?>) result).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEqualTo(Map.of("answer", 42));
    }

    @Test
    void shouldFailWithTheGivenMessageWithoutRetries() {
        assertThatThrownBy(() -> call("fail", Map.of("message", "boom")))
                .isInstanceOf(NonRetryableException.class)
                .hasMessage("boom");
    }

    private void assertSpec(String name, List<String> reads, List<String> writes, boolean idempotent, LatencyClass c) {
        ToolSpec spec = tools.get(name).spec();
        assertThat(spec.reads()).as(name + " reads").isEqualTo(reads);
        assertThat(spec.writes()).as(name + " writes").isEqualTo(writes);
        assertThat(spec.idempotent()).as(name + " idempotent").isEqualTo(idempotent);
        assertThat(spec.latencyClass()).as(name + " class").isEqualTo(c);
        assertThat(spec.description()).as(name + " description").isNotBlank();
    }

    private Object call(String tool, Map<String, Object> args) throws Exception {
        return tools.get(tool).prepare(args).invoke(ToolContext.direct(tool, "p", "s", "test"));
    }
}
