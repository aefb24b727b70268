package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.engine.ClosedLoop;
import io.planexec.bench.harness.engine.PlanexecEngine;
import io.planexec.client.PlanexecClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code startup}: {@code planexec dev} started as a child process: the time from its start to its ready line (JVM
 * start included), its resident memory (VmRSS) after resting, and its most resident memory while this process drives
 * the throughput workload against it (4-step plans of the demo's {@code sleep} tool with 0 ms, which the dev process
 * serves). No baselines: an in-process executor has nothing to start.
 */
public final class StartupScenario implements Scenario {

    public static final String NAME = "startup";
    private static final String DEMO_ZERO_MS_TOOL = "sleep";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsSystem() {
        return false;
    }

    @Override
    @SuppressWarnings(
            "FutureReturnValueIgnored") // the sampler catches its own errors and is shut down with the scenario
    public ScenarioResult run(ScenarioContext ctx) throws Exception {
        DevLauncher launcher = ctx.devLauncher();
        if (launcher == null) {
            throw new IllegalStateException(
                    "startup needs a way to start planexec dev (run it through planexec bench)");
        }
        if (!DevProcess.canReadMemory()) {
            throw new IllegalStateException("startup reads memory from /proc/<pid>/status: Linux only");
        }
        Scale.Startup size = ctx.scale().startup();
        String prefix = ctx.runId() + "-dev";
        Figures f = new Figures();
        ctx.say("%s: starting planexec dev as a child process", NAME);
        try (DevProcess dev = DevProcess.start(launcher.command(prefix, ctx.bootstrap()))) {
            Duration ready = dev.awaitReady(READY_TIMEOUT);
            f.put("ready_s", ready.toMillis() / 1000.0);
            f.put("ready_s_in_process", dev.readyInProcessSeconds());
            ctx.say(
                    "%s: ready in %.1f s; resting %.1f s",
                    NAME, ready.toMillis() / 1000.0, size.idle().toMillis() / 1000.0);
            Thread.sleep(size.idle().toMillis());
            f.put("rss_mb_idle", dev.residentKb() / 1024.0);
            Scale.Load load = size.load();
            ctx.say(
                    "%s: driving %d plans in flight for %.1f s",
                    NAME, load.concurrency(), load.warmup().plus(load.window()).toMillis() / 1000.0);
            AtomicLong maxRssKb = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bench-rss-sampler");
                t.setDaemon(true);
                return t;
            });
            sampler.scheduleAtFixedRate(
                    () -> {
                        try {
                            maxRssKb.accumulateAndGet(dev.residentKb(), Math::max);
                        } catch (IOException e) {
                            // the process has gone; awaitReady's checks and the load's failures tell why
                        }
                    },
                    0,
                    200,
                    TimeUnit.MILLISECONDS);
            ClosedLoop.Outcome o;
            try (PlanexecClient client = PlanexecClient.builder()
                    .bootstrapServers(dev.bootstrap())
                    .topicPrefix(prefix)
                    .build()) {
                o = ClosedLoop.run(
                        new PlanexecEngine(client, Duration.ofMinutes(2)),
                        i -> Workloads.fourSteps(ctx.planId(NAME, "dev", i), i, DEMO_ZERO_MS_TOOL),
                        load.concurrency(),
                        load.warmup(),
                        load.window(),
                        Duration.ofSeconds(60));
            } finally {
                sampler.shutdownNow();
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            }
            f.put("rss_mb_load", maxRssKb.get() / 1024.0);
            f.put("rss_mb_peak", dev.peakResidentKb() / 1024.0);
            f.put("load_steps_per_s", o.stepsPerSecond());
            f.put("load_overhead_ms_p99", o.makespans().p99Ms());
            f.put("load_plans_not_succeeded", o.notSucceeded());
            f.put("jvm_options", String.join(" ", launcher.jvmOptions()));
        }
        return new ScenarioResult(
                NAME,
                f,
                List.of("ready_s", "rss_mb_idle", "rss_mb_load"),
                List.of(Target.atMost("ready_s", 10), Target.atMost("rss_mb_load", 1024)));
    }
}
