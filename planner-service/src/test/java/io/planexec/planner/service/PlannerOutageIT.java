package io.planexec.planner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.model.LatencyClass;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.ToolSpec;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.TopicProvisioner;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A planner that is away while calls finish: when it comes back after their timeout plus the grace (and after plans'
 * deadlines), it reads the results that arrived meanwhile before it decides any overdue timer. UNKNOWN means an
 * executor stopped during the call, never that the planner was away.
 */
@ExtendWith(KafkaClusterExtension.class)
class PlannerOutageIT {

    private static final ToolSpec PAY = ToolSpec.builder("pay")
            .touchesNothing()
            .idempotent(false)
            .latencyClass(LatencyClass.FAST)
            .timeoutMs(10_000)
            .build();

    private final WireFormat wire = new WireFormat();

    @TempDir
    Path stateDir;

    @Test
    void shouldReadTheResultsThatArrivedWhileItWasAwayBeforeDecidingOverdueTimers(KafkaCluster kafka) throws Exception {
        // Given a planner, plans whose one non-idempotent call started (the planner saw the STARTED notices and set
        // their outcome checks at timeout + grace = 11 s), and plans with a 15 s deadline
        Topics topics = new Topics(kafka.uniquePrefix("outage"));
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin, Duration.ofSeconds(30))
                    .createMissing(TopicProvisioner.standardTopics(topics, 2, (short) -1));
        }
        PlannerFixtures.register(kafka, topics, List.of(PAY));
        List<StepTask> held = new CopyOnWriteArrayList<>();
        Map<String, Instant> startedAt = new HashMap<>();
        List<String> paid = plans("paid", 24);
        List<String> lost = plans("lost", 3);
        List<String> inTime = plans("in-time", 6);
        try (ScriptedExecutor executor = new ScriptedExecutor(kafka, topics, t -> {
            held.add(t);
            return null;
        })) {
            try (PlannerService planner = start(kafka, topics, Time.SYSTEM)) {
                paid.forEach(id -> submit(kafka, topics, id, 600_000));
                lost.forEach(id -> submit(kafka, topics, id, 600_000));
                inTime.forEach(id -> submit(kafka, topics, id, 15_000));
                await().atMost(PlannerFixtures.generous()).until(() -> held.size() == 33);
                for (StepTask task : held) {
                    startedAt.put(task.planId(), Instant.now());
                    executor.started(task);
                }
                await().atMost(PlannerFixtures.generous())
                        .until(() -> planner.metrics().registry().get("planexec.planner.step.wait").timers().stream()
                                        .mapToLong(io.micrometer.core.instrument.Timer::count)
                                        .sum()
                                == 33);
            }

            // When, with the planner away, every call finishes except those whose executor died (it stopped without
            // them), and the planner comes back a minute later: past every outcome check and deadline
            for (StepTask task : held) {
                if (!task.planId().startsWith("lost")) {
                    executor.finish(task, ScriptedExecutor.Answer.ok("paid"), startedAt.get(task.planId()));
                }
            }
            executor.flush();
            PlannerFixtures.stopped(kafka, topics, List.of(PAY));
            try (PlannerService planner = start(kafka, topics, skewed(Duration.ofMinutes(1)))) {

                // Then the calls that finished count as finished, and only those whose executor died are UNKNOWN
                Map<String, PlanResult> results = awaitResults(kafka, topics, 33);
                for (String id : paid) {
                    assertThat(results.get(id).status()).as(id).isEqualTo(PlanStatus.SUCCEEDED);
                }
                for (String id : inTime) {
                    assertThat(results.get(id).status()).as(id).isEqualTo(PlanStatus.SUCCEEDED);
                }
                for (String id : lost) {
                    assertThat(results.get(id).status()).as(id).isEqualTo(PlanStatus.FAILED);
                    assertThat(results.get(id).steps().get("s").status()).isEqualTo(StepStatus.UNKNOWN);
                }
                assertThat(planner.metrics()
                                .registry()
                                .find("planexec.planner.results.ignored")
                                .counters())
                        .allSatisfy(c -> assertThat(c.count()).isZero());
            }
        }
    }

    private static List<String> plans(String prefix, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> prefix + "-" + i)
                .toList();
    }

    private PlannerService start(KafkaCluster kafka, Topics topics, Time time) throws InterruptedException {
        Map<String, String> settings = PlannerFixtures.settings(kafka, topics.prefix(), stateDir);
        settings.put("planner.unknown.grace.ms", "1000");
        settings.put("planner.instance.id", "outage-planner");
        PlannerService planner = new PlannerService(new PlannerConfig(settings), new SimpleMeterRegistry(), time);
        planner.start();
        assertThat(planner.awaitReady(PlannerFixtures.generous())).isTrue();
        return planner;
    }

    private static void submit(KafkaCluster kafka, Topics topics, String planId, long deadlineMs) {
        String json = """
                {"schema_version": 1, "plan_id": "%s", "steps": [{"id": "s", "tool": "pay", "args": {}}],
                 "options": {"deadline_ms": %d}}
                """.formatted(planId, deadlineMs);
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(topics.requests(), planId, json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private Map<String, PlanResult> awaitResults(KafkaCluster kafka, Topics topics, int count) {
        Map<String, PlanResult> results = new HashMap<>();
        try (TopicReader reader = new TopicReader(kafka, topics.planResults())) {
            Supplier<Integer> read = () -> {
                reader.poll().forEach(r -> results.put(r.key(), wire.readPlanResult(r.value())));
                return results.size();
            };
            await().atMost(PlannerFixtures.generous()).until(() -> read.get() >= count);
        }
        return results;
    }

    /** The system clock moved forward: the planner comes back this much later, without the test waiting for it. */
    private static Time skewed(Duration ahead) {
        long skewMs = ahead.toMillis();
        return new Time() {
            @Override
            public long milliseconds() {
                return System.currentTimeMillis() + skewMs;
            }

            @Override
            public long nanoseconds() {
                return System.nanoTime() + skewMs * 1_000_000;
            }

            @Override
            public void sleep(long ms) {
                Time.SYSTEM.sleep(ms);
            }

            @Override
            public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs)
                    throws InterruptedException {
                Time.SYSTEM.waitObject(obj, condition, deadlineMs - skewMs);
            }
        };
    }
}
