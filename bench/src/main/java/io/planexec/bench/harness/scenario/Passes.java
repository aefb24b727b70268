package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.engine.Latencies;
import io.planexec.bench.harness.engine.Run;
import io.planexec.model.PlanResult;
import io.planexec.model.StepOutcome;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a plan's time went, from the times its PlanResult carries (all on this machine's clock, in ms): the planner's
 * acceptance (the release time of its first steps), each step's release, start and end (the executor's), and the
 * planner's end (acceptance plus its {@code makespan_ms}); with the client's submission and arrival times around them.
 *
 * <ul>
 *   <li>{@code submit_to_accept}: the request's produce and the planner's fetch;
 *   <li>{@code release_to_start}: the planner's transaction that publishes a task, the executor's fetch and dispatch;
 *   <li>{@code end_to_planner}: the executor's transaction that publishes a result, the planner's fetch (to the
 *       successor's release, or the plan's end);
 *   <li>{@code planner_end_to_client}: the planner's transaction that publishes the PlanResult, the client's fetch.
 * </ul>
 */
public final class Passes {

    private final Latencies submitToAccept = new Latencies();
    private final Latencies releaseToStart = new Latencies();
    private final Latencies endToPlanner = new Latencies();
    private final Latencies plannerEndToClient = new Latencies();
    private final Latencies plannerMakespan = new Latencies();

    /** Adds the passes of a run (a run without a PlanResult is ignored). */
    public void add(Run run) {
        PlanResult result = run.result();
        if (result == null || result.steps().isEmpty()) {
            return;
        }
        Map<String, StepOutcome> steps = result.steps();
        Instant accepted = steps.values().stream()
                .map(StepOutcome::readyAt)
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
        if (accepted == null) {
            return;
        }
        long acceptedMs = accepted.toEpochMilli();
        long plannerEndMs = acceptedMs + result.stats().makespanMs();
        plannerMakespan.recordMillis(result.stats().makespanMs());
        submitToAccept.recordMillis(acceptedMs - run.submittedAtMs());
        plannerEndToClient.recordMillis(run.arrivedAtMs() - plannerEndMs);
        List<StepOutcome> ran = steps.values().stream()
                .filter(s -> s.readyAt() != null && s.startedAt() != null && s.finishedAt() != null)
                .toList();
        long lastEnd = Long.MIN_VALUE;
        for (StepOutcome s : ran) {
            releaseToStart.recordMillis(
                    s.startedAt().toEpochMilli() - s.readyAt().toEpochMilli());
            lastEnd = Math.max(lastEnd, s.finishedAt().toEpochMilli());
        }
        // A step released after acceptance was released by a result: the gap from the latest end before its release.
        for (StepOutcome s : ran) {
            long released = s.readyAt().toEpochMilli();
            if (released > acceptedMs) {
                long before = ran.stream()
                        .mapToLong(o -> o.finishedAt().toEpochMilli())
                        .filter(end -> end <= released)
                        .max()
                        .orElse(released);
                endToPlanner.recordMillis(released - before);
            }
        }
        if (lastEnd != Long.MIN_VALUE) {
            endToPlanner.recordMillis(plannerEndMs - lastEnd);
        }
    }

    /** The medians and 99th percentiles of each pass, in ms (resolution 1 ms: the times in a PlanResult are in ms). */
    public Figures figures() {
        Figures f = new Figures();
        put(f, "submit_to_accept", submitToAccept);
        put(f, "release_to_start", releaseToStart);
        put(f, "end_to_planner", endToPlanner);
        put(f, "planner_end_to_client", plannerEndToClient);
        return f;
    }

    /** The planner's own makespans ({@code stats.makespan_ms}: acceptance to result, planner clock). */
    public Latencies plannerMakespans() {
        return plannerMakespan;
    }

    private static void put(Figures f, String name, Latencies l) {
        f.put(name + "_ms_p50", l.p50Ms());
        f.put(name + "_ms_p99", l.p99Ms());
    }
}
