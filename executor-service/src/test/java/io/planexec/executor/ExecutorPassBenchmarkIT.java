package io.planexec.executor;

import static io.planexec.executor.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepResult;
import io.planexec.model.StepTask;
import io.planexec.model.ToolSpec;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the executor's own pass with tools that take 0 ms: a task produced until its FINISHED result is visible
 * to a read_committed consumer, one at a time (latency), and many at once (throughput). The figures are logged
 * ({@code benchmark=...}); the assertions are loose bounds so a busy machine does not fail the build.
 */
@ExtendWith(KafkaClusterExtension.class)
class ExecutorPassBenchmarkIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(ExecutorPassBenchmarkIT.class);
    private static final int WARMUP = 100;
    private static final int SAMPLES = 500;
    private static final int BULK = 20_000;
    private static final int BURST = 1_000;
    private static final int HOT = 1_000;

    @Test
    void shouldPassOneTaskInFewMillisecondsAndManyTasksInBatches(KafkaCluster kafka) {
        String prefix = kafka.uniquePrefix("bench");
        Topics topics = new Topics(prefix);
        Map<String, String> settings = Tasks.settings(kafka, prefix, "bench");
        settings.put("topic.partitions", "6");
        settings.put("executor.max.buffered", "20000");
        Toolbox toolbox = new Toolbox()
                .register(Tool.sync(noop("noop", true), (args, ctx) -> "ok"))
                .register(Tool.sync(noop("noop_once", false), (args, ctx) -> "ok"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ExecutorNode node = ExecutorNode.builder(new ExecutorConfig(settings))
                        .toolbox(toolbox)
                        .meterRegistry(registry)
                        .start();
                KafkaProducer<String, byte[]> producer = kafka.producer();
                ResultTail tail = new ResultTail(kafka, topics)) {
            await().atMost(Tasks.atMost())
                    .until(() -> node.assignment(LatencyClass.FAST).size() == 6);

            long[] idempotent = latencies(producer, topics, tail, "noop", WARMUP, SAMPLES);
            logMeans(registry, "idempotent");
            long[] once = latencies(producer, topics, tail, "noop_once", WARMUP / 2, SAMPLES / 2);
            logMeans(registry, "non_idempotent");
            double burstMs = bulk(producer, topics, tail, "burst", BURST, null);
            double hotMs = bulk(producer, topics, tail, "hot", HOT, "db:hot");
            double bulkMs = bulk(producer, topics, tail, "bulk", BULK, null);

            LOGGER.info(
                    "benchmark=pass_latency tool=idempotent samples={} p50_ms={} p90_ms={} p99_ms={} max_ms={}",
                    SAMPLES,
                    ms(idempotent, 50),
                    ms(idempotent, 90),
                    ms(idempotent, 99),
                    ms(idempotent, 100));
            LOGGER.info(
                    "benchmark=pass_latency tool=non_idempotent samples={} p50_ms={} p90_ms={} p99_ms={} max_ms={}",
                    SAMPLES / 2,
                    ms(once, 50),
                    ms(once, 90),
                    ms(once, 99),
                    ms(once, 100));
            LOGGER.info("benchmark=burst tasks={} all_done_ms={}", BURST, Math.round(burstMs));
            LOGGER.info(
                    "benchmark=hot_key tasks={} took_ms={} serialized_per_s={}",
                    HOT,
                    Math.round(hotMs),
                    Math.round(HOT * 1000 / hotMs));
            LOGGER.info(
                    "benchmark=throughput tasks={} took_ms={} steps_per_s={}",
                    BULK,
                    Math.round(bulkMs),
                    Math.round(BULK * 1000 / bulkMs));

            assertThat(ms(idempotent, 50)).isLessThan(50.0);
            assertThat(BULK * 1000 / bulkMs).isGreaterThan(500.0);
        }
    }

    private final Map<String, double[]> last = new HashMap<>();

    /** Logs the mean of each executor timer since the last call. */
    private void logMeans(SimpleMeterRegistry registry, String phase) {
        for (String name : List.of(
                "planexec.executor.pass", "planexec.executor.transaction.duration", "planexec.executor.queue.wait")) {
            var timer = registry.find(name).timer();
            if (timer == null) {
                continue;
            }
            double count = timer.count();
            double total = timer.totalTime(TimeUnit.MILLISECONDS);
            double[] before = last.getOrDefault(name, new double[2]);
            last.put(name, new double[] {count, total});
            LOGGER.info(
                    "benchmark=mean phase={} meter={} count={} mean_ms={}",
                    phase,
                    name,
                    (long) (count - before[0]),
                    Math.round((total - before[1]) / Math.max(1, count - before[0]) * 100) / 100.0);
        }
    }

    private static ToolSpec noop(String name, boolean idempotent) {
        return ToolSpec.builder(name)
                .touchesNothing()
                .idempotent(idempotent)
                .latencyClass(LatencyClass.FAST)
                .build();
    }

    /** Sends one task at a time and waits for its result; returns the round trips in nanoseconds, sorted. */
    private long[] latencies(
            KafkaProducer<String, byte[]> producer, Topics topics, ResultTail tail, String tool, int warmup, int n) {
        long[] samples = new long[n];
        for (int i = 0; i < warmup + n; i++) {
            StepTask t = task("lat-" + tool, "s" + i, tool, Map.of(), tool.equals("noop"));
            long start = System.nanoTime();
            producer.send(
                    new ProducerRecord<>(topics.steps(LatencyClass.FAST), t.routingKey(), Tasks.WIRE.writeStepTask(t)));
            boolean seen = false;
            while (!seen) {
                for (StepResult r : tail.poll(Duration.ofSeconds(5))) {
                    seen |= r.stepId().equals(t.stepId()) && r.planId().equals(t.planId());
                }
                assertThat(System.nanoTime() - start)
                        .isLessThan(Duration.ofSeconds(30).toNanos());
            }
            if (i >= warmup) {
                samples[i - warmup] = System.nanoTime() - start;
            }
        }
        Arrays.sort(samples);
        return samples;
    }

    /** Sends n tasks at once and waits for all results; returns the milliseconds from first send to last result. */
    private static double bulk(
            KafkaProducer<String, byte[]> producer, Topics topics, ResultTail tail, String plan, int n, String key) {
        List<byte[]> values = new ArrayList<>(n);
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StepTask t = task(plan, "s" + i, "noop", Map.of(), true);
            keys.add(key == null ? t.routingKey() : key);
            values.add(Tasks.WIRE.writeStepTask(key == null ? t : Tasks.withKey(t, key)));
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            producer.send(new ProducerRecord<>(topics.steps(LatencyClass.FAST), keys.get(i), values.get(i)));
        }
        producer.flush();
        int seen = 0;
        while (seen < n) {
            seen += (int) tail.poll(Duration.ofSeconds(5)).stream()
                    .filter(r -> r.planId().equals(plan))
                    .count();
            assertThat(System.nanoTime() - start)
                    .isLessThan(Duration.ofSeconds(120).toNanos());
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static double ms(long[] sorted, int percentile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return Math.round(sorted[Math.max(0, index)] / 10_000.0) / 100.0;
    }
}
