package io.planexec.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.ExecutorHeartbeat;
import io.planexec.model.ToolSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolTextTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

    @Test
    void shouldShowEachToolsQueueAndExecutorsWithWhenTheyWereLastSeen() {
        List<ToolSpec> tools = List.of(
                ToolSpec.builder("get_note").reads("note:{id}").queue("notes").build(),
                ToolSpec.builder("put_note").writes("note:{id}").queue("notes").build(),
                ToolSpec.builder("sleep").touchesNothing().build());
        List<ExecutorHeartbeat> executors = List.of(
                beat("notes-1", NOW.minusSeconds(4), "get_note", "put_note"),
                beat("notes-2", NOW.minusSeconds(95), "put_note"),
                beat("notes-3", NOW.minusSeconds(400), "put_note").stopped(NOW.minus(Duration.ofHours(2))));

        String table = ToolText.table(tools, executors, NOW);

        assertThat(table.lines())
                .containsExactly(
                        "tool      class      queue   idempotent  timeout   cap  resources         executors",
                        "get_note  MEDIUM     notes   no          30000 ms  -    reads note:{id}   notes-1 (seen 4 s ago)",
                        "put_note  MEDIUM     notes   no          30000 ms  -    writes note:{id}  notes-1 (seen 4 s ago),"
                                + " notes-2 (gone, last seen 1 min 35 s ago), notes-3 (stopped 2 h ago)",
                        "sleep     MEDIUM     medium  no          30000 ms  -    none              none seen");
    }

    private static ExecutorHeartbeat beat(String instance, Instant seen, String... tools) {
        return new ExecutorHeartbeat(instance, List.of("notes"), List.of(tools), seen, seen, 10_000, null);
    }
}
