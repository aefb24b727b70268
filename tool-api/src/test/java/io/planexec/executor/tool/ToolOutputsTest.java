package io.planexec.executor.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ToolOutputsTest {

    enum Level {
        LOW
    }

    @SuppressWarnings("ArrayRecordComponent") // a tool's own output type may hold an array: its JSON form is tested
    record Row(String id, Optional<Integer> score, Level level, int[] bits) {}

    @Test
    void shouldTurnRecordsCollectionsAndScalarsIntoJsonValues() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rows", List.of(new Row("a", Optional.empty(), Level.LOW, new int[] {1, 2})));
        map.put("at", Instant.parse("2026-01-01T00:00:00Z"));
        map.put("id", UUID.fromString("00000000-0000-0000-0000-000000000001"));
        map.put("tags", Set.of("x"));
        map.put("price", new BigDecimal("1.50"));

        Object json = ToolOutputs.toJsonValue(map);

        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", "a");
        row.put("score", null);
        row.put("level", "LOW");
        row.put("bits", List.of(1, 2));
        assertThat(json)
                .isEqualTo(Map.of(
                        "rows",
                        List.of(row),
                        "at",
                        "2026-01-01T00:00:00Z",
                        "id",
                        "00000000-0000-0000-0000-000000000001",
                        "tags",
                        List.of("x"),
                        "price",
                        new BigDecimal("1.50")));
    }

    @Test
    void shouldSayWhereAnOutputHasNoJsonForm() {
        assertThatThrownBy(() -> ToolOutputs.toJsonValue(Map.of("conn", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the output at $.conn is a java.lang.Object, which has no JSON form");
        assertThatThrownBy(() -> ToolOutputs.toJsonValue(List.of(Double.NaN)))
                .hasMessage("the output at $[0] is NaN, which JSON cannot hold");
        List<Object> loop = new ArrayList<>();
        loop.add(loop);
        assertThatThrownBy(() -> ToolOutputs.toJsonValue(loop)).hasMessage("the output refers to itself at $[0]");
    }

    @Test
    void shouldGiveTheToolsOwnMessageNotAStackTrace() {
        Exception cause = new IllegalStateException("quota exceeded for key 'abc'");

        assertThat(ToolErrors.message(new CompletionException(new ExecutionException(cause))))
                .isEqualTo("quota exceeded for key 'abc'");
        assertThat(ToolErrors.message(new InvocationTargetException(new NullPointerException())))
                .isEqualTo("NullPointerException");
        assertThat(ToolErrors.message(new RuntimeException("x".repeat(3_000)))).hasSize(2_003);
        assertThat(ToolErrors.isRetryable(new CompletionException(new NonRetryableException("no"))))
                .isFalse();
        assertThat(ToolErrors.isRetryable(cause)).isTrue();
    }
}
