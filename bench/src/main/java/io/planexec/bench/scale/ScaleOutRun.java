package io.planexec.bench.scale;

import io.planexec.bench.harness.engine.ClosedLoop;
import io.planexec.bench.harness.engine.Latencies;
import io.planexec.bench.harness.engine.PlanexecEngine;
import io.planexec.bench.harness.scenario.Workloads;
import io.planexec.bench.harness.tools.BenchTools;
import io.planexec.bench.process.ServiceArgs;
import io.planexec.client.PlanexecClient;
import io.planexec.kafka.process.ChildJvms;
import io.planexec.kafka.process.KafkaProcessCluster;
import io.planexec.kafka.process.KafkaProcessCluster.NodeProcess;
import io.planexec.model.ToolSpec;
import io.planexec.planner.PlannerMain;
import io.planexec.topics.TopicProvisioner;
import io.planexec.topics.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;

/**
 * Scale-out on the three-broker cluster of processes ({@link KafkaProcessCluster}: three KRaft controllers, three
 * brokers, replication 3, min ISR 2). Two measurements:
 *
 * <ul>
 *   <li>{@code table}: for each number of planner processes and of executor processes, a closed loop of 4-step plans
 *       of a 0-ms tool (the four shapes of {@link Workloads#fourSteps}) on fresh topics of 12 partitions: steps per
 *       second, plan p50 and p99, and the CPU of the machine and of each kind of process in the window;
 *   <li>{@code events}: two planners and two executors under a steady closed loop while a third executor joins, one
 *       leaves ({@code SIGTERM}), a third planner joins and one leaves: the p99 of the plans finishing in each second,
 *       the worst second of each event and how long until ten seconds in a row are back under 1.5 times the p99 before
 *       the first event (with the consumers' group protocol given by {@code -Dgroup.protocol}).
 * </ul>
 *
 * <pre>
 * java -cp cli/target/planexec.jar io.planexec.bench.scale.ScaleOutRun table    # -Dplanners=1,2 -Dexecutors=1,2,4
 * java -cp cli/target/planexec.jar io.planexec.bench.scale.ScaleOutRun events   # -Dgroup.protocol=classic|consumer
 * </pre>
 *
 * Further properties: {@code concurrency} (plans in flight, 64; a quarter of it for {@code events}), {@code lead} and
 * {@code gap} seconds of {@code events} (40, 30), {@code warmup} and {@code window} seconds (20, 40),
 * {@code brokers} (3; 1 for the same run on one broker, replication 1), {@code cluster.warmup} seconds of load before
 * the first row, not measured (120: the brokers' JIT compiles for
 * minutes).
 */
public final class ScaleOutRun {

    private static final int PARTITIONS = 12;
    /** Brokers of the cluster ({@code -Dbrokers}, 3); with fewer than three, one controller and replication 1. */
    private static final int BROKERS = Integer.getInteger("brokers", 3);

    private static final int REPLICATION = Math.min(3, BROKERS);
    private static final int MIN_ISR = Math.max(1, REPLICATION - 1);

    /** One row of the table. */
    public record Row(
            int planners,
            int executors,
            double stepsPerSecond,
            double p50Ms,
            double p99Ms,
            int notSucceeded,
            double machineCores,
            Map<String, Double> coresByKind) {}

    /** The scaling events of one run, and its plans: how many ended, how many did not succeed. */
    public record Events(
            String protocol,
            double baselineP99Ms,
            long plans,
            long notSucceeded,
            long longestGapMs,
            List<Event> events) {}

    /** One scaling event: when, the worst second after it, and how long until latency was steady again. */
    public record Event(String what, long atSecond, double worstP99Ms, long steadyAfterMs) {}

    private final KafkaProcessCluster cluster;
    private final Path dir;
    private final PrintStream out;
    private final Map<String, Process> services = new LinkedHashMap<>();
    private final AtomicInteger runs = new AtomicInteger();
    private Topics topics;

    public ScaleOutRun(KafkaProcessCluster cluster, Path dir, PrintStream out) {
        this.cluster = cluster;
        this.dir = dir;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "table";
        Path dir = Files.createTempDirectory("planexec-scale");
        int concurrency = Integer.getInteger("concurrency", 64);
        Duration warmup = Duration.ofSeconds(Integer.getInteger("warmup", 20));
        Duration window = Duration.ofSeconds(Integer.getInteger("window", 40));
        try (KafkaProcessCluster cluster = KafkaProcessCluster.builder()
                .directory(dir.resolve("kafka"))
                .brokers(BROKERS)
                .controllers(BROKERS >= 3 ? 3 : 1)
                .start()) {
            ScaleOutRun run = new ScaleOutRun(cluster, dir, System.out);
            int clusterWarmup = Integer.getInteger("cluster.warmup", 120);
            if (clusterWarmup > 0) {
                // the brokers' JIT compiles for minutes under load; the first measurement would pay for it
                run.out.printf("warming the cluster up for %d s (not measured)%n", clusterWarmup);
                run.row(1, 1, concurrency, Duration.ofSeconds(clusterWarmup), Duration.ofSeconds(5));
            }
            if (mode.equals("events")) {
                run.events(
                        System.getProperty("group.protocol", "classic"),
                        concurrency / 4,
                        Duration.ofSeconds(Integer.getInteger("lead", 40)),
                        Duration.ofSeconds(Integer.getInteger("gap", 30)));
            } else {
                List<Row> rows = new ArrayList<>();
                for (int p : ints(System.getProperty("planners", "1,2"))) {
                    for (int e : ints(System.getProperty("executors", "1,2,4"))) {
                        rows.add(run.row(p, e, concurrency, warmup, window));
                    }
                }
                run.print(rows);
            }
        }
        System.exit(0);
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
    }

    // ---- the table ----

    /** One configuration on fresh topics: starts its services, runs the loop, stops them. */
    @SuppressWarnings("FutureReturnValueIgnored") // the CPU readings are taken when due; the clock stops after the row
    public Row row(int planners, int executors, int concurrency, Duration warmup, Duration window) throws Exception {
        fresh();
        try {
            for (int i = 1; i <= planners; i++) {
                startPlanner(i);
            }
            for (int i = 1; i <= executors; i++) {
                startExecutor(i, "classic");
            }
            try (PlanexecClient client = client()) {
                awaitReady(client);
                // CPU counters at the window's start and end exactly, taken by a timer: the loop itself only
                // reports plans as they end, and drains the plans in flight after the window
                WindowCpu cpu = new WindowCpu();
                ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
                clock.schedule(cpu::start, warmup.toMillis(), TimeUnit.MILLISECONDS);
                clock.schedule(cpu::end, warmup.plus(window).toMillis(), TimeUnit.MILLISECONDS);
                ClosedLoop.Outcome outcome;
                try {
                    outcome = ClosedLoop.run(
                            new PlanexecEngine(client, Duration.ofMinutes(2)),
                            i -> Workloads.fourSteps(topics.prefix() + "-" + i, i, BenchTools.NOOP),
                            concurrency,
                            warmup,
                            window,
                            Duration.ofMinutes(1));
                } finally {
                    clock.shutdown();
                }
                Map<String, Double> cores = cpu.coresByKind();
                double machine = cpu.machineCores();
                Row row = new Row(
                        planners,
                        executors,
                        outcome.stepsPerSecond(),
                        outcome.makespans().p50Ms(),
                        outcome.makespans().p99Ms(),
                        outcome.notSucceeded(),
                        machine,
                        cores);
                out.printf(
                        "planners %d, executors %d: %.0f steps/s, plan p50 %.1f ms, p99 %.1f ms, %d not succeeded;"
                                + " machine %.2f cores busy %s%n",
                        planners,
                        executors,
                        row.stepsPerSecond(),
                        row.p50Ms(),
                        row.p99Ms(),
                        row.notSucceeded(),
                        machine,
                        cores);
                return row;
            }
        } finally {
            stopAll();
        }
    }

    /** The CPU used between two instants: by each process of the run, and by the whole machine. */
    private final class WindowCpu {
        private Map<String, Long> before = Map.of();
        private Map<String, Long> after = Map.of();
        private long machineBefore;
        private long machineAfter;
        private long startNanos;
        private long endNanos;

        synchronized void start() {
            before = cpuByProcess();
            machineBefore = MachineCpu.busyTicks();
            startNanos = System.nanoTime();
        }

        synchronized void end() {
            after = cpuByProcess();
            machineAfter = MachineCpu.busyTicks();
            endNanos = System.nanoTime();
        }

        private double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        synchronized double machineCores() {
            return (machineAfter - machineBefore) / MachineCpu.ticksPerSecond() / seconds();
        }

        /** Cores used in the window, summed by kind: controllers, brokers, planners, executors, driver. */
        synchronized Map<String, Double> coresByKind() {
            Map<String, Double> byKind = new LinkedHashMap<>();
            after.forEach((name, now) -> {
                String kind = name.replaceAll("-\\d+$", "") + (name.equals("driver") ? "" : "s");
                double cores = (now - before.getOrDefault(name, now)) / 1e9 / seconds();
                byKind.merge(kind, cores, Double::sum);
            });
            byKind.replaceAll((kind, cores) -> Math.round(cores * 100) / 100.0);
            return byKind;
        }
    }

    /** CPU time so far of each process of the run, by name (this JVM as {@code driver}). */
    private Map<String, Long> cpuByProcess() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (NodeProcess n : cluster.controllers()) {
            cpu.put(n.name(), cpuNanos(n.pid()));
        }
        for (NodeProcess n : cluster.brokers()) {
            cpu.put(n.name(), cpuNanos(n.pid()));
        }
        services.forEach((name, p) -> cpu.put(name, cpuNanos(p.pid())));
        cpu.put("driver", cpuNanos(ProcessHandle.current().pid()));
        return cpu;
    }

    private static long cpuNanos(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(h -> h.info().totalCpuDuration())
                .map(Duration::toNanos)
                .orElse(0L);
    }

    private void print(List<Row> rows) {
        out.println();
        out.println(
                "| planners | executors | steps/s | plan p50 | plan p99 | machine CPU (cores of 2) | brokers | controllers"
                        + " | planners | executors | driver |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            Map<String, Double> c = r.coresByKind();
            out.printf(
                    "| %d | %d | %,.0f | %.0f ms | %.0f ms | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                    r.planners(),
                    r.executors(),
                    r.stepsPerSecond(),
                    r.p50Ms(),
                    r.p99Ms(),
                    r.machineCores(),
                    c.getOrDefault("brokers", 0.0),
                    c.getOrDefault("controllers", 0.0),
                    c.getOrDefault("planners", 0.0),
                    c.getOrDefault("executors", 0.0),
                    c.getOrDefault("driver", 0.0));
        }
    }

    // ---- scaling events ----

    /**
     * Two planners and two executors under a steady closed loop; after {@code lead} a third executor joins, then one
     * leaves, a third planner joins and one leaves, {@code gap} apart.
     */
    public Events events(String groupProtocol, int concurrency, Duration lead, Duration gap) throws Exception {
        fresh();
        ConcurrentLinkedQueue<long[]> finished = new ConcurrentLinkedQueue<>(); // {arrived ms, makespan µs}
        List<long[]> marks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        AtomicReference<ClosedLoop.Outcome> outcome = new AtomicReference<>();
        try {
            startPlanner(1);
            startPlanner(2);
            startExecutor(1, groupProtocol);
            startExecutor(2, groupProtocol);
            try (PlanexecClient client = client()) {
                awaitReady(client);
                Thread loop = new Thread(
                        () -> {
                            try {
                                outcome.set(ClosedLoop.run(
                                        new PlanexecEngine(client, Duration.ofMinutes(2)),
                                        i -> Workloads.fourSteps(topics.prefix() + "-" + i, i, BenchTools.NOOP),
                                        concurrency,
                                        Duration.ZERO,
                                        lead.plus(gap.multipliedBy(4)).plusSeconds(10),
                                        Duration.ofMinutes(1),
                                        run -> finished.add(
                                                new long[] {run.arrivedAtMs(), run.makespanNanos() / 1_000})));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "scale-loop");
                loop.start();
                long start = System.currentTimeMillis();
                String[] what = {
                    "executor-3 joins", "executor-3 leaves (SIGTERM)", "planner-3 joins", "planner-3 leaves (SIGTERM)"
                };
                for (int e = 0; e < what.length; e++) {
                    Thread.sleep(
                            Math.max(0, start + lead.toMillis() + e * gap.toMillis() - System.currentTimeMillis()));
                    marks.add(new long[] {System.currentTimeMillis()});
                    names.add(what[e]);
                    switch (e) {
                        case 0 -> startExecutor(3, groupProtocol);
                        case 1 -> stop("executor-3");
                        case 2 -> startPlanner(3);
                        default -> stop("planner-3");
                    }
                    out.printf("t=%ds %s%n", (marks.get(e)[0] - start) / 1000, what[e]);
                }
                loop.join();
                if (outcome.get() == null) {
                    throw new IllegalStateException("the load loop was interrupted; logs in " + dir);
                }
                return eventFigures(
                        groupProtocol,
                        start,
                        gap,
                        finished,
                        marks,
                        names,
                        outcome.get().notSucceeded());
            }
        } finally {
            stopAll();
        }
    }

    private Events eventFigures(
            String protocol,
            long start,
            Duration gap,
            ConcurrentLinkedQueue<long[]> finished,
            List<long[]> marks,
            List<String> names,
            long notSucceeded) {
        Map<Long, Latencies> bySecond = new TreeMap<>();
        long failed = notSucceeded;
        for (long[] f : finished) {
            bySecond.computeIfAbsent((f[0] - start) / 1000, s -> new Latencies())
                    .recordNanos(f[1] * 1_000);
        }
        long firstEvent = (marks.get(0)[0] - start) / 1000;
        Latencies baseline = new Latencies();
        for (long[] f : finished) {
            long s = (f[0] - start) / 1000;
            if (s >= firstEvent - 20 && s < firstEvent) {
                baseline.recordNanos(f[1] * 1_000);
            }
        }
        double base = baseline.p99Ms();
        out.printf(
                "%nscaling events, group protocol %s: baseline p99 %.1f ms over the 20 s before the first; %d plans"
                        + " not succeeded%n",
                protocol, base, failed);
        List<Event> events = new ArrayList<>();
        for (int e = 0; e < marks.size(); e++) {
            long at = (marks.get(e)[0] - start) / 1000;
            long until = e + 1 < marks.size() ? (marks.get(e + 1)[0] - start) / 1000 : at + gap.toSeconds();
            double worst = 0;
            long steadyAt = -1;
            int run = 0;
            for (long s = at; s < until; s++) {
                Latencies l = bySecond.get(s);
                double p99 = l == null ? Double.MAX_VALUE : l.p99Ms();
                worst = Math.max(worst, l == null ? 1_000 : p99);
                if (p99 <= 1.5 * base) {
                    run++;
                    if (run == 10 && steadyAt < 0) {
                        steadyAt = s - 9;
                    }
                } else {
                    run = 0;
                }
            }
            long steadyAfterMs = steadyAt < 0 ? -1 : Math.max(0, (steadyAt - at) * 1000);
            Event event = new Event(names.get(e), at, worst, steadyAfterMs);
            events.add(event);
            out.printf(
                    "  t=%3ds %-30s worst second p99 %7.1f ms; steady again after %s%n",
                    at, names.get(e), worst, steadyAfterMs < 0 ? "not within the next event" : steadyAfterMs + " ms");
        }
        out.println("p99 of the plans finishing in each second:");
        bySecond.forEach((s, l) -> out.printf("  %3d %7.1f%n", s, l.p99Ms()));
        long[] ends = finished.stream().mapToLong(f -> f[0]).sorted().toArray();
        long longestGap = 0;
        for (int i = 1; i < ends.length; i++) {
            longestGap = Math.max(longestGap, ends[i] - ends[i - 1]);
        }
        out.printf("longest time without a plan finishing: %d ms%n", longestGap);
        return new Events(protocol, base, finished.size(), failed, longestGap, events);
    }

    // ---- processes ----

    private void fresh() throws Exception {
        topics = new Topics("scale" + runs.incrementAndGet() + "x" + Long.toHexString(System.nanoTime() & 0xfffff));
        try (Admin admin = cluster.admin()) {
            new TopicProvisioner(admin, Duration.ofSeconds(60))
                    .createMissing(TopicProvisioner.withMinInSyncReplicas(
                            TopicProvisioner.standardTopics(topics, PARTITIONS, (short) REPLICATION), MIN_ISR));
        }
    }

    private PlanexecClient client() throws InterruptedException {
        return PlanexecClient.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .topicPrefix(topics.prefix())
                .clientId(topics.prefix() + "-agent")
                .build();
    }

    private void awaitReady(PlanexecClient client) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (client.tools().stream().map(ToolSpec::name).noneMatch(BenchTools.NOOP::equals)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the executors did not register their tools; logs in " + dir);
            }
            Thread.sleep(500);
        }
        // one plan through every planner's partitions before the clock starts: the groups have settled
        PlanexecEngine engine = new PlanexecEngine(client, Duration.ofMinutes(2));
        for (int i = 0; i < PARTITIONS * 2; i++) {
            try {
                engine.submit(Workloads.fourSteps(topics.prefix() + "-ready-" + i, i, BenchTools.NOOP))
                        .get(2, TimeUnit.MINUTES);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("a first plan did not finish: " + e + "; logs in " + dir, e);
            }
        }
    }

    private void startPlanner(int i) throws IOException {
        List<String> args = ServiceArgs.of(cluster.bootstrapServers(), topics.prefix(), REPLICATION, MIN_ISR)
                .set(
                        "planner.state.dir",
                        dir.resolve(topics.prefix() + "-planner-" + i).toString())
                .set("planner.instance.id", "planner-" + i)
                .set("streams.num.standby.replicas", "1")
                .set("http.port", "0")
                .toList();
        start("planner-" + i, PlannerMain.class.getName(), List.of("-Xmx512m"), args);
    }

    private void startExecutor(int i, String groupProtocol) throws IOException {
        List<String> args = ServiceArgs.of(cluster.bootstrapServers(), topics.prefix(), REPLICATION, MIN_ISR)
                .option("--instance-id", "executor-" + i)
                .option("--classes", "fast")
                .set("consumer.group.protocol", groupProtocol)
                .set("http.port", "0")
                .toList();
        start("executor-" + i, ScaleExecutor.class.getName(), List.of("-Xmx384m"), args);
    }

    private void start(String name, String main, List<String> jvm, List<String> args) throws IOException {
        services.put(
                name, ChildJvms.start(main, jvm, args, Map.of(), dir.resolve(topics.prefix() + "-" + name + ".log")));
    }

    private void stop(String name) throws InterruptedException {
        Process p = services.remove(name);
        if (p != null) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * Stops every service, then deletes the run's topics: a follower's fetch reads every partition it follows from
     * the leader, so partitions left over from earlier rows would make every later row slower (measured: a second set
     * of topics cut the next row's steps per second by more than half).
     */
    private void stopAll() throws InterruptedException {
        for (String name : new ArrayList<>(services.keySet())) {
            stop(name);
        }
        if (topics == null) {
            return;
        }
        try (Admin admin = cluster.admin()) {
            List<String> own = admin.listTopics().names().get(60, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(topics.prefix() + ".") || t.startsWith(topics.prefix() + "-"))
                    .toList();
            admin.deleteTopics(own).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            out.printf("the topics of %s were not all deleted (%s); later rows may be slower%n", topics.prefix(), e);
        }
    }
}
