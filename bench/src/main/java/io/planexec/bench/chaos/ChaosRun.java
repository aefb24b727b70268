package io.planexec.bench.chaos;

import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.kafka.embedded.EmbeddedKafka;
import io.planexec.model.AgentRequest;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepOutcome;
import io.planexec.model.StepStatus;
import io.planexec.model.ToolSpec;
import io.planexec.planner.PlannerMain;
import io.planexec.topics.TopicProvisioner;
import io.planexec.topics.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A chaos run: planexec on a broker of its own, its planner and executors as separate processes, while an agent sends
 * plans of 2 to 5 steps (payments and notices that must never run twice, reads and fetches that may), executors are
 * killed with SIGKILL every 10 to 20 s and started again, and the planner is killed three times (once staying down for
 * 30 s). Every tool call is written to a ledger with the process that made it. At the end the run checks planexec's
 * promises:
 *
 * <ul>
 *   <li>every plan ended with exactly one result (none lost, none answered twice);
 *   <li>no non-idempotent call was made twice;
 *   <li>every step that ended {@code UNKNOWN} is explained by an executor's death: the ledger shows its call started
 *       in a process that was killed afterwards (before its result was committed). A step the planner ended UNKNOWN
 *       while its call finished normally, or whose call was never made, is a broken promise.
 * </ul>
 *
 * <pre>
 * java -cp cli/target/planexec.jar io.planexec.bench.chaos.ChaosRun
 * </pre>
 *
 * System properties: {@code plans} (500), {@code seconds} of load (150), {@code executors} (2), {@code seed}
 * (random). Exits 0 when every promise held, 1 otherwise.
 */
public final class ChaosRun {

    /** A process killed during the run: its pid and when. */
    record Kill(String what, long pid, long atMs) {}

    /** A ledger line: a call's start or end in one process. */
    record Call(String event, long pid, String executor, String tool, String planId, String stepId, long atMs) {}

    /**
     * What the run found.
     *
     * @param plans plans sent
     * @param lost plans without a result at the end
     * @param answeredTwice plans with more than one result record
     * @param nonIdempotentTwice non-idempotent steps called more than once
     * @param unknown steps that ended UNKNOWN
     * @param unexplained UNKNOWN steps no executor death explains, with why
     */
    public record Report(
            int plans,
            Map<PlanStatus, Integer> planStatuses,
            Map<StepStatus, Integer> stepStatuses,
            int lost,
            int answeredTwice,
            List<String> nonIdempotentTwice,
            int unknown,
            List<String> unexplained,
            int executorKills,
            int plannerKills,
            int idempotentReRuns,
            long seconds) {

        public boolean promisesHeld() {
            return lost == 0 && answeredTwice == 0 && nonIdempotentTwice.isEmpty() && unexplained.isEmpty();
        }
    }

    private static final List<String> NON_IDEMPOTENT = List.of("chaos_pay", "chaos_notify");

    /** How long after a call ended its result may still wait for its transaction: a kill in this window explains. */
    static final long COMMIT_WINDOW_MS = 5_000;

    /**
     * What a run does.
     *
     * @param plans plans sent, evenly over the load
     * @param load how long plans are sent (executors and the planner are killed meanwhile)
     * @param executors executor processes
     * @param seed the random choices (plans, kill times)
     * @param plannerDown how long the planner stays down its second time (the other two: 2 s)
     * @param plannerSettings further planner settings
     */
    public record Settings(
            int plans,
            Duration load,
            int executors,
            long seed,
            Duration plannerDown,
            Map<String, String> plannerSettings) {

        public Settings {
            if (plans < 1 || executors < 1 || load.toMillis() < plans) {
                throw new IllegalArgumentException("need a plan, an executor and a millisecond of load per plan, got "
                        + plans + " plans, " + executors + " executors, " + load);
            }
            plannerSettings = Map.copyOf(plannerSettings);
        }
    }

    private final String bootstrap;
    private final int plans;
    private final long loadMs;
    private final int executors;
    private final long plannerDownMs;
    private final Map<String, String> plannerSettings;
    private final Random random;
    private final Path dir;
    private final Path ledger;
    private final Topics topics;
    private final PrintStream out;
    private final List<Kill> kills = new CopyOnWriteArrayList<>();
    private final Map<String, Process> processes = new ConcurrentHashMap<>();

    public ChaosRun(String bootstrap, Settings settings, Path dir, PrintStream out) {
        this.bootstrap = bootstrap;
        this.plans = settings.plans();
        this.loadMs = settings.load().toMillis();
        this.executors = settings.executors();
        this.plannerDownMs = settings.plannerDown().toMillis();
        this.plannerSettings = settings.plannerSettings();
        this.random = new Random(settings.seed());
        this.dir = dir;
        this.ledger = dir.resolve("ledger.txt");
        this.topics = new Topics("chaos" + Long.toHexString(settings.seed() & 0xffffff));
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        int plans = Integer.getInteger("plans", 500);
        int seconds = Integer.getInteger("seconds", 150);
        int executors = Integer.getInteger("executors", 2);
        long seed = Long.getLong("seed", System.nanoTime());
        Path dir = Files.createTempDirectory("planexec-chaos");
        System.out.printf(
                "chaos run: %d plans over %d s, %d executors, seed %d, files in %s%n",
                plans, seconds, executors, seed, dir);
        Report report;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            Settings settings =
                    new Settings(plans, Duration.ofSeconds(seconds), executors, seed, Duration.ofSeconds(30), Map.of());
            report = new ChaosRun(kafka.bootstrapServers(), settings, dir, System.out).run();
        }
        System.exit(report.promisesHeld() ? 0 : 1);
    }

    /** Runs, prints the report and returns it. */
    public Report run() throws Exception {
        long started = System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicProvisioner(admin, Duration.ofSeconds(60))
                    .createMissing(TopicProvisioner.standardTopics(topics, 6, (short) -1));
        }
        try {
            startPlanner();
            for (int i = 1; i <= executors; i++) {
                startExecutor(i);
            }
            try (PlanexecClient client = PlanexecClient.builder()
                    .bootstrapServers(bootstrap)
                    .topicPrefix(topics.prefix())
                    .clientId(topics.prefix() + "-agent")
                    .build()) {
                awaitTools(client);
                Map<String, CompletableFuture<PlanResult>> futures = new TreeMap<>();
                Thread chaos = new Thread(this::chaos, "chaos");
                chaos.setDaemon(true);
                chaos.start();
                long interval = loadMs / plans;
                for (int i = 0; i < plans; i++) {
                    AgentRequest request = plan("chaos-" + i);
                    futures.put(request.planId(), client.submit(request, Duration.ofMinutes(15)));
                    Thread.sleep(interval);
                }
                chaos.join();
                out.printf(
                        "load sent in %d s; waiting for the last results%n",
                        (System.currentTimeMillis() - started) / 1000);
                Map<String, PlanResult> results = new HashMap<>();
                long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(5);
                for (Map.Entry<String, CompletableFuture<PlanResult>> e : futures.entrySet()) {
                    try {
                        long left = Math.max(1, deadline - System.currentTimeMillis());
                        results.put(e.getKey(), e.getValue().get(left, TimeUnit.MILLISECONDS));
                    } catch (Exception ex) {
                        out.printf("plan %s: no result (%s)%n", e.getKey(), ex);
                    }
                }
                Report report = check(results, (System.currentTimeMillis() - started) / 1000);
                print(report);
                return report;
            }
        } finally {
            processes.values().forEach(p -> p.destroy());
            for (Process p : processes.values()) {
                p.waitFor(30, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }

    // ---- load ----

    private AgentRequest plan(String planId) {
        Requests.Builder b = Requests.steps(planId);
        int steps = 2 + random.nextInt(4);
        for (int s = 0; s < steps; s++) {
            long ms = 50 + random.nextInt(1_500);
            String account = "a" + random.nextInt(10);
            switch (random.nextInt(4)) {
                case 0 -> b.step("s" + s, "chaos_pay", Map.of("account", account, "ms", ms));
                case 1 -> b.step("s" + s, "chaos_balance", Map.of("account", account, "ms", ms));
                case 2 -> b.step("s" + s, "chaos_notify", Map.of("ms", ms));
                default -> b.step("s" + s, "chaos_fetch", Map.of("ms", ms));
            }
        }
        return b.build();
    }

    private void awaitTools(PlanexecClient client) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (client.tools().stream().map(ToolSpec::name).noneMatch("chaos_fetch"::equals)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the executors did not register their tools within 2 minutes");
            }
            Thread.sleep(500);
        }
        Thread.sleep(3_000); // the planner's tool registry follows the tools topic a moment behind
    }

    // ---- chaos ----

    private void chaos() {
        long start = System.currentTimeMillis();
        long[] plannerKillsAt = {loadMs / 4, loadMs / 2, loadMs * 3 / 4};
        long[] plannerDownMs = {2_000, this.plannerDownMs, 2_000};
        int nextPlannerKill = 0;
        long nextExecutorKill = 10_000 + random.nextInt(10_000);
        int victim = 0;
        try {
            while (System.currentTimeMillis() - start < loadMs) {
                long elapsed = System.currentTimeMillis() - start;
                if (nextPlannerKill < plannerKillsAt.length && elapsed >= plannerKillsAt[nextPlannerKill]) {
                    kill("planner");
                    long down = plannerDownMs[nextPlannerKill++];
                    out.printf("t=%ds planner killed, down for %d s%n", elapsed / 1000, down / 1000);
                    Thread.sleep(down);
                    startPlanner();
                }
                if (elapsed >= nextExecutorKill) {
                    int i = 1 + victim++ % executors;
                    kill("executor-" + i);
                    out.printf("t=%ds executor-%d killed%n", elapsed / 1000, i);
                    Thread.sleep(1_000 + random.nextInt(2_000));
                    startExecutor(i);
                    nextExecutorKill = elapsed + 10_000 + random.nextInt(10_000);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException("could not restart a process: " + e, e);
        }
    }

    private void kill(String name) throws InterruptedException {
        Process p = processes.remove(name);
        if (p == null) {
            return;
        }
        kills.add(new Kill(name, p.pid(), System.currentTimeMillis()));
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    private void startPlanner() throws IOException {
        start(
                "planner",
                PlannerMain.class.getName(),
                List.of(),
                List.of(
                        "--bootstrap",
                        bootstrap,
                        "--set",
                        "topic.prefix=" + topics.prefix(),
                        "--set",
                        "planner.state.dir=" + dir.resolve("planner-state"),
                        "--set",
                        "planner.instance.id=chaos-planner"));
    }

    private void startExecutor(int i) throws IOException {
        start(
                "executor-" + i,
                ChaosExecutor.class.getName(),
                List.of("-Dplanexec.chaos.ledger=" + ledger),
                List.of(
                        "--bootstrap",
                        bootstrap,
                        "--instance-id",
                        "chaos-executor-" + i,
                        "--set",
                        "topic.prefix=" + topics.prefix(),
                        "--set",
                        "executor.session.timeout.ms=6000"));
    }

    private void start(String name, String main, List<String> jvmOptions, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        command.addAll(args);
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        processes.put(name, p);
    }

    // ---- checks ----

    private Report check(Map<String, PlanResult> results, long seconds) throws IOException {
        List<Call> calls = readLedger();
        Map<String, List<Call>> startsByStep = calls.stream()
                .filter(c -> c.event().equals("start"))
                .collect(Collectors.groupingBy(c -> c.planId() + "/" + c.stepId()));
        Map<String, Call> endsByCall = new HashMap<>();
        calls.stream()
                .filter(c -> c.event().equals("end"))
                .forEach(c -> endsByCall.put(c.pid() + "/" + c.planId() + "/" + c.stepId(), c));
        Map<Long, Long> killedAt = new HashMap<>();
        kills.forEach(k -> killedAt.put(k.pid(), k.atMs()));

        Map<PlanStatus, Integer> planStatuses = new EnumMap<>(PlanStatus.class);
        Map<StepStatus, Integer> stepStatuses = new EnumMap<>(StepStatus.class);
        List<String> unexplained = new ArrayList<>();
        int unknown = 0;
        for (PlanResult r : results.values()) {
            planStatuses.merge(r.status(), 1, Integer::sum);
            for (Map.Entry<String, StepOutcome> s : r.steps().entrySet()) {
                stepStatuses.merge(s.getValue().status(), 1, Integer::sum);
                if (s.getValue().status() != StepStatus.UNKNOWN) {
                    continue;
                }
                unknown++;
                String step = r.planId() + "/" + s.getKey();
                String why = unexplained(step, startsByStep.getOrDefault(step, List.of()), endsByCall, killedAt);
                if (why != null) {
                    unexplained.add(step + ": " + why);
                }
            }
        }
        List<String> nonIdempotentTwice = new ArrayList<>();
        int idempotentReRuns = 0;
        for (Map.Entry<String, List<Call>> e : startsByStep.entrySet()) {
            if (e.getValue().size() > 1) {
                if (NON_IDEMPOTENT.contains(e.getValue().get(0).tool())) {
                    nonIdempotentTwice.add(e.getKey() + " (" + e.getValue().size() + " calls)");
                } else {
                    idempotentReRuns += e.getValue().size() - 1;
                }
            }
        }
        Map<String, Integer> resultRecords = resultRecordsPerPlan();
        int answeredTwice =
                (int) resultRecords.values().stream().filter(n -> n > 1).count();
        int executorKills = (int)
                kills.stream().filter(k -> k.what().startsWith("executor")).count();
        int plannerKills =
                (int) kills.stream().filter(k -> k.what().equals("planner")).count();
        return new Report(
                plans,
                planStatuses,
                stepStatuses,
                plans - results.size(),
                answeredTwice,
                nonIdempotentTwice,
                unknown,
                unexplained,
                executorKills,
                plannerKills,
                idempotentReRuns,
                seconds);
    }

    /**
     * Why an UNKNOWN step is not explained by an executor's death, or {@code null} when it is: one of its calls started
     * in a process that was killed while the call ran, or so soon after it ended ({@link #COMMIT_WINDOW_MS}) that its
     * result may not have been committed yet.
     */
    static String unexplained(String step, List<Call> starts, Map<String, Call> endsByCall, Map<Long, Long> killedAt) {
        if (starts.isEmpty()) {
            return "its call was never made";
        }
        for (Call start : starts) {
            Long killed = killedAt.get(start.pid());
            if (killed == null || killed < start.atMs()) {
                continue;
            }
            Call end = endsByCall.get(start.pid() + "/" + step);
            if (end == null || end.atMs() >= killed - COMMIT_WINDOW_MS) {
                return null;
            }
        }
        return "its call started in process(es) "
                + starts.stream().map(c -> Long.toString(c.pid())).toList()
                + " and no kill followed while it ran or within " + COMMIT_WINDOW_MS + " ms of its end";
    }

    private List<Call> readLedger() throws IOException {
        if (!Files.exists(ledger)) {
            return List.of();
        }
        List<Call> calls = new ArrayList<>();
        for (String line : Files.readAllLines(ledger, StandardCharsets.UTF_8)) {
            String[] f = line.split("\\|");
            if (f.length == 9) {
                calls.add(new Call(f[0], Long.parseLong(f[1]), f[2], f[3], f[4], f[5], Long.parseLong(f[8])));
            }
        }
        return calls;
    }

    /** Result records per plan id on the results topic, from its beginning. */
    private Map<String, Integer> resultRecordsPerPlan() {
        Map<String, Object> props = Map.of(
                "bootstrap.servers",
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topics.planResults(), Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
                    && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    counts.merge(r.key(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private void print(Report r) {
        out.printf(
                "%nchaos run of %d s: %d plans, %d executor kills, %d planner kills%n",
                r.seconds(), r.plans(), r.executorKills(), r.plannerKills());
        out.printf("plans: %s%n", r.planStatuses());
        out.printf("steps: %s%n", r.stepStatuses());
        out.printf("idempotent calls run again: %d%n", r.idempotentReRuns());
        out.printf(
                "lost plans: %d; plans answered twice: %d; non-idempotent calls made twice: %d %s%n",
                r.lost(), r.answeredTwice(), r.nonIdempotentTwice().size(), r.nonIdempotentTwice());
        out.printf(
                "UNKNOWN steps: %d, of which not explained by an executor's death: %d%n",
                r.unknown(), r.unexplained().size());
        r.unexplained().forEach(u -> out.println("  " + u));
        out.println(r.promisesHeld() ? "every promise held" : "PROMISES BROKEN");
    }
}
