package io.planexec.bench.chaos;

import io.planexec.bench.chaos.ChaosChecks.Call;
import io.planexec.bench.chaos.ChaosChecks.Fault;
import io.planexec.bench.chaos.ChaosChecks.Findings;
import io.planexec.bench.chaos.ChaosChecks.Finished;
import io.planexec.bench.chaos.ChaosChecks.Notice;
import io.planexec.bench.process.ServiceArgs;
import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.kafka.process.ChildJvms;
import io.planexec.kafka.process.ClusterNetwork;
import io.planexec.kafka.process.KafkaProcessCluster;
import io.planexec.kafka.process.KafkaProcessCluster.NodeProcess;
import io.planexec.model.AgentRequest;
import io.planexec.model.PlanResult;
import io.planexec.model.StepResult;
import io.planexec.model.ToolSpec;
import io.planexec.planner.PlannerMain;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A chaos run: planexec on a three-broker cluster of processes ({@link KafkaProcessCluster}: three KRaft controllers,
 * three brokers, replication 3, min ISR 2), its planners and executors as processes of their own, while an agent sends
 * plans of 2 to 5 steps (payments and notices that must never run twice, reads and fetches that may) and the run
 * kills and freezes processes:
 *
 * <ul>
 *   <li>an executor killed with {@code kill -9} every 5 to 10 s, started again 1 to 3 s later;
 *   <li>in each cycle of the run (the whole run, or five minutes when it is longer), when the cluster's nodes run on
 *       hosts of their own ({@link KafkaProcessCluster.Builder#networkNamespaces(boolean)}): the broker leading the
 *       most of planexec's partitions cut off the network for 20 s (an eighth of a shorter cycle) while it runs on;
 *   <li>in each cycle: one planner killed and started
 *       again 5 s later; the broker leading the most of planexec's partitions killed and started again 5 s later; the
 *       active KRaft controller killed and started again 5 s later; every planner killed one after the other (the last
 *       one the only one running) and started again 15 s later; a broker killed and kept down for the broker outage
 *       (70 s, shorter when the cycle is short); an executor frozen with {@code SIGSTOP} for 2.5 times its session
 *       timeout, then thawed with {@code SIGCONT} (a zombie: its group hands its work over meanwhile).
 * </ul>
 *
 * Every tool call is written to a ledger (fsync'd) with the process that made it. At the end the run checks the
 * promises of {@link ChaosChecks} and prints them with the faults and how long plans stopped finishing after each.
 *
 * <pre>
 * java -cp cli/target/planexec.jar io.planexec.bench.chaos.ChaosRun      # -Dminutes=3 -Dseed=N
 * </pre>
 *
 * System properties: {@code minutes} of load (3), {@code rate} plans per second (1.5), {@code executors} (3), {@code
 * planners} (2), {@code seed} (random), {@code netns} (true: nodes on hosts of their own where network namespaces can
 * be made, which needs root; the run says when they cannot), and {@code service.NAME=VALUE} for a setting of every
 * planner and executor (e.g. {@code -Dservice.kafka.request.timeout.ms=10000}). Exits 0 when every promise held, 1
 * otherwise.
 */
public final class ChaosRun {

    /** The tools whose calls must never be made twice. */
    static final Set<String> NON_IDEMPOTENT = Set.of("chaos_pay", "chaos_notify");

    /** The executors' session timeout: a frozen executor loses its partitions after this long. */
    static final long EXECUTOR_SESSION_TIMEOUT_MS = 6_000;

    /**
     * What a run does.
     *
     * @param load how long plans are sent (processes are killed meanwhile)
     * @param plansPerSecond the rate of plans
     * @param executors executor processes
     * @param planners planner processes
     * @param seed the random choices (plans, kill times, victims)
     * @param brokerOutage how long a broker stays down once a cycle (at most a third of the cycle)
     * @param serviceSettings further settings for planners and executors (both get them all: settings both accept,
     *     such as {@code kafka.*})
     */
    public record Settings(
            Duration load,
            double plansPerSecond,
            int executors,
            int planners,
            long seed,
            Duration brokerOutage,
            Map<String, String> serviceSettings) {

        public Settings {
            if (executors < 2 || planners < 1 || plansPerSecond <= 0 || load.toSeconds() < 30) {
                throw new IllegalArgumentException("need two executors, a planner, plans and 30 s of load, got "
                        + executors + " executors, " + planners + " planners, " + plansPerSecond + " plans/s, "
                        + load);
            }
            serviceSettings = Map.copyOf(serviceSettings);
        }

        int plans() {
            return (int) Math.max(1, Math.round(load.toSeconds() * plansPerSecond));
        }
    }

    /**
     * The longest time no plan finished after a fault (until the next fault but an executor's kill, at most a minute).
     */
    public record Recovery(String fault, long atSeconds, long longestGapMs) {}

    /**
     * What the run found.
     *
     * @param plans plans sent
     * @param seconds how long the run took
     * @param faults faults by kind
     * @param findings the promises checked
     * @param recoveries how plans kept finishing after each fault (executor kills aside)
     */
    public record Report(
            int plans, long seconds, Map<String, Integer> faults, Findings findings, List<Recovery> recoveries) {

        public boolean promisesHeld() {
            return findings.promisesHeld();
        }
    }

    private record Action(long atMs, String name, Runnable run) {}

    private final KafkaProcessCluster cluster;
    private final Settings settings;
    private final Random random;
    private final Path dir;
    private final Path ledger;
    private final Topics topics;
    private final PrintStream out;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Set<String> frozen = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> finishedAt = new ConcurrentHashMap<>();
    private volatile long startedMs;

    public ChaosRun(KafkaProcessCluster cluster, Settings settings, Path dir, PrintStream out) {
        this.cluster = cluster;
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.dir = dir;
        this.ledger = dir.resolve("ledger.txt");
        this.topics = new Topics("chaos" + Long.toHexString(settings.seed() & 0xffffff));
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        double minutes = Double.parseDouble(System.getProperty("minutes", "3"));
        Settings settings = new Settings(
                Duration.ofSeconds(Math.round(minutes * 60)),
                Double.parseDouble(System.getProperty("rate", "1.5")),
                Integer.getInteger("executors", 3),
                Integer.getInteger("planners", 2),
                Long.getLong("seed", System.nanoTime()),
                Duration.ofSeconds(70),
                serviceSettings(System.getProperties()));
        Path dir = Files.createTempDirectory("planexec-chaos");
        System.out.printf(
                "chaos run: %s of load, %d plans, %d planners, %d executors, seed %d, service settings %s, files in"
                        + " %s%n",
                settings.load(),
                settings.plans(),
                settings.planners(),
                settings.executors(),
                settings.seed(),
                settings.serviceSettings(),
                dir);
        Report report;
        try (KafkaProcessCluster cluster = KafkaProcessCluster.builder()
                .directory(dir.resolve("kafka"))
                .networkNamespaces(networkNamespaces(Boolean.parseBoolean(System.getProperty("netns", "true"))))
                .start()) {
            report = new ChaosRun(cluster, settings, dir, System.out).run();
        }
        System.exit(report.promisesHeld() ? 0 : 1);
    }

    /** The system properties {@code service.NAME=VALUE} as service settings {@code NAME=VALUE}. */
    static Map<String, String> serviceSettings(Properties properties) {
        Map<String, String> settings = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("service.")) {
                settings.put(name.substring("service.".length()), properties.getProperty(name));
            }
        }
        return settings;
    }

    /**
     * Whether the cluster's nodes can run on hosts of their own (wanted and possible); says why not when they are
     * wanted and cannot, so that a run without the network partition fault never passes for one with it.
     */
    public static boolean networkNamespaces(boolean wanted) {
        if (!wanted) {
            System.out.println("chaos run: nodes on loopback (netns=false): no broker is cut off the network");
            return false;
        }
        Optional<String> why = ClusterNetwork.unavailable();
        why.ifPresent(w -> System.out.println("chaos run: no broker is cut off the network in this run: " + w));
        return why.isEmpty();
    }

    /** Runs, prints the report and returns it. */
    @SuppressWarnings(
            "FutureReturnValueIgnored") // each plan's future is kept and awaited; the stage notes when it ended
    public Report run() throws Exception {
        startedMs = System.currentTimeMillis();
        try (Admin admin = cluster.admin()) {
            new TopicProvisioner(admin, Duration.ofSeconds(60))
                    .createMissing(TopicProvisioner.withMinInSyncReplicas(
                            TopicProvisioner.standardTopics(topics, 6, (short) 3), 2));
        }
        List<String> planIds = new ArrayList<>();
        Map<String, String> toolOfStep = new HashMap<>();
        Map<String, PlanResult> results = new TreeMap<>();
        try {
            for (int i = 1; i <= settings.planners(); i++) {
                startPlanner(i);
            }
            for (int i = 1; i <= settings.executors(); i++) {
                startExecutor(i);
            }
            try (PlanexecClient client = PlanexecClient.builder()
                    .bootstrapServers(cluster.bootstrapServers())
                    .topicPrefix(topics.prefix())
                    .clientId(topics.prefix() + "-agent")
                    .build()) {
                awaitTools(client);
                long loadStart = System.currentTimeMillis();
                Thread chaos = new Thread(() -> chaos(loadStart), "chaos");
                chaos.setDaemon(true);
                chaos.start();
                Map<String, CompletableFuture<PlanResult>> futures = new TreeMap<>();
                int plans = settings.plans();
                long interval = settings.load().toMillis() / plans;
                for (int i = 0; i < plans; i++) {
                    AgentRequest request = plan("chaos-" + i);
                    planIds.add(request.planId());
                    request.steps().forEach(s -> toolOfStep.put(request.planId() + "/" + s.id(), s.tool()));
                    CompletableFuture<PlanResult> future = client.submit(request, Duration.ofMinutes(15));
                    future.whenComplete((r, e) -> finishedAt.put(request.planId(), System.currentTimeMillis()));
                    futures.put(request.planId(), future);
                    long next = loadStart + (i + 1) * interval;
                    Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
                }
                chaos.join();
                log("load sent; waiting for the last results");
                long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(5);
                for (Map.Entry<String, CompletableFuture<PlanResult>> e : futures.entrySet()) {
                    try {
                        long left = Math.max(1, deadline - System.currentTimeMillis());
                        results.put(e.getKey(), e.getValue().get(left, TimeUnit.MILLISECONDS));
                    } catch (Exception ex) {
                        out.printf("plan %s: no result (%s)%n", e.getKey(), ex);
                    }
                }
            }
        } finally {
            stopAll();
        }
        List<Notice> notices = new ArrayList<>();
        List<Finished> finished = new ArrayList<>();
        readStepResults(notices, finished);
        Findings findings = new ChaosChecks(NON_IDEMPOTENT)
                .check(planIds, toolOfStep, results, resultRecordsPerPlan(), readLedger(), faults, notices, finished);
        Report report = new Report(
                planIds.size(), (System.currentTimeMillis() - startedMs) / 1000, faultCounts(), findings, recoveries());
        print(report);
        return report;
    }

    // ---- load ----

    private AgentRequest plan(String planId) {
        Requests.Builder b = Requests.steps(planId);
        int steps = 2 + random.nextInt(4);
        for (int s = 0; s < steps; s++) {
            long ms = 50L + random.nextInt(1_500);
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

    /** The topics of this run: planexec's and the planners' own. */
    public String topicPrefix() {
        return topics.prefix();
    }

    private void awaitTools(PlanexecClient client) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (client.tools().stream().map(ToolSpec::name).noneMatch("chaos_fetch"::equals)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(
                        "the executors did not register their tools within 3 minutes; logs in " + dir);
            }
            Thread.sleep(500);
        }
        Thread.sleep(3_000); // the planners' tool registries follow the tools topic a moment behind
    }

    // ---- chaos ----

    private void chaos(long loadStart) {
        List<Action> actions = timeline();
        try {
            for (Action a : actions) {
                long wait = loadStart + a.atMs() - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                try {
                    a.run().run();
                } catch (RuntimeException e) {
                    log(a.name() + " failed: " + e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every fault of the run and every restart, in time order. */
    private List<Action> timeline() {
        List<Action> actions = new ArrayList<>();
        long load = settings.load().toMillis();
        long cycle = Math.min(load, TimeUnit.MINUTES.toMillis(5));
        for (long t = 5_000L + random.nextInt(5_000); t < load - 5_000; t += 5_000 + random.nextInt(5_000)) {
            int i = 1 + random.nextInt(settings.executors());
            long down = 1_000L + random.nextInt(2_000);
            actions.add(new Action(t, "kill executor-" + i, () -> killExecutor(i)));
            actions.add(new Action(t + down, "start executor-" + i, () -> restart("executor-" + i)));
        }
        long outage = Math.min(settings.brokerOutage().toMillis(), cycle / 3);
        long freeze = Math.round(EXECUTOR_SESSION_TIMEOUT_MS * 2.5);
        long cut = Math.min(20_000, cycle / 8);
        for (long c = 0; c + cycle <= load; c += cycle) {
            long at = c;
            if (cluster.hasNetworkNamespaces()) {
                String[] partitioned = new String[1];
                add(
                        actions,
                        at + cycle * 5 / 100,
                        "cut the busiest broker off the network for " + cut / 1000 + " s",
                        () -> partitioned[0] = cutOffBroker(cut));
                add(actions, at + cycle * 5 / 100 + cut, "reconnect the broker", () -> reconnect(partitioned[0]));
            }
            add(actions, at + cycle * 15 / 100, "kill planner-1", () -> kill("planner-1", "planner-kill"));
            add(actions, at + cycle * 15 / 100 + 5_000, "start planner-1", () -> restart("planner-1"));
            String[] broker = new String[1];
            add(actions, at + cycle * 30 / 100, "kill the busiest broker", () -> broker[0] = killBroker(true));
            add(actions, at + cycle * 30 / 100 + 5_000, "start the broker", () -> startBroker(broker[0]));
            int[] controller = new int[1];
            add(actions, at + cycle * 40 / 100, "kill the active controller", () -> controller[0] = killController());
            add(actions, at + cycle * 40 / 100 + 5_000, "start the controller", () -> startController(controller[0]));
            long allDown = at + cycle * 50 / 100;
            for (int p = settings.planners(); p >= 1; p--) {
                int planner = p;
                add(actions, allDown, "kill planner-" + p, () -> kill("planner-" + planner, "planner-kill"));
                allDown += 2_000;
            }
            for (int p = 1; p <= settings.planners(); p++) {
                int planner = p;
                add(actions, allDown + 15_000, "start planner-" + p, () -> restart("planner-" + planner));
            }
            String[] away = new String[1];
            long outageAt = at + cycle * 62 / 100;
            add(actions, outageAt, "kill a broker for " + outage / 1000 + " s", () -> away[0] = killBroker(false));
            add(actions, outageAt + outage, "start the broker", () -> startBroker(away[0]));
            long freezeAt = at + cycle * 85 / 100;
            int zombie = 1 + random.nextInt(settings.executors());
            add(
                    actions,
                    freezeAt,
                    "freeze executor-" + zombie + " (or the next one up)",
                    () -> freezeOne(zombie, freeze));
        }
        actions.sort(Comparator.comparingLong(Action::atMs));
        return actions;
    }

    private static void add(List<Action> actions, long at, String name, Runnable run) {
        actions.add(new Action(at, name, run));
    }

    private void killExecutor(int i) {
        if (!frozen.contains("executor-" + i)) {
            kill("executor-" + i, "executor-kill");
        }
    }

    private void kill(String name, String kind) {
        Process p = processes.get(name);
        if (p == null || !p.isAlive()) {
            return;
        }
        long at = System.currentTimeMillis();
        p.destroyForcibly();
        waitFor(p);
        faults.add(new Fault(kind, instanceOf(name), p.pid(), at, at));
        log(name + " killed (kill -9)");
    }

    private void restart(String name) {
        Process p = processes.get(name);
        if (p != null && p.isAlive()) {
            return;
        }
        try {
            if (name.startsWith("planner-")) {
                startPlanner(Integer.parseInt(name.substring("planner-".length())));
            } else {
                startExecutor(Integer.parseInt(name.substring("executor-".length())));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + ": " + e.getMessage(), e);
        }
        log(name + " started");
    }

    /**
     * Freezes executor {@code preferred}, or, when it is down at that moment (the executor kills go on meanwhile), the
     * next one that is up; waits up to 10 s for one to be.
     */
    private void freezeOne(int preferred, long freezeMs) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (int k = 0; k < settings.executors(); k++) {
                String name = "executor-" + (1 + (preferred - 1 + k) % settings.executors());
                Process p = processes.get(name);
                if (p != null && p.isAlive() && !frozen.contains(name)) {
                    freeze(name, freezeMs);
                    return;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log("no executor was up to freeze within 10 s");
    }

    private void freeze(String name, long freezeMs) {
        Process p = processes.get(name);
        if (p == null || !p.isAlive()) {
            return;
        }
        frozen.add(name);
        long at = System.currentTimeMillis();
        ChildJvms.signal(p.pid(), "STOP");
        log(name + " frozen (SIGSTOP) for " + freezeMs / 1000 + " s");
        try {
            Thread.sleep(freezeMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ChildJvms.signal(p.pid(), "CONT");
            frozen.remove(name);
            faults.add(new Fault("executor-freeze", instanceOf(name), p.pid(), at, System.currentTimeMillis()));
            log(name + " thawed (SIGCONT)");
        }
    }

    /**
     * The brokers, when every one is running and connected; else {@code null}, saying that none is {@code what}: one
     * fault of a broker at a time.
     */
    private List<NodeProcess> everyBrokerUp(String what) {
        List<NodeProcess> up = cluster.brokers().stream()
                .filter(b -> b.isAlive() && !b.isCutOff())
                .toList();
        if (up.size() < cluster.brokers().size()) {
            log("a broker is down or cut off: none " + what);
            return null;
        }
        return up;
    }

    /** Kills the broker leading the most partitions of planexec's topics (or a random one), returns its name. */
    private String killBroker(boolean busiest) {
        List<NodeProcess> alive = everyBrokerUp("killed");
        if (alive == null) {
            return null;
        }
        NodeProcess victim = busiest ? busiestBroker(alive) : alive.get(random.nextInt(alive.size()));
        long pid = victim.pid();
        long at = System.currentTimeMillis();
        victim.kill();
        faults.add(new Fault("broker-kill", victim.name(), pid, at, at));
        log(victim.name() + " killed (kill -9)");
        return victim.name();
    }

    /**
     * Cuts the broker leading the most partitions of planexec's topics off the network (its process runs on, see
     * {@link NodeProcess#cutOff()}), returns its name.
     */
    private String cutOffBroker(long forMs) {
        List<NodeProcess> alive = everyBrokerUp("cut off");
        if (alive == null) {
            return null;
        }
        NodeProcess victim = busiestBroker(alive);
        long at = System.currentTimeMillis();
        victim.cutOff();
        faults.add(new Fault("broker-cut-off", victim.name(), victim.pid(), at, at + forMs));
        log(victim.name() + " cut off the network (" + victim.address() + ")");
        return victim.name();
    }

    private void reconnect(String name) {
        if (name == null) {
            return;
        }
        cluster.brokers().stream().filter(b -> b.name().equals(name)).forEach(NodeProcess::reconnect);
        log(name + " reconnected");
    }

    private NodeProcess busiestBroker(List<NodeProcess> alive) {
        Map<Integer, Integer> leaderships = new HashMap<>();
        try (Admin admin = cluster.admin()) {
            List<String> names = List.of(topics.requests(), topics.stepResults(), topics.planResults());
            for (TopicDescription d : admin.describeTopics(names)
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.leader() != null) {
                        leaderships.merge(p.leader().id(), 1, Integer::sum);
                    }
                }
            }
        } catch (Exception e) {
            log("cannot find the busiest broker (" + e + "): killing the first");
        }
        return alive.stream()
                .max(Comparator.comparingInt(b -> leaderships.getOrDefault(b.nodeId(), 0)))
                .orElseThrow();
    }

    private void startBroker(String name) {
        if (name == null) {
            return;
        }
        cluster.brokers().stream().filter(b -> b.name().equals(name)).forEach(NodeProcess::start);
        log(name + " started");
    }

    private int killController() {
        int leader;
        try (Admin admin = cluster.admin()) {
            leader = admin.describeMetadataQuorum()
                    .quorumInfo()
                    .get(10, TimeUnit.SECONDS)
                    .leaderId();
        } catch (Exception e) {
            log("cannot find the active controller: " + e);
            return -1;
        }
        for (NodeProcess c : cluster.controllers()) {
            if (c.nodeId() == leader) {
                long pid = c.pid();
                long at = System.currentTimeMillis();
                c.kill();
                faults.add(new Fault("controller-kill", c.name(), pid, at, at));
                log(c.name() + " (the active controller) killed (kill -9)");
            }
        }
        return leader;
    }

    private void startController(int nodeId) {
        cluster.controllers().stream().filter(c -> c.nodeId() == nodeId).forEach(c -> {
            c.start();
            log(c.name() + " started");
        });
    }

    private void startPlanner(int i) throws IOException {
        List<String> args = ServiceArgs.of(cluster.bootstrapServers(), topics.prefix(), 3, 2)
                .set("planner.state.dir", dir.resolve("planner-" + i + "-state").toString())
                .set("planner.instance.id", "chaos-planner-" + i)
                .set("planner.unknown.grace.ms", "2000")
                .set("streams.num.standby.replicas", settings.planners() > 1 ? "1" : "0")
                .set("streams.consumer.session.timeout.ms", "10000")
                .setAll(settings.serviceSettings())
                .toList();
        start("planner-" + i, PlannerMain.class.getName(), List.of("-Xmx384m"), args);
    }

    private void startExecutor(int i) throws IOException {
        List<String> args = ServiceArgs.of(cluster.bootstrapServers(), topics.prefix(), 3, 2)
                .option("--instance-id", instanceOf("executor-" + i))
                .set("executor.session.timeout.ms", Long.toString(EXECUTOR_SESSION_TIMEOUT_MS))
                .setAll(settings.serviceSettings())
                .toList();
        start(
                "executor-" + i,
                ChaosExecutor.class.getName(),
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-Dplanexec.chaos.ledger=" + ledger),
                args);
    }

    private static String instanceOf(String name) {
        return "chaos-" + name;
    }

    private void start(String name, String main, List<String> jvmOptions, List<String> args) throws IOException {
        processes.put(name, ChildJvms.start(main, jvmOptions, args, Map.of(), dir.resolve(name + ".log")));
    }

    private void stopAll() {
        for (String name : frozen) {
            Process p = processes.get(name);
            if (p != null && p.isAlive()) {
                ChildJvms.signal(p.pid(), "CONT");
            }
        }
        processes.values().forEach(Process::destroy);
        for (Process p : processes.values()) {
            waitFor(p);
            p.destroyForcibly();
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void log(String message) {
        out.printf("t=%3ds %s%n", (System.currentTimeMillis() - startedMs) / 1000, message);
    }

    // ---- what happened ----

    private List<Call> readLedger() throws IOException {
        if (!Files.exists(ledger)) {
            return List.of();
        }
        List<Call> calls = new ArrayList<>();
        for (String line : Files.readAllLines(ledger, StandardCharsets.UTF_8)) {
            String[] f = line.split("\\|");
            if (f.length == 11) {
                calls.add(new Call(
                        f[0],
                        Long.parseLong(f[1]),
                        f[2],
                        f[3],
                        f[4],
                        f[5],
                        Long.parseLong(f[8]),
                        f[9],
                        Boolean.parseBoolean(f[10])));
            }
        }
        return calls;
    }

    /** Result records per plan id on the results topic, from its beginning. */
    private Map<String, Integer> resultRecordsPerPlan() {
        Map<String, Integer> counts = new HashMap<>();
        readTopic(topics.planResults(), r -> counts.merge(r.key(), 1, Integer::sum));
        return counts;
    }

    /** The STARTED notices and FINISHED results executors committed. */
    private void readStepResults(List<Notice> notices, List<Finished> finished) {
        WireFormat wire = new WireFormat();
        readTopic(topics.stepResults(), r -> {
            StepResult result;
            try {
                result = wire.readStepResult(r.value());
            } catch (RuntimeException e) {
                return; // the planners' own timer checks
            }
            String step = result.planId() + "/" + result.stepId();
            if (result.kind() == StepResult.Kind.STARTED) {
                notices.add(new Notice(step, result.executor(), result.at().toEpochMilli()));
            } else {
                finished.add(new Finished(step, result.executor(), result.at().toEpochMilli()));
            }
        });
    }

    private void readTopic(String topic, Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<String, Object> props = Map.of(
                "bootstrap.servers",
                cluster.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
                    && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }

    private Map<String, Integer> faultCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        faults.forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
        return counts;
    }

    /**
     * For each fault but an executor's kill: the longest time without a plan finishing from the fault until the next
     * such fault (at most a minute), the first gap being from the fault to the first plan finishing after it; when no
     * plan finished before the next fault, until the first one after it.
     */
    private List<Recovery> recoveries() {
        List<Long> finishes = finishedAt.values().stream().sorted().toList();
        List<Fault> major = faults.stream()
                .filter(f -> !f.kind().equals("executor-kill"))
                .sorted(Comparator.comparingLong(Fault::atMs))
                .toList();
        List<Recovery> recoveries = new ArrayList<>();
        for (int i = 0; i < major.size(); i++) {
            Fault f = major.get(i);
            long from = f.atMs();
            long to = Math.min(
                    from + 60_000, i + 1 < major.size() ? major.get(i + 1).atMs() : Long.MAX_VALUE);
            long previous = from;
            long longest = 0;
            boolean resumed = false;
            for (long t : finishes) {
                if (t <= from) {
                    continue;
                }
                if (t > to && resumed) {
                    break; // the gap across the next fault is that fault's
                }
                longest = Math.max(longest, t - previous);
                previous = t;
                resumed = true;
                if (t > to) {
                    break;
                }
            }
            recoveries.add(new Recovery(f.kind() + " " + f.target(), (f.atMs() - startedMs) / 1000, longest));
        }
        return recoveries;
    }

    private void print(Report r) {
        Findings f = r.findings();
        out.printf("%nchaos run of %d s: %d plans; faults %s%n", r.seconds(), r.plans(), r.faults());
        r.recoveries()
                .forEach(x -> out.printf(
                        "  t=%3ds %-36s longest time without a plan finishing: %5d ms%n",
                        x.atSeconds(), x.fault(), x.longestGapMs()));
        out.printf("plans: %s%n", f.planStatuses());
        out.printf("steps: %s%n", f.stepStatuses());
        out.printf(
                "idempotent calls run again: %d; calls that went on after their process thawed: %d%n",
                f.idempotentReRuns(), f.resumedAfterFreeze());
        report("plans without a result", f.lost());
        report("plans answered twice", f.answeredTwice());
        report("non-idempotent steps called twice", f.nonIdempotentTwice());
        report("idempotent steps that did not succeed", f.idempotentNotSucceeded());
        out.printf("UNKNOWN steps: %d%n", f.unknown());
        report("UNKNOWN steps no fault explains", f.unexplained());
        report("overlapping calls on one resource", f.overlaps());
        report("steps of a plan out of order", f.outOfOrder());
        report("stale duplicate reads begun after a later step of their plan (not a broken promise)", f.staleReads());
        out.println(r.promisesHeld() ? "every promise held" : "PROMISES BROKEN");
    }

    private void report(String what, List<String> found) {
        out.printf("%s: %d%n", what, found.size());
        found.stream().limit(20).forEach(x -> out.println("  " + x));
    }
}
