package io.planexec.executor;

import static io.planexec.executor.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
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
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the executor's own pass with tools that take 0 ms: a task produced until its FINISHED result is visible
 * to a read_committed consumer, one at a time and three at a time (latency), and many at once (throughput). The
 * figures are logged ({@code benchmark=...}); the assertions are loose bounds so a busy machine does not fail the
 * build.
 *
 * <p>Broker, clients and executor share one JVM, so the first thousand or so transactions run on code the JIT has not
 * compiled yet and take three to four times as long: every measurement comes after a warm-up. System properties:
 * {@code planexec.bench.warmup} (single tasks before measuring, default 1,000), {@code planexec.bench.rounds} (default
 * 1) and {@code planexec.bench.variants} (executor settings to compare, {@code ;} between variants and {@code ,}
 * between settings, e.g. {@code executor.commit.linger.ms=1;executor.commit.linger.ms=0}): each round measures every
 * variant once, on a fresh executor, so variants alternate under the same machine load (in reverse order every second
 * round).
 */
@ExtendWith(KafkaClusterExtension.class)
class ExecutorPassBenchmarkIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(ExecutorPassBenchmarkIT.class);
    private static final int WARMUP = Integer.getInteger("planexec.bench.warmup", 1_000);
    private static final int ROUNDS = Integer.getInteger("planexec.bench.rounds", 1);
    private static final int SAMPLES = 500;
    private static final int BULK = 20_000;
    private static final int BURST = 1_000;
    private static final int HOT = 1_000;
    private static final String TRANSACTIONS = "planexec.executor.transaction.duration";

    /** One variant's figures in one round. */
    private record Figures(
            String variant,
            int round,
            long[] one,
            long[] once,
            long[] three,
            double threeTransactionsPerSample,
            double oneTransactionMeanMs,
            double burstMs,
            double hotMs,
            double bulkMs,
            double loadBefore,
            double loadAfter) {

        String line() {
            return String.format(
                    "variant=\"%s\" round=%d one_p50_ms=%.2f one_p90_ms=%.2f one_p99_ms=%.2f"
                            + " non_idempotent_p50_ms=%.2f non_idempotent_p90_ms=%.2f"
                            + " three_p50_ms=%.2f three_p90_ms=%.2f three_p99_ms=%.2f three_transactions=%.2f"
                            + " one_transaction_mean_ms=%.2f burst_ms=%d hot_key_per_s=%d steps_per_s=%d"
                            + " load_average=%.1f-%.1f",
                    variant,
                    round,
                    ms(one, 50),
                    ms(one, 90),
                    ms(one, 99),
                    ms(once, 50),
                    ms(once, 90),
                    ms(three, 50),
                    ms(three, 90),
                    ms(three, 99),
                    threeTransactionsPerSample,
                    oneTransactionMeanMs,
                    Math.round(burstMs),
                    Math.round(HOT * 1000 / hotMs),
                    Math.round(BULK * 1000 / bulkMs),
                    loadBefore,
                    loadAfter);
        }
    }

    @Test
    void shouldPassOneTaskInFewMillisecondsAndManyTasksInBatches(KafkaCluster kafka) {
        List<String> variants =
                List.of(System.getProperty("planexec.bench.variants", "").split(";", -1));
        List<Figures> all = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            // The JIT keeps improving for a while, favouring whichever variant runs later: alternate the order.
            List<String> order = new ArrayList<>(variants);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (String variant : order) {
                Figures figures = measure(kafka, variant, round, all.isEmpty() ? WARMUP : WARMUP / 5);
                LOGGER.info("benchmark=pass {}", figures.line());
                all.add(figures);
            }
        }
        all.forEach(f -> LOGGER.info("benchmark=summary {}", f.line()));

        Figures first = all.get(0);
        assertThat(ms(first.one(), 50)).isLessThan(50.0);
        assertThat(BULK * 1000 / first.bulkMs()).isGreaterThan(500.0);
    }

    private Figures measure(KafkaCluster kafka, String variant, int round, int warmup) {
        String prefix = kafka.uniquePrefix("bench");
        Topics topics = new Topics(prefix);
        Map<String, String> settings = Tasks.settings(kafka, prefix, "bench");
        settings.put("topic.partitions", "6");
        settings.put("executor.max.buffered", "20000");
        for (String setting : variant.split(",")) {
            if (!setting.isBlank()) {
                String[] nameValue = setting.split("=", 2);
                settings.put(nameValue[0].trim(), nameValue[1].trim());
            }
        }
        Toolbox toolbox = new Toolbox()
                .register(Tool.sync(noop("noop", true), (args, ctx) -> "ok"))
                .register(Tool.sync(noop("noop_once", false), (args, ctx) -> "ok"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ExecutorNode node = ExecutorNode.builder(new ExecutorConfig(settings))
                        .toolbox(toolbox)
                        .meterRegistry(registry)
                        .start();
                KafkaProducer<String, byte[]> producer = kafka.producer();
                KafkaProducer<String, byte[]> batching = batchingProducer(kafka);
                ResultTail tail = new ResultTail(kafka, topics)) {
            await().atMost(Tasks.atMost())
                    .until(() -> node.assignment(LatencyClass.FAST).size() == 6);
            Phases phases = new Phases(producer, topics, tail);

            bulk(producer, topics, tail, "warmup-bulk", BULK / 4, null);
            phases.latencies("noop", 1, warmup);
            phases.latencies("noop_once", 1, warmup / 4);
            phases.latencies("noop", 3, warmup / 4, batching);

            double loadBefore = loadAverage();
            double txBefore = count(registry, TRANSACTIONS);
            double txTimeBefore = totalMs(registry, TRANSACTIONS);
            long[] one = phases.latencies("noop", 1, SAMPLES);
            double txOne = count(registry, TRANSACTIONS) - txBefore;
            double oneTransactionMeanMs = (totalMs(registry, TRANSACTIONS) - txTimeBefore) / Math.max(1, txOne);
            long[] once = phases.latencies("noop_once", 1, SAMPLES / 2);
            double txThreeBefore = count(registry, TRANSACTIONS);
            long[] three = phases.latencies("noop", 3, SAMPLES / 2, batching);
            double threeTransactions = (count(registry, TRANSACTIONS) - txThreeBefore) / (SAMPLES / 2.0);
            double burstMs = bulk(producer, topics, tail, "burst", BURST, null);
            double hotMs = bulk(producer, topics, tail, "hot", HOT, "db:hot");
            double bulkMs = bulk(producer, topics, tail, "bulk", BULK, null);
            return new Figures(
                    variant.isBlank() ? "default" : variant,
                    round,
                    one,
                    once,
                    three,
                    threeTransactions,
                    oneTransactionMeanMs,
                    burstMs,
                    hotMs,
                    bulkMs,
                    loadBefore,
                    loadAverage());
        }
    }

    /** A producer that sends a few records at once in one request (tasks released by one planner transaction). */
    private static KafkaProducer<String, byte[]> batchingProducer(KafkaCluster kafka) {
        Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double count(SimpleMeterRegistry registry, String name) {
        Timer timer = registry.find(name).timer();
        return timer == null ? 0 : timer.count();
    }

    private static double totalMs(SimpleMeterRegistry registry, String name) {
        Timer timer = registry.find(name).timer();
        return timer == null ? 0 : timer.totalTime(TimeUnit.MILLISECONDS);
    }

    private static ToolSpec noop(String name, boolean idempotent) {
        return ToolSpec.builder(name)
                .touchesNothing()
                .idempotent(idempotent)
                .latencyClass(LatencyClass.FAST)
                .build();
    }

    /** Latency phases against one executor: tasks sent a few at a time, waiting for every result. */
    private static final class Phases {
        private final KafkaProducer<String, byte[]> producer;
        private final Topics topics;
        private final ResultTail tail;
        private final Map<String, Integer> counters = new HashMap<>();

        Phases(KafkaProducer<String, byte[]> producer, Topics topics, ResultTail tail) {
            this.producer = producer;
            this.topics = topics;
            this.tail = tail;
        }

        long[] latencies(String tool, int width, int n) {
            return latencies(tool, width, n, producer);
        }

        /**
         * Sends {@code width} independent tasks at a time ({@code n} times) and waits for all their results; returns
         * the round trips in nanoseconds, sorted.
         */
        long[] latencies(String tool, int width, int n, KafkaProducer<String, byte[]> sender) {
            String plan = "lat-" + tool + "-" + width;
            long[] samples = new long[n];
            for (int i = 0; i < n; i++) {
                int sample = counters.merge(plan, 1, Integer::sum);
                Map<String, StepTask> tasks = new LinkedHashMap<>();
                for (int w = 0; w < width; w++) {
                    StepTask t = task(plan, "s" + sample + "-" + w, tool, Map.of(), tool.equals("noop"));
                    tasks.put(t.stepId(), t);
                }
                long start = System.nanoTime();
                for (StepTask t : tasks.values()) {
                    sender.send(new ProducerRecord<>(
                            topics.steps(LatencyClass.FAST), t.routingKey(), Tasks.WIRE.writeStepTask(t)));
                }
                sender.flush();
                while (!tasks.isEmpty()) {
                    for (StepResult r : tail.poll(Duration.ofSeconds(5))) {
                        if (r.planId().equals(plan)) {
                            tasks.remove(r.stepId());
                        }
                    }
                    assertThat(System.nanoTime() - start)
                            .isLessThan(Duration.ofSeconds(30).toNanos());
                }
                samples[i] = System.nanoTime() - start;
            }
            Arrays.sort(samples);
            return samples;
        }
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
                    .isLessThan(Duration.ofMinutes(2).toNanos());
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static double ms(long[] sorted, int percentile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return Math.round(sorted[Math.max(0, index)] / 10_000.0) / 100.0;
    }
}
