package io.planexec.bench.probe;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.kafka.embedded.EmbeddedKafka;
import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import io.planexec.planner.PlannerMain;
import io.planexec.planner.service.PlannerConfig;
import io.planexec.planner.service.PlannerService;
import io.planexec.topics.TopicProvisioner;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;

/**
 * How long a planner takes to come back, against the state it holds: for each number of running plans, a planner in a
 * child JVM accepts that many one-step plans (their tasks are never answered, so every plan stays running), is killed
 * with SIGKILL, and is started again on the same state directory; then it is stopped cleanly and started again; then
 * started on an empty state directory (another machine, no standby replica). Each start is timed until the planner is
 * ready (Kafka Streams running, nothing being restored), with the records its stores restored.
 *
 * <pre>
 * java -cp cli/target/planexec.jar io.planexec.bench.probe.PlannerRestoreProbe
 * </pre>
 *
 * System properties: {@code plans} (running plans, default {@code 1000,10000,100000}), {@code bootstrap} (an existing
 * cluster; default: an embedded broker started for the run).
 */
public final class PlannerRestoreProbe {

    /**
     * One size.
     *
     * @param plans running plans
     * @param changelogRecords records in the planner's changelog when it was killed (offsets)
     * @param changelogBytes bytes of the changelog's log segments on the broker
     */
    public record Row(
            int plans,
            long changelogRecords,
            long changelogBytes,
            Start afterKill,
            Start afterCleanStop,
            Start onEmptyState) {}

    /**
     * One start.
     *
     * @param readyMs from {@code start()} to ready
     * @param restored records restored into the stores
     */
    public record Start(long readyMs, long restored) {}

    private static final ToolSpec HOLD = ToolSpec.builder("hold")
            .description("A tool no executor serves: its steps stay released, their plans running.")
            .touchesNothing()
            .idempotent(true)
            .latencyClass(LatencyClass.FAST)
            .timeoutMs(60_000)
            .build();

    private PlannerRestoreProbe() {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = Arrays.stream(
                        System.getProperty("plans", "1000,10000,100000").split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
        String bootstrap = System.getProperty("bootstrap");
        if (bootstrap != null) {
            run(bootstrap, sizes, System.out);
            return;
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            run(kafka.bootstrapServers(), sizes, System.out);
        }
    }

    /** Measures every size, printing a row as each ends. */
    public static List<Row> run(String bootstrap, List<Integer> sizes, PrintStream out) throws Exception {
        List<Row> rows = new ArrayList<>();
        out.printf(
                "%-8s %12s %12s | %-22s | %-22s | %-22s%n",
                "plans", "changelog", "MB", "after kill: ms, records", "after clean stop", "on an empty state dir");
        for (int plans : sizes) {
            Row row = measure(bootstrap, plans);
            rows.add(row);
            out.printf(
                    "%-8d %12d %12.1f | %8d %13d | %8d %13d | %8d %13d%n",
                    row.plans(),
                    row.changelogRecords(),
                    row.changelogBytes() / 1e6,
                    row.afterKill().readyMs(),
                    row.afterKill().restored(),
                    row.afterCleanStop().readyMs(),
                    row.afterCleanStop().restored(),
                    row.onEmptyState().readyMs(),
                    row.onEmptyState().restored());
        }
        return rows;
    }

    private static Row measure(String bootstrap, int plans) throws Exception {
        Topics topics = new Topics(
                "restore" + plans + "x" + UUID.randomUUID().toString().substring(0, 6));
        Path stateDir = Files.createTempDirectory("planexec-restore-probe");
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", bootstrap);
        settings.put("topic.prefix", topics.prefix());
        settings.put("planner.state.dir", stateDir.toString());
        settings.put("planner.instance.id", "restore-probe");
        settings.put("planner.default.deadline.ms", "3600000");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicProvisioner(admin, Duration.ofSeconds(60))
                    .createMissing(TopicProvisioner.standardTopics(topics, 6, (short) -1));
            register(bootstrap, topics);

            Path log = stateDir.resolve("planner-child.log");
            Process child = startChild(settings, log);
            try {
                awaitLine(log, "to=RUNNING", Duration.ofMinutes(2));
                submit(bootstrap, topics, plans);
                awaitCommittedTasks(admin, topics, plans, Duration.ofMinutes(10));
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            String changelog = topics.prefix() + "-planner-plan-state-changelog";
            long records = endOffsets(admin, changelog);
            long bytes = logBytes(admin, changelog);

            Start afterKill = startAndStop(settings);
            Start afterCleanStop = startAndStop(settings);
            deleteTree(stateDir);
            Start onEmptyState = startAndStop(settings);
            deleteTree(stateDir);
            return new Row(plans, records, bytes, afterKill, afterCleanStop, onEmptyState);
        }
    }

    private static Start startAndStop(Map<String, String> settings) throws InterruptedException {
        try (PlannerService planner =
                new PlannerService(new PlannerConfig(settings), new SimpleMeterRegistry(), Time.SYSTEM)) {
            long started = System.nanoTime();
            planner.start();
            long deadline = started + TimeUnit.MINUTES.toNanos(10);
            while (!planner.isReady()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the planner was not ready within 10 minutes: "
                            + planner.readiness().reason());
                }
                Thread.sleep(20);
            }
            return new Start((System.nanoTime() - started) / 1_000_000, planner.restoredRecords());
        }
    }

    private static Process startChild(Map<String, String> settings, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), PlannerMain.class.getName()));
        settings.forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitLine(Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(log)
                || !Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no '" + text + "' in " + log + " within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static void register(String bootstrap, Topics topics) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            producer.send(new ProducerRecord<>(topics.tools(), HOLD.name(), new WireFormat().writeToolSpec(HOLD)))
                    .get();
        }
    }

    private static void submit(String bootstrap, Topics topics, int plans) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < plans; i++) {
                String planId = "plan-" + i;
                String json = "{\"schema_version\": 1, \"plan_id\": \"" + planId
                        + "\", \"steps\": [{\"id\": \"s\", \"tool\": \"hold\", \"args\": {\"n\": " + i + "}}]}";
                sent.add(producer.send(
                        new ProducerRecord<>(topics.requests(), planId, json.getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Waits until the planner has committed a step task for every plan: every plan is accepted and running. */
    private static void awaitCommittedTasks(Admin admin, Topics topics, int plans, Duration timeout) throws Exception {
        String stepsTopic = topics.steps(LatencyClass.FAST);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committedEnd(admin, stepsTopic) < plans) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the planner did not release " + plans + " tasks within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    private static long committedEnd(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> query =
                partitions(admin, topic).stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        return admin
                .listOffsets(query, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(30, TimeUnit.SECONDS)
                .values()
                .stream()
                .mapToLong(i -> i.offset())
                .sum();
    }

    private static long endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> query =
                partitions(admin, topic).stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        return admin.listOffsets(query).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(i -> i.offset())
                .sum();
    }

    private static long logBytes(Admin admin, String topic) throws Exception {
        Set<TopicPartition> wanted = Set.copyOf(partitions(admin, topic));
        Set<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                .map(n -> n.id())
                .collect(Collectors.toSet());
        return admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values().stream()
                .flatMap(dirs -> dirs.values().stream())
                .flatMap(dir -> dir.replicaInfos().entrySet().stream())
                .filter(e -> wanted.contains(e.getKey()))
                .mapToLong(e -> e.getValue().size())
                .sum();
    }

    private static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic);
        return d.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
