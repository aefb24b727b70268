package io.planexec.planner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepTask;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.TopicProvisioner;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures what the planner adds per pass at light load, and its CPU when idle, with the default settings (and, with
 * {@code -Dplanexec.measure.settings=eos:1/1,eos:5/5,alo:5/5,...}, with others: guarantee:commit/poll ms). With {@code
 * -Dplanexec.measure.load=true} it also measures throughput and a 1,000-step plan. Broker, planner and a zero-latency
 * scripted executor share this JVM: the figures are an upper bound of what the planner adds.
 */
@ExtendWith(KafkaClusterExtension.class)
@EnabledIfSystemProperty(
        named = "planexec.measure",
        matches = "true",
        disabledReason = "a measurement, run on demand with -Dplanexec.measure=true (figures in docs/architecture.md)")
class PlannerLatencyIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlannerLatencyIT.class);

    private final WireFormat wire = new WireFormat();

    @TempDir
    Path stateDir;

    /** A variant to measure: {@code eos:1/10} or {@code alo:0/100}, optionally {@code +name=value} settings. */
    private record Setting(String guarantee, long commitMs, long pollMs, Map<String, String> extra) {
        static Setting parse(String s) {
            String[] plus = s.trim().split("\\+");
            String[] parts = plus[0].split("[:/]");
            Map<String, String> extra = new HashMap<>();
            for (int i = 1; i < plus.length; i++) {
                String[] kv = plus[i].split("=", 2);
                extra.put(kv[0], kv[1]);
            }
            return new Setting(
                    parts[0].equals("alo") ? PlannerConfig.AT_LEAST_ONCE : PlannerConfig.EXACTLY_ONCE_V2,
                    Long.parseLong(parts[1]),
                    Long.parseLong(parts[2]),
                    extra);
        }

        @Override
        public String toString() {
            return (guarantee.equals(PlannerConfig.AT_LEAST_ONCE) ? "alo" : "eos") + ":" + commitMs + "/" + pollMs
                    + (extra.isEmpty() ? "" : extra.toString());
        }
    }

    @Test
    void shouldAddOnlyMillisecondsPerPassAtLightLoad(KafkaCluster kafka) throws Exception {
        String wanted = System.getProperty("planexec.measure.settings", "");
        List<Setting> settings = new ArrayList<>();
        if (wanted.isBlank()) {
            settings.add(new Setting(
                    PlannerConfig.EXACTLY_ONCE_V2,
                    (Long) PlannerConfig.DEFINITION.configKeys().get(PlannerConfig.COMMIT_INTERVAL_MS).defaultValue,
                    (Long) PlannerConfig.DEFINITION.configKeys().get(PlannerConfig.POLL_MS).defaultValue,
                    Map.of()));
        } else {
            Arrays.stream(wanted.split(",")).map(Setting::parse).forEach(settings::add);
        }
        for (Setting setting : settings) {
            measure(kafka, setting);
        }
    }

    private void measure(KafkaCluster kafka, Setting setting) throws Exception {
        Topics topics = new Topics(kafka.uniquePrefix("lat"));
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin, Duration.ofSeconds(30))
                    .createMissing(TopicProvisioner.standardTopics(topics, 1, (short) -1));
        }
        PlannerFixtures.register(kafka, topics, List.of(PlannerFixtures.ECHO));
        Map<String, String> s = PlannerFixtures.settings(kafka, topics.prefix(), stateDir.resolve(topics.prefix()));
        s.put(PlannerConfig.PROCESSING_GUARANTEE, setting.guarantee());
        s.put(PlannerConfig.COMMIT_INTERVAL_MS, Long.toString(setting.commitMs()));
        s.put(PlannerConfig.POLL_MS, Long.toString(setting.pollMs()));
        s.putAll(setting.extra());
        PlannerConfig config = new PlannerConfig(s);
        seen = new HashMap<>();
        try (PlannerService planner = new PlannerService(config, new SimpleMeterRegistry(), Time.SYSTEM);
                ScriptedExecutor executor = new ScriptedExecutor(kafka, topics, t -> ScriptedExecutor.Answer.ok("ok"));
                KafkaProducer<String, byte[]> producer = kafka.producer();
                TopicReader results = new TopicReader(kafka, topics.planResults())) {
            planner.start();
            assertThat(planner.awaitReady(PlannerFixtures.generous())).isTrue();

            // Warm up, then single-step plans one at a time: pass 1 = request to task, pass 2 = result to PlanResult
            int warmup = 100;
            int samples = 200;
            List<Long> release = new ArrayList<>();
            List<Long> completion = new ArrayList<>();
            List<Long> threeStep = new ArrayList<>();
            for (int i = 0; i < warmup + samples; i++) {
                String planId = "p-" + i;
                long t0 = System.nanoTime();
                send(producer, topics, planId, "[{\"id\": \"a\", \"tool\": \"echo\"}]");
                long t2 = awaitResult(results, planId);
                long t1 = executor.receivedAtNanos(StepTask.idempotencyKey(planId, "a", 1));
                if (i >= warmup) {
                    release.add(t1 - t0);
                    completion.add(t2 - t1);
                }
            }
            for (int i = 0; i < warmup + samples; i++) {
                String planId = "p3-" + i;
                long t0 = System.nanoTime();
                send(
                        producer,
                        topics,
                        planId,
                        "[{\"id\": \"a\", \"tool\": \"echo\"}, {\"id\": \"b\", \"tool\": \"echo\"},"
                                + " {\"id\": \"c\", \"tool\": \"echo\"}]");
                long t2 = awaitResult(results, planId);
                if (i >= warmup) {
                    threeStep.add(t2 - t0);
                }
            }
            int depth = 10;
            List<Long> perLevel = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String planId = "chain-" + i;
                StringBuilder steps = new StringBuilder("[{\"id\": \"s0\", \"tool\": \"echo\"}");
                for (int k = 1; k < depth; k++) {
                    steps.append(", {\"id\": \"s")
                            .append(k)
                            .append("\", \"tool\": \"echo\", \"args\": {\"in\": {\"$ref\": \"s")
                            .append(k - 1)
                            .append("\"}}}");
                }
                long t0 = System.nanoTime();
                send(producer, topics, planId, steps + "]");
                long t2 = awaitResult(results, planId);
                perLevel.add((t2 - t0) / depth);
            }

            // Idle: CPU of the planner's own threads over 10 s without input
            double idleCpu = idleCpuPercent(config.applicationId(), Duration.ofSeconds(10));

            LOGGER.info(
                    "planner_latency setting={} release_p50_ms={} release_p99_ms={} completion_p50_ms={}"
                            + " completion_p99_ms={} three_step_plan_p50_ms={} three_step_plan_p99_ms={}"
                            + " chain10_per_level_p50_ms={} idle_cpu_percent_of_one_core={}",
                    setting,
                    ms(percentile(release, 50)),
                    ms(percentile(release, 99)),
                    ms(percentile(completion, 50)),
                    ms(percentile(completion, 99)),
                    ms(percentile(threeStep, 50)),
                    ms(percentile(threeStep, 99)),
                    ms(percentile(perLevel, 50)),
                    String.format("%.1f", idleCpu));
            if (Boolean.getBoolean("planexec.measure.load")) {
                load(producer, topics, results, config.applicationId());
            }
        }
    }

    /** Many concurrent 4-step plans, then one plan of 1,000 independent steps. */
    private void load(
            KafkaProducer<String, byte[]> producer, Topics topics, TopicReader results, String applicationId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpuBefore = plannerThreadCpu(threads, applicationId);
        int plans = 2_000;
        String four = "[{\"id\": \"a\", \"tool\": \"echo\"}, {\"id\": \"b\", \"tool\": \"echo\"},"
                + " {\"id\": \"c\", \"tool\": \"echo\", \"args\": {\"x\": {\"$ref\": \"a\"}}},"
                + " {\"id\": \"d\", \"tool\": \"echo\", \"args\": {\"x\": {\"$ref\": \"c\"}}}]";
        long t0 = System.nanoTime();
        for (int i = 0; i < plans; i++) {
            String json = "{\"schema_version\": 1, \"plan_id\": \"load-" + i + "\", \"steps\": " + four + "}";
            producer.send(new ProducerRecord<>(topics.requests(), "load-" + i, json.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
        Set<String> done = new HashSet<>();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    for (ConsumerRecord<String, byte[]> r : results.poll()) {
                        if (r.key().startsWith("load-")) {
                            done.add(r.key());
                        }
                    }
                    return done.size() == plans;
                });
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<Long, Long> cpuAfter = plannerThreadCpu(threads, applicationId);
        long cpuNanos = 0;
        for (Map.Entry<Long, Long> e : cpuAfter.entrySet()) {
            cpuNanos += e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L);
        }
        LOGGER.info(
                "planner_throughput plans={} steps={} seconds={} steps_per_second={} planner_cpu_us_per_step={}",
                plans,
                plans * 4,
                String.format("%.2f", seconds),
                String.format("%.0f", plans * 4 / seconds),
                String.format("%.0f", cpuNanos / 1e3 / (plans * 4)));

        List<Long> makespans = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            StringBuilder steps = new StringBuilder("[");
            for (int i = 0; i < 1_000; i++) {
                steps.append(i == 0 ? "" : ",").append("{\"id\": \"s").append(i).append("\", \"tool\": \"echo\"}");
            }
            String planId = "wide-" + round;
            long start = System.nanoTime();
            send(producer, topics, planId, steps + "]");
            awaitResult(results, planId);
            makespans.add(System.nanoTime() - start);
        }
        LOGGER.info(
                "planner_wide_plan steps=1000 end_to_end_p50_ms={} all_ms={}",
                ms(percentile(makespans, 50)),
                makespans.stream().map(PlannerLatencyIT::ms).toList());
    }

    private void send(KafkaProducer<String, byte[]> producer, Topics topics, String planId, String steps) {
        String json = "{\"schema_version\": 1, \"plan_id\": \"" + planId + "\", \"steps\": " + steps + "}";
        producer.send(new ProducerRecord<>(topics.requests(), planId, json.getBytes(StandardCharsets.UTF_8)));
        producer.flush();
    }

    private Map<String, Long> seen = new HashMap<>();

    private long awaitResult(TopicReader results, String planId) {
        await().atMost(PlannerFixtures.generous())
                .pollInterval(Duration.ZERO)
                .pollDelay(Duration.ZERO)
                .until(() -> {
                    List<ConsumerRecord<String, byte[]>> all = results.poll();
                    long now = System.nanoTime();
                    for (int i = seen.size(); i < all.size(); i++) {
                        PlanResult r = wire.readPlanResult(all.get(i).value());
                        assertThat(r.status()).isEqualTo(PlanStatus.SUCCEEDED);
                        seen.putIfAbsent(r.planId(), now);
                    }
                    return seen.containsKey(planId);
                });
        return seen.get(planId);
    }

    private static double idleCpuPercent(String applicationId, Duration window) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> before = plannerThreadCpu(threads, applicationId);
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        Map<Long, Long> after = plannerThreadCpu(threads, applicationId);
        long elapsed = System.nanoTime() - start;
        long cpu = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            cpu += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return 100.0 * cpu / elapsed;
    }

    /** CPU time of the threads of the planner's Kafka Streams clients (their names carry the application id). */
    private static Map<Long, Long> plannerThreadCpu(ThreadMXBean threads, String applicationId) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(applicationId)) {
                cpu.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return cpu;
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String ms(long nanos) {
        return String.format("%.2f", nanos / 1e6);
    }
}
