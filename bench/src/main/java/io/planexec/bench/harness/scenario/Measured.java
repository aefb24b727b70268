package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.engine.Engine;
import io.planexec.bench.harness.engine.Latencies;
import io.planexec.bench.harness.engine.Run;
import io.planexec.model.AgentRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The measured runs of one engine in a sequential scenario, with planexec's passes and executor meters over the
 * measured runs (warm-up excluded).
 */
record Measured(Engine engine, List<Run> runs, Passes passes, Figures meters, Figures transactions) {

    /** How long one plan may take in a sequential scenario before the harness gives up. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * Runs {@code warmup} plans, then {@code samples} measured ones, one at a time.
     *
     * @param request the request for a plan id
     */
    static Measured measure(
            ScenarioContext ctx,
            String scenario,
            Engine engine,
            Function<String, AgentRequest> request,
            Scale.Sequential size)
            throws InterruptedException {
        ctx.say("%s: %s, %d warm-up + %d measured plans", scenario, engine.name(), size.warmup(), size.samples());
        OneAtATime.run(engine, i -> request.apply(ctx.planId(scenario, engine.name(), i)), size.warmup(), 0, TIMEOUT);
        // Only planexec has meters and Kafka clients to snapshot
        Snapshot before = Engines.isPlanexec(engine) ? Snapshot.take(ctx) : null;
        List<Run> runs = OneAtATime.run(
                engine,
                i -> request.apply(ctx.planId(scenario, engine.name(), size.warmup() + i)),
                0,
                size.samples(),
                TIMEOUT);
        Figures meters = new Figures();
        Figures transactions = new Figures();
        if (before != null) {
            meters = MeterSnapshot.take(ctx.system().meters()).since(before.meters());
            transactions = KafkaClientMetrics.totals()
                    .since(before.transactions(), KafkaClientMetrics.plannerCommits() - before.plannerCommits(), (long)
                            meters.number("executor_transactions"));
        }
        Passes passes = new Passes();
        runs.forEach(passes::add);
        return new Measured(engine, runs, passes, meters, transactions);
    }

    /** The executor's meters, the producers' transaction timings and the planner's commits at one moment. */
    private record Snapshot(MeterSnapshot meters, KafkaClientMetrics.Totals transactions, long plannerCommits) {
        static Snapshot take(ScenarioContext ctx) {
            return new Snapshot(
                    MeterSnapshot.take(ctx.system().meters()),
                    KafkaClientMetrics.totals(),
                    KafkaClientMetrics.plannerCommits());
        }
    }

    /** The client-side makespans divided by {@code per} (e.g. per level of a chain). */
    Latencies makespansPer(int per) {
        Latencies l = new Latencies();
        for (Run r : runs) {
            l.recordNanos(r.makespanNanos() / per);
        }
        return l;
    }

    /** The client-side makespans. */
    Latencies makespans() {
        return makespansPer(1);
    }

    /**
     * Adds planexec's own figures: the planner's makespans, the passes, the executor's meters, and what a transaction
     * of the planner and of the executor spent in each step of its commit.
     */
    void putPlanexecDetail(Figures f) {
        if (!Engines.isPlanexec(engine)) {
            return;
        }
        f.put("planner_makespan_ms_p50", passes.plannerMakespans().p50Ms());
        f.put("planner_makespan_ms_p99", passes.plannerMakespans().p99Ms());
        f.put("passes", passes.figures());
        f.put("meters", meters);
        f.put("transactions", transactions);
    }
}
