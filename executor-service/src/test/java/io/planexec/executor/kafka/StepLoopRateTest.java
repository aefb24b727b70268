package io.planexec.executor.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tool's rate limit in the consumer loop, on Kafka's mock clients: its calls are paced by the window, non-idempotent
 * ones too, and the tasks waiting for the window never hold up another tool's.
 */
class StepLoopRateTest {

    private static final long WINDOW_MS = 300;

    private final MockLoops.Threads threads = new MockLoops.Threads();
    private final MockLoops.Consumer consumer = new MockLoops.Consumer();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    /** Each call as the tool saw it begin: {tool, nanoTime}. */
    private final List<Object[]> invoked = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() throws InterruptedException {
        threads.stop();
    }

    @Test
    void shouldPaceARateLimitedToolWithoutHoldingUpAnother() {
        // Given a loop serving a tool limited to 2 calls per 300 ms and a tool without a limit
        start();

        // When 6 tasks of the limited tool (idempotent and not) arrive, then 4 of the other
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(MockLoops.P0));
            for (int i = 0; i < 6; i++) {
                consumer.addRecord(MockLoops.task(i, "limited-" + i, "limited", i % 2 == 0));
            }
            for (int i = 6; i < 10; i++) {
                consumer.addRecord(MockLoops.task(i, "free-" + i, "free", true));
            }
        });

        // Then all end
        await().atMost(Duration.ofSeconds(30))
                .until(() -> MockLoops.finished(producer).size() == 10);

        // and the limited tool's calls started 2 per window: the 3rd and 5th a window after the 1st and 3rd
        List<Long> limited = startsOf("limited");
        assertThat(limited).hasSize(6);
        for (int i = 2; i < limited.size(); i++) {
            assertThat(limited.get(i) - limited.get(i - 2))
                    .as("start %d comes a window after start %d", i, i - 2)
                    .isGreaterThanOrEqualTo((WINDOW_MS - 1) * 1_000_000L);
        }
        // and the other tool's calls did not wait for the window: all started before the limited tool's 3rd
        assertThat(startsOf("free"))
                .hasSize(4)
                .allSatisfy(start -> assertThat(start).isLessThan(limited.get(2)));
    }

    /** When the calls of the tool's steps started (epoch nanoseconds), from their results' attempts. */
    private List<Long> startsOf(String tool) {
        return MockLoops.finished(producer).stream()
                .filter(r -> r.planId().startsWith(tool + "-"))
                .flatMap(r -> r.attempts().stream())
                .map(a -> java.time.temporal.ChronoUnit.NANOS.between(java.time.Instant.EPOCH, a.startedAt()))
                .sorted()
                .toList();
    }

    private void start() {
        Toolbox toolbox = new Toolbox();
        for (String name : List.of("limited", "free")) {
            ToolSpec.Builder spec = ToolSpec.builder(name)
                    .touchesNothing()
                    .idempotent(true)
                    .latencyClass(LatencyClass.FAST)
                    .timeoutMs(10_000);
            if (name.equals("limited")) {
                spec.rateLimit(2, WINDOW_MS);
            }
            toolbox.register(Tool.sync(spec.build(), (args, context) -> {
                invoked.add(new Object[] {name, System.nanoTime()});
                return "ok";
            }));
        }
        consumer.updateBeginningOffsets(Map.of(MockLoops.P0, 0L));
        threads.run(new StepLoop(
                MockLoops.settings(Duration.ofSeconds(3)), consumer, producer, threads.resources(toolbox)));
    }
}
