package io.planexec.bench.harness.scenario;

import java.time.Duration;
import java.util.Locale;

/**
 * The sizes of every scenario. {@link #full()} is the measurement (a few minutes); {@link #smoke()} runs every scenario
 * in seconds, to keep the harness working (CI), and its figures mean nothing.
 *
 * @param name {@code full} or {@code smoke}
 * @param systemWarmup how long the harness's planexec runs a load of plans before the first scenario: a long-running
 *     planner, executor and broker have their code compiled by the JIT, a fresh process needs about a minute of load
 *     for that (its figures are those of {@code startup})
 */
public record Scale(
        String name,
        Duration systemWarmup,
        Sequential independent3,
        Sequential chain10,
        Load throughput,
        Sequential fanout1000,
        Hot hotResource,
        Seed seed,
        Startup startup) {

    /**
     * Plans run one at a time.
     *
     * @param warmup discarded runs first
     * @param samples measured runs
     */
    public record Sequential(int warmup, int samples) {}

    /**
     * A closed loop of plans.
     *
     * @param concurrency plans in flight
     * @param warmup run before measuring
     * @param window measured
     * @param baselineWindow measured for the baselines (after {@code warmup}, capped at 2 s)
     */
    public record Load(int concurrency, Duration warmup, Duration window, Duration baselineWindow) {}

    /**
     * Plans that all write one resource, submitted at once.
     *
     * @param plans plans per round
     * @param writesPerPlan steps per plan (each a write)
     * @param rounds measured rounds (after one warm-up round of a tenth of the plans)
     * @param plansNonIdempotent plans per round of the non-idempotent variant
     */
    public record Hot(int plans, int writesPerPlan, int rounds, int plansNonIdempotent) {}

    /**
     * The in-process design's example: three independent tools of {@code toolMs} each.
     *
     * @param toolMs how long each tool takes
     */
    public record Seed(int toolMs, int warmup, int samples) {}

    /**
     * The standalone process started as {@code planexec dev}.
     *
     * @param idle how long it rests after ready before its memory is read
     * @param load the throughput workload driven against it meanwhile
     */
    public record Startup(Duration idle, Load load) {}

    /** The full measurement. */
    public static Scale full() {
        return new Scale(
                "full",
                Duration.ofSeconds(60),
                new Sequential(300, 1_000),
                new Sequential(30, 200),
                new Load(200, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(5)),
                new Sequential(3, 30),
                new Hot(200, 5, 3, 50),
                new Seed(2_000, 1, 5),
                new Startup(
                        Duration.ofSeconds(10),
                        new Load(200, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ZERO)));
    }

    /** Every scenario in seconds: keeps the harness working; the figures mean nothing. */
    public static Scale smoke() {
        return new Scale(
                "smoke",
                Duration.ofMillis(500),
                new Sequential(3, 10),
                new Sequential(1, 3),
                new Load(20, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(500)),
                new Sequential(1, 2),
                new Hot(10, 3, 1, 5),
                new Seed(100, 0, 2),
                new Startup(
                        Duration.ofMillis(500),
                        new Load(10, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ZERO)));
    }

    /**
     * The scale of this name.
     *
     * @throws IllegalArgumentException naming the known scales
     */
    public static Scale named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "full" -> full();
            case "smoke" -> smoke();
            default -> throw new IllegalArgumentException("unknown scale '" + name + "': use full or smoke");
        };
    }
}
