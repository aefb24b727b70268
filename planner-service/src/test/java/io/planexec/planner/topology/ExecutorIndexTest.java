package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.ExecutorHeartbeat;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutorIndexTest {

    private static final Instant T = Instant.parse("2026-01-31T12:00:00Z");
    private static final long NOW = T.toEpochMilli();

    private static ExecutorHeartbeat beat(String instance, Instant seen, String... tools) {
        return new ExecutorHeartbeat(instance, List.of("fast"), List.of(tools), T, seen, 10_000, null);
    }

    @Test
    void shouldKnowWhichToolsHaveARunningExecutorAndWhoServedThemLast() {
        ExecutorIndex index = new ExecutorIndex();
        index.put(beat("a", T, "put_note", "get_note"));
        index.put(beat("b", T.minusSeconds(60), "get_note"));

        assertThat(index.served("put_note", NOW)).isTrue();
        assertThat(index.served("put_note", NOW + 30_000)).isFalse();
        assertThat(index.lastSeenMs("get_note")).isEqualTo(NOW);
        assertThat(index.describe("get_note"))
                .isEqualTo("it was last served by executor 'a' (queue fast), last seen at 2026-01-31T12:00:00Z");
        assertThat(index.served("other", NOW)).isFalse();
        assertThat(index.lastSeenMs("other")).isEqualTo(-1);
        assertThat(index.describe("other")).isEqualTo("no executor serving it has been seen");
    }

    @Test
    void shouldFollowAnExecutorThatDropsATool() {
        ExecutorIndex index = new ExecutorIndex();
        index.put(beat("a", T, "put_note", "get_note"));

        // When its next heartbeat no longer names put_note, and later its record is deleted
        index.put(beat("a", T.plusSeconds(10), "get_note"));
        assertThat(index.lastSeenMs("put_note")).isEqualTo(-1);
        assertThat(index.served("get_note", NOW + 10_000)).isTrue();
        index.remove("a");

        assertThat(index.lastSeenMs("get_note")).isEqualTo(-1);
    }

    @Test
    void shouldNotCountAStoppedExecutorAsRunning() {
        ExecutorIndex index = new ExecutorIndex();
        index.put(beat("a", T, "put_note").stopped(T));

        assertThat(index.served("put_note", NOW)).isFalse();
        assertThat(index.describe("put_note")).endsWith("which stopped at 2026-01-31T12:00:00Z");
    }

    @Test
    void shouldSayAnExecutorIsGoneOnlyWhenTheProcessThatStartedACallCannotReportIt() {
        ExecutorIndex index = new ExecutorIndex();
        long callAt = NOW + 1_000;
        assertThat(index.gone("a", callAt, NOW)).isEqualTo("no heartbeat of executor 'a' has been seen");

        // the same process, seen lately: not gone
        index.put(beat("a", T));
        assertThat(index.gone("a", callAt, NOW)).isNull();
        // silent for three intervals
        assertThat(index.gone("a", callAt, NOW + 30_000))
                .isEqualTo("executor 'a' was last seen at 2026-01-31T12:00:00Z (its heartbeats come every 10000 ms)");
        // a later process under the same instance id
        index.put(new ExecutorHeartbeat(
                "a", List.of("fast"), List.of(), T.plusSeconds(5), T.plusSeconds(5), 10_000, null));
        assertThat(index.gone("a", callAt, NOW + 6_000))
                .isEqualTo("executor 'a' restarted at 2026-01-31T12:00:05Z, after the call started");
        // stopped
        index.put(beat("b", T).stopped(T));
        assertThat(index.gone("b", callAt, NOW)).isEqualTo("executor 'b' stopped at 2026-01-31T12:00:00Z");
    }
}
