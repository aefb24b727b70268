package io.planexec.bench.harness;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.planexec.bench.harness.engine.ClosedLoop;
import io.planexec.bench.harness.engine.InProcessEngine;
import io.planexec.bench.harness.engine.PlanexecEngine;
import io.planexec.bench.harness.engine.SerialEngine;
import io.planexec.bench.harness.scenario.Chain10Scenario;
import io.planexec.bench.harness.scenario.Engines;
import io.planexec.bench.harness.scenario.Fanout1000Scenario;
import io.planexec.bench.harness.scenario.Figures;
import io.planexec.bench.harness.scenario.HotResourceScenario;
import io.planexec.bench.harness.scenario.Independent3Scenario;
import io.planexec.bench.harness.scenario.Scenario;
import io.planexec.bench.harness.scenario.ScenarioContext;
import io.planexec.bench.harness.scenario.ScenarioResult;
import io.planexec.bench.harness.scenario.SeedScenario;
import io.planexec.bench.harness.scenario.StartupScenario;
import io.planexec.bench.harness.scenario.SystemUnderTest;
import io.planexec.bench.harness.scenario.ThreadCpu;
import io.planexec.bench.harness.scenario.ThroughputScenario;
import io.planexec.bench.harness.scenario.Workloads;
import io.planexec.bench.harness.tools.BenchTools;
import io.planexec.client.PlanexecClient;
import io.planexec.executor.tool.Toolbox;
import io.planexec.standalone.Standalone;
import io.planexec.standalone.demo.DemoTools;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmark: starts planexec in this process (the embedded broker, or an existing cluster, with the planner
 * and an executor serving the demo tools and the harness's tools), builds the three engines over the same toolbox, runs
 * each selected scenario, then {@code startup} (which starts {@code planexec dev} as a child process, after the
 * harness's own planexec has stopped), prints the table and writes the results file.
 */
public final class BenchRunner {

    /** Every scenario, in the order they run. */
    private static final List<Scenario> ALL = List.of(
            new Independent3Scenario(),
            new Chain10Scenario(),
            new ThroughputScenario(),
            new Fanout1000Scenario(),
            new HotResourceScenario(),
            new SeedScenario(),
            new StartupScenario());

    /** The names of every scenario, in the order they run. */
    public static final List<String> SCENARIOS =
            ALL.stream().map(Scenario::name).toList();

    private static final Logger LOGGER = LoggerFactory.getLogger(BenchRunner.class);
    private static final Duration PLAN_TIMEOUT = Duration.ofMinutes(2);
    private static final int WARMUP_PLANS_IN_FLIGHT = 100;

    private BenchRunner() {}

    /**
     * Runs the benchmark, prints the table to {@code out} and writes the results file (if one is set). A scenario that
     * fails is reported with its error and the others still run.
     *
     * @throws IllegalStateException when planexec cannot start
     */
    public static BenchResults run(BenchSettings settings, PrintWriter out) throws Exception {
        Instant startedAt = Instant.now();
        long begin = System.nanoTime();
        Figures machine = Machine.describe();
        String runId = "b" + UUID.randomUUID().toString().substring(0, 6);
        List<Scenario> selected = ALL.stream()
                .filter(s -> settings.scenarios().contains(s.name()))
                .toList();
        List<ScenarioResult> results = new ArrayList<>();
        double systemReady = Double.NaN;
        BenchTools tools = new BenchTools();
        if (selected.stream().anyMatch(Scenario::needsSystem)) {
            systemReady = runOnSystem(settings, out, runId, tools, selected, results);
        }
        ScenarioContext standaloneFree = new ScenarioContext(
                settings.scale(), runId, out, null, null, tools, settings.devLauncher(), settings.bootstrap());
        for (Scenario s : selected) {
            if (!s.needsSystem()) {
                results.add(timed(s, standaloneFree));
            }
        }
        BenchResults bench =
                new BenchResults(settings, machine, startedAt, (System.nanoTime() - begin) / 1e9, systemReady, results);
        if (settings.jsonFile() != null) {
            ResultsFile.write(bench, settings.jsonFile());
        }
        ResultsTable.print(bench, out);
        if (settings.jsonFile() != null) {
            out.println("results: " + settings.jsonFile());
            out.flush();
        }
        return bench;
    }

    private static double runOnSystem(
            BenchSettings settings,
            PrintWriter out,
            String runId,
            BenchTools tools,
            List<Scenario> selected,
            List<ScenarioResult> results)
            throws Exception {
        Toolbox toolbox = new Toolbox().registerAll(new DemoTools().tools()).registerAll(tools.tools());
        PrometheusMeterRegistry meters = Standalone.prometheusRegistry("bench");
        Standalone.Builder builder = Standalone.builder()
                .toolbox(toolbox)
                .meterRegistry(meters)
                .httpPort(0)
                .topicPrefix("bench-" + runId)
                .settings(settings.systemSettings());
        if (settings.bootstrap() != null) {
            builder.bootstrap(settings.bootstrap());
        }
        out.printf(
                "planexec bench: starting %s, the planner and an executor...%n",
                settings.bootstrap() == null ? "an embedded Kafka broker" : "on " + settings.bootstrap());
        out.flush();
        ExecutorService workers = Executors.newCachedThreadPool(daemons("inprocess-worker-"));
        ExecutorService agentLoop = Executors.newSingleThreadExecutor(daemons("serial-loop-"));
        try (Standalone planexec = builder.start();
                PlanexecClient client = PlanexecClient.builder()
                        .bootstrapServers(planexec.bootstrapServers())
                        .topicPrefix(planexec.topics().prefix())
                        .clientId("bench-" + runId)
                        .build()) {
            double ready = planexec.startedIn().toMillis() / 1000.0;
            out.printf("planexec bench: ready in %.1f s%n", ready);
            planexec.httpUrl()
                    .ifPresent(url -> out.printf(
                            "planexec bench: metrics at %s/metrics (watch it: planexec top --url %s)%n", url, url));
            out.flush();
            Engines engines = new Engines(
                    new PlanexecEngine(client, PLAN_TIMEOUT),
                    new SerialEngine(toolbox, agentLoop),
                    new InProcessEngine(toolbox, workers));
            Map<String, Object> kafka = Map.of("bootstrap.servers", planexec.bootstrapServers());
            ScenarioContext ctx = new ScenarioContext(
                    settings.scale(),
                    runId,
                    out,
                    engines,
                    new SystemUnderTest(kafka, planexec.topics(), meters),
                    tools,
                    settings.devLauncher(),
                    settings.bootstrap());
            warmUp(ctx, out);
            for (Scenario s : selected) {
                if (s.needsSystem()) {
                    results.add(timed(s, ctx));
                }
            }
            return ready;
        } finally {
            workers.shutdownNow();
            agentLoop.shutdownNow();
            meters.close();
        }
    }

    /**
     * Runs 4-step plans on planexec, {@value #WARMUP_PLANS_IN_FLIGHT} in flight, for the scale's system warm-up, so
     * that the scenarios measure planexec as it runs for its users: long-running, its code compiled by the JIT. (A
     * fresh process spends most of its first minute under load compiling; {@code startup} measures such a process.)
     */
    private static void warmUp(ScenarioContext ctx, PrintWriter out) throws InterruptedException {
        Duration warmup = ctx.scale().systemWarmup();
        if (warmup.isZero()) {
            return;
        }
        out.printf(
                "planexec bench: warming up for %.0f s (%d plans in flight)...%n",
                warmup.toMillis() / 1000.0, WARMUP_PLANS_IN_FLIGHT);
        out.flush();
        long jitBefore = ThreadCpu.jitMillis();
        ClosedLoop.Outcome o = ClosedLoop.run(
                ctx.engines().planexec(),
                i -> Workloads.fourSteps(ctx.planId("warmup", PlanexecEngine.NAME, i), i, BenchTools.NOOP),
                WARMUP_PLANS_IN_FLIGHT,
                Duration.ZERO,
                warmup,
                PLAN_TIMEOUT);
        out.printf(
                "planexec bench: warm (%,.0f steps/s; the JIT compiled for %.0f s)%n",
                o.stepsPerSecond(), (ThreadCpu.jitMillis() - jitBefore) / 1000.0);
        out.flush();
    }

    /** Runs a scenario and adds its duration and the load average around it; a failure becomes an error figure. */
    private static ScenarioResult timed(Scenario scenario, ScenarioContext ctx) {
        double loadBefore = Machine.loadAverages()[0];
        long start = System.nanoTime();
        ScenarioResult result;
        try {
            result = scenario.run(ctx);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOGGER.warn("scenario={} failed: {}", scenario.name(), e.toString(), e);
            Figures f = new Figures().put("error", String.valueOf(e.getMessage() == null ? e : e.getMessage()));
            result = new ScenarioResult(scenario.name(), f, List.of(), List.of());
        }
        result.figures()
                .put("seconds", (System.nanoTime() - start) / 1e9)
                .put("load_average_1m_start", loadBefore)
                .put("load_average_1m_end", Machine.loadAverages()[0]);
        ctx.say("%s: done in %.1f s", scenario.name(), (System.nanoTime() - start) / 1e9);
        return result;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
