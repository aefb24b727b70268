package io.planexec.executor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.executor.schedule.InFlightLimit;
import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import org.junit.jupiter.api.Test;

/** The meters dashboards and alerts read exist before the first event, and the utilisation gauges follow the truth. */
class ExecutorMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorMetrics metrics = new ExecutorMetrics(registry);

    @Test
    void shouldRegisterAServedToolsMetersAtZeroAndFollowItsCap() {
        // Given a served tool with a cap of 4
        metrics.toolServed(spec("news", 4));

        // Then its counters and in-flight gauge exist at zero, and its cap is published
        assertThat(registry.get("planexec.executor.retries")
                        .tag("tool", "news")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get("planexec.executor.timeouts")
                        .tag("tool", "news")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get("planexec.executor.calls.in.flight")
                        .tag("tool", "news")
                        .gauge()
                        .value())
                .isZero();
        assertThat(capOf("news")).isEqualTo(4.0);

        // When a call runs, the in-flight gauge counts it
        metrics.attemptStarted("news");
        assertThat(registry.get("planexec.executor.calls.in.flight")
                        .tag("tool", "news")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        metrics.attemptSettled("news");

        // When the spec is replaced with another cap, and then with none, the gauge follows
        metrics.toolServed(spec("news", 8));
        assertThat(capOf("news")).isEqualTo(8.0);
        metrics.toolServed(spec("news", null));
        assertThat(capOf("news")).isNaN();
    }

    @Test
    void shouldPublishNoCapForAToolWithout() {
        metrics.toolServed(spec("free", null));

        assertThat(registry.find("planexec.executor.tool.cap")
                        .tag("tool", "free")
                        .gauge())
                .isNull();
    }

    @Test
    void shouldRegisterAQueuesCountersAtZeroWithItsGauges() {
        metrics.queueGauges("fast", () -> 3, () -> 2, () -> 1, () -> 42);

        for (String counter : new String[] {
            "planexec.executor.steps.unknown",
            "planexec.executor.tasks.skipped",
            "planexec.executor.dead.letters",
            "planexec.executor.transaction.failures"
        }) {
            assertThat(registry.get(counter).tag("queue", "fast").counter().count())
                    .as(counter)
                    .isZero();
        }
        assertThat(registry.get("planexec.executor.lag")
                        .tag("queue", "fast")
                        .gauge()
                        .value())
                .isEqualTo(42.0);
        assertThat(registry.get("planexec.executor.tasks.buffered")
                        .tag("queue", "fast")
                        .gauge()
                        .value())
                .isEqualTo(3.0);
        assertThat(registry.get("planexec.executor.tasks.running")
                        .tag("queue", "fast")
                        .gauge()
                        .value())
                .isEqualTo(2.0);
    }

    @Test
    void shouldPublishTasksInFlightAgainstTheLimit() {
        InFlightLimit limit = new InFlightLimit(5);
        metrics.processGauges(limit);
        limit.tryAcquire();
        limit.tryAcquire();

        assertThat(registry.get("planexec.executor.tasks.in.flight").gauge().value())
                .isEqualTo(2.0);
        assertThat(registry.get("planexec.executor.tasks.in.flight.limit")
                        .gauge()
                        .value())
                .isEqualTo(5.0);
    }

    private double capOf(String tool) {
        return registry.get("planexec.executor.tool.cap")
                .tag("tool", tool)
                .gauge()
                .value();
    }

    private static ToolSpec spec(String name, Integer cap) {
        return new ToolSpec(name, "", null, null, null, true, cap, LatencyClass.FAST, 1_000, null, null, null, null);
    }
}
