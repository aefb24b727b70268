package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.engine.Engine;
import io.planexec.bench.harness.engine.Run;
import io.planexec.bench.harness.tools.BenchTools;
import io.planexec.bench.harness.tools.Ledger;
import io.planexec.bench.harness.tools.ReleaseOrder;
import io.planexec.model.AgentRequest;
import io.planexec.model.LatencyClass;
import io.planexec.model.PlanStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code hot_resource}: many plans, submitted at once, whose steps all write one resource ({@code ledger:<key>}).
 * Serialized writes per second (from the first submission to the last result), and the ledger's checks: no two writes
 * overlapped, and they came in release order (for planexec: the order of their tasks on the step topic; for the
 * baselines, which release nothing, the order of the steps within each plan). A second variant uses a non-idempotent
 * write (a STARTED notice is committed before each call).
 */
public final class HotResourceScenario implements Scenario {

    public static final String NAME = "hot_resource";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return NAME;
    }

    /** One round's figures. */
    private record Round(double writesPerSecond, Ledger.Check check, int planOrderViolations) {}

    @Override
    public ScenarioResult run(ScenarioContext ctx) throws Exception {
        Scale.Hot hot = ctx.scale().hotResource();
        Figures f = new Figures();
        for (Engine engine : ctx.engines().all()) {
            String p = Engines.prefix(engine);
            ctx.say(
                    "%s: %s, %d rounds of %d plans x %d writes",
                    NAME, engine.name(), hot.rounds(), hot.plans(), hot.writesPerPlan());
            round(ctx, engine, "warmup", Math.max(1, hot.plans() / 10), hot.writesPerPlan(), BenchTools.LEDGER_WRITE);
            List<Round> rounds = new ArrayList<>();
            for (int r = 0; r < hot.rounds(); r++) {
                rounds.add(round(ctx, engine, "r" + r, hot.plans(), hot.writesPerPlan(), BenchTools.LEDGER_WRITE));
            }
            put(f, p, rounds);
            if (Engines.isPlanexec(engine)) {
                ctx.say(
                        "%s: %s, non-idempotent writes, %d plans x %d writes",
                        NAME, engine.name(), hot.plansNonIdempotent(), hot.writesPerPlan());
                Round once = round(
                        ctx,
                        engine,
                        "once",
                        hot.plansNonIdempotent(),
                        hot.writesPerPlan(),
                        BenchTools.LEDGER_WRITE_ONCE);
                put(f, "non_idempotent_", List.of(once));
            }
        }
        f.put("plans", hot.plans());
        f.put("writes_per_plan", hot.writesPerPlan());
        f.put("rounds", hot.rounds());
        return new ScenarioResult(
                NAME,
                f,
                List.of("writes_per_s", "overlaps", "order_violations"),
                List.of(
                        Target.atLeast("writes_per_s", 200),
                        Target.atMost("overlaps", 0),
                        Target.atMost("order_violations", 0)));
    }

    private static void put(Figures f, String prefix, List<Round> rounds) {
        List<Double> rates = rounds.stream()
                .map(Round::writesPerSecond)
                .sorted(Comparator.naturalOrder())
                .toList();
        f.put(prefix + "writes_per_s", rates.get(rates.size() / 2));
        f.put(prefix + "writes", (long)
                rounds.stream().mapToInt(r -> r.check().writes()).sum());
        f.put(prefix + "overlaps", (long)
                rounds.stream().mapToInt(r -> r.check().overlaps()).sum());
        f.put(prefix + "order_violations", (long)
                rounds.stream().mapToInt(r -> r.check().orderViolations()).sum());
        f.put(prefix + "plan_order_violations", (long)
                rounds.stream().mapToInt(Round::planOrderViolations).sum());
        f.put(prefix + "duplicate_writes", (long)
                rounds.stream().mapToInt(r -> r.check().duplicates()).sum());
        f.put(prefix + "missing_writes", (long)
                rounds.stream().mapToInt(r -> r.check().missing()).sum());
    }

    private static Round round(ScenarioContext ctx, Engine engine, String round, int plans, int writes, String tool)
            throws InterruptedException, ExecutionException, TimeoutException {
        String key = ctx.runId() + "-" + engine.name() + "-" + round;
        String stepTopic = ctx.system().topics().steps(LatencyClass.FAST);
        // Where the step topic ends before this round: its release order is read from there, not from the beginning
        Map<TopicPartition, Long> before = Engines.isPlanexec(engine)
                ? ReleaseOrder.ends(ctx.system().kafkaProperties(), stepTopic, READ_TIMEOUT)
                : Map.of();
        Map<String, List<String>> stepsByPlan = new LinkedHashMap<>();
        List<CompletableFuture<Run>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < plans; i++) {
            AgentRequest request =
                    Workloads.hotWrites(ctx.planId(NAME, engine.name() + "-" + round, i), key, writes, tool);
            stepsByPlan.put(
                    request.planId(), request.steps().stream().map(PlanStep::id).toList());
            futures.add(engine.submit(request));
        }
        long end = start;
        for (CompletableFuture<Run> future : futures) {
            Run run = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            end = Math.max(end, run.endNanos());
        }
        double seconds = (end - start) / 1e9;
        Ledger ledger = ctx.tools().ledger();
        Ledger.Check withinPlans = ledger.checkWithinPlans(key, stepsByPlan);
        Ledger.Check check = withinPlans;
        if (Engines.isPlanexec(engine)) {
            List<String> released =
                    ReleaseOrder.read(ctx.system().kafkaProperties(), stepTopic, before, "ledger:" + key, READ_TIMEOUT);
            check = ledger.check(key, released);
        }
        return new Round(plans * writes / seconds, check, withinPlans.orderViolations());
    }
}
