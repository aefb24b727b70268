package io.planexec.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.bench.chaos.ChaosChecks.Call;
import io.planexec.bench.chaos.ChaosChecks.Fault;
import io.planexec.bench.chaos.ChaosChecks.Findings;
import io.planexec.bench.chaos.ChaosChecks.Finished;
import io.planexec.bench.chaos.ChaosChecks.Notice;
import io.planexec.model.Dialect;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepOutcome;
import io.planexec.model.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The promises a chaos run checks, each broken on purpose in a made-up run: a checker that misses one would let a
 * chaos run pass over the bug.
 */
class ChaosChecksTest {

    private final ChaosChecks checks = new ChaosChecks(Set.of("pay", "notify"));

    private final List<String> plans = new ArrayList<>();
    private final Map<String, String> tools = new HashMap<>();
    private final Map<String, PlanResult> results = new HashMap<>();
    private final Map<String, Integer> records = new HashMap<>();
    private final List<Call> ledger = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<Notice> notices = new ArrayList<>();
    private final List<Finished> finished = new ArrayList<>();

    @Test
    void shouldFindNothingWrongInARunThatKeptEveryPromise() {
        // Given a plan whose payment was cut off by a kill (UNKNOWN) and whose reindex ran twice (idempotent)
        plan("p1", Map.of("s0", StepStatus.UNKNOWN, "s1", StepStatus.SUCCEEDED));
        tool("p1/s0", "pay");
        tool("p1/s1", "fetch");
        call("start", 7, "p1", "s0", 1_000, "acct:a", true);
        faults.add(new Fault("executor-kill", "ex-1", 7, 1_500, 1_500));
        call("start", 7, "p1", "s1", 1_100, "-", false);
        call("start", 8, "p1", "s1", 3_000, "-", false);
        call("end", 8, "p1", "s1", 3_200, "-", false);

        Findings f = check();

        assertThat(f.promisesHeld()).isTrue();
        assertThat(f.unknown()).isEqualTo(1);
        assertThat(f.idempotentReRuns()).isEqualTo(1);
    }

    @Test
    void shouldFindALostPlanAndAPlanAnsweredTwice() {
        plan("p1", Map.of("s0", StepStatus.SUCCEEDED));
        plans.add("p2");
        records.put("p1", 2);

        Findings f = check();

        assertThat(f.lost()).containsExactly("p2");
        assertThat(f.answeredTwice()).containsExactly("p1 (2 results)");
    }

    @Test
    void shouldFindANonIdempotentStepCalledTwice() {
        plan("p1", Map.of("s0", StepStatus.SUCCEEDED));
        tool("p1/s0", "pay");
        call("start", 7, "p1", "s0", 1_000, "acct:a", true);
        call("start", 8, "p1", "s0", 2_000, "acct:a", true);
        call("end", 8, "p1", "s0", 2_100, "acct:a", true);

        assertThat(check().nonIdempotentTwice()).containsExactly("p1/s0 (2 calls)");
    }

    @Test
    void shouldFindAnIdempotentStepThatDidNotSucceedUnlessAnUnknownStepSkippedIt() {
        plan("p1", Map.of("s0", StepStatus.FAILED));
        tool("p1/s0", "fetch");
        plan("p2", Map.of("s0", StepStatus.UNKNOWN, "s1", StepStatus.SKIPPED));
        tool("p2/s0", "pay");
        tool("p2/s1", "fetch");
        call("start", 7, "p2", "s0", 1_000, "acct:a", true);
        faults.add(new Fault("executor-kill", "ex-1", 7, 1_500, 1_500));

        assertThat(check().idempotentNotSucceeded()).singleElement().asString().startsWith("p1/s0 FAILED");
    }

    @Test
    void shouldExplainUnknownOnlyByAFaultAfterTheCallBeganWithNoResultCommitted() {
        // a call whose process lived on, a call whose result was committed, an idempotent UNKNOWN, and a call never
        // made whose notice's executor lived on
        plan(
                "p1",
                Map.of(
                        "s0",
                        StepStatus.UNKNOWN,
                        "s1",
                        StepStatus.UNKNOWN,
                        "s2",
                        StepStatus.UNKNOWN,
                        "s3",
                        StepStatus.UNKNOWN));
        tool("p1/s0", "pay");
        tool("p1/s1", "fetch");
        tool("p1/s2", "notify");
        tool("p1/s3", "pay");
        call("start", 7, "p1", "s0", 1_000, "acct:a", true);
        call("end", 7, "p1", "s0", 2_000, "acct:a", true);
        faults.add(new Fault("executor-kill", "ex-1", 7, 500, 500));
        notices.add(new Notice("p1/s2", "ex-2", 1_000));
        call("start", 8, "p1", "s3", 1_000, "acct:b", true);
        call("end", 8, "p1", "s3", 1_100, "acct:b", true);
        faults.add(new Fault("executor-kill", "ex-3", 8, 9_000, 9_000));
        finished.add(new Finished("p1/s3", "ex-3", 1_200));

        assertThat(check().unexplained())
                .hasSize(4)
                .anySatisfy(u -> assertThat(u)
                        .isEqualTo("p1/s0: its call started in process(es) [7], which no kill or freeze hit between the"
                                + " call and the decision at 100000, and no result of it was committed (the planner said:"
                                + " UNKNOWN error)"))
                .anySatisfy(u -> assertThat(u)
                        .isEqualTo("p1/s1: its tool fetch is idempotent (the planner said: UNKNOWN error)"))
                .anySatisfy(u -> assertThat(u).startsWith("p1/s2: its call was never made"))
                .anySatisfy(u -> assertThat(u)
                        .isEqualTo("p1/s3: a result of it was committed (by ex-3 at 1200), yet it ended UNKNOWN (the"
                                + " planner said: UNKNOWN error)"));

        // and not when the process was killed only after the planner decided
        faults.add(new Fault("executor-kill", "ex-1", 7, 100_001, 100_001));
        assertThat(check().unexplained()).hasSize(4);

        // and explained when the process was killed or frozen before the decision, however long after the call ended
        // (its result waited for a transaction), or the notice's executor was killed after the notice
        faults.add(new Fault("executor-freeze", "ex-1", 7, 60_000, 75_000));
        faults.add(new Fault("executor-kill", "ex-2", 9, 59_000, 59_000));
        finished.clear();
        assertThat(check().unexplained())
                .containsExactly("p1/s1: its tool fetch is idempotent (the planner said: UNKNOWN error)");
    }

    @Test
    void shouldFindWritesToOneResourceThatOverlapEvenWhenOneProcessWasKilled() {
        plan("p1", Map.of("s0", StepStatus.UNKNOWN));
        plan("p2", Map.of("s0", StepStatus.SUCCEEDED));
        tool("p1/s0", "pay");
        tool("p2/s0", "pay");
        // p1's call is cut off by a kill at 1 500; p2's starts on the same account at 1 400
        call("start", 7, "p1", "s0", 1_000, "acct:a", true);
        faults.add(new Fault("executor-kill", "ex-1", 7, 1_500, 1_500));
        call("start", 8, "p2", "s0", 1_400, "acct:a", true);
        call("end", 8, "p2", "s0", 1_600, "acct:a", true);

        assertThat(check().overlaps()).singleElement().asString().startsWith("acct:a: p1/s0 (t) in 7 [1000, 1500]");

        // and none when it starts after the kill, or when one of the two only reads
        ledger.removeIf(c -> c.pid() == 8);
        call("start", 8, "p2", "s0", 1_400, "acct:a", false);
        call("end", 8, "p2", "s0", 1_600, "acct:a", false);
        assertThat(check().overlaps()).isEmpty();
        ledger.removeIf(c -> c.pid() == 8);
        call("start", 8, "p2", "s0", 1_501, "acct:a", true);
        call("end", 8, "p2", "s0", 1_600, "acct:a", true);
        assertThat(check().overlaps()).isEmpty();
    }

    @Test
    void shouldEndAFrozenCallWhereTheFreezeBeganAndCountItsResumption() {
        plan("p1", Map.of("s0", StepStatus.UNKNOWN));
        plan("p2", Map.of("s0", StepStatus.SUCCEEDED));
        tool("p1/s0", "pay");
        tool("p2/s0", "pay");
        call("start", 7, "p1", "s0", 1_000, "acct:a", true);
        faults.add(new Fault("executor-freeze", "ex-1", 7, 1_200, 20_000));
        call("end", 7, "p1", "s0", 20_001, "acct:a", true);
        call("start", 8, "p2", "s0", 10_000, "acct:a", true);
        call("end", 8, "p2", "s0", 10_100, "acct:a", true);

        Findings f = check();

        assertThat(f.overlaps()).isEmpty();
        assertThat(f.resumedAfterFreeze()).isEqualTo(1);
    }

    @Test
    void shouldFindStepsOfAPlanOnOneResourceOutOfOrderButNotTwoReads() {
        plan("p1", Map.of("s0", StepStatus.SUCCEEDED, "s1", StepStatus.SUCCEEDED));
        tool("p1/s0", "pay");
        tool("p1/s1", "balance");
        call("start", 7, "p1", "s1", 1_000, "acct:a", false);
        call("end", 7, "p1", "s1", 1_100, "acct:a", false);
        call("start", 7, "p1", "s0", 1_200, "acct:a", true);
        call("end", 7, "p1", "s0", 1_300, "acct:a", true);
        plan("p2", Map.of("s0", StepStatus.SUCCEEDED, "s1", StepStatus.SUCCEEDED));
        tool("p2/s0", "balance");
        tool("p2/s1", "balance");
        call("start", 7, "p2", "s1", 5_000, "acct:b", false);
        call("start", 7, "p2", "s0", 5_000, "acct:b", false);
        call("end", 7, "p2", "s1", 5_100, "acct:b", false);
        call("end", 7, "p2", "s0", 5_100, "acct:b", false);

        assertThat(check().outOfOrder()).singleElement().asString().startsWith("p1 acct:a: p1/s1 (t) in 7");
    }

    @Test
    void shouldTellAStaleDuplicateReadFromAnOutOfOrderDuplicateWrite() {
        // Given a read then a write of one account, and the read run again (a thawed executor) after the write began
        plan("p3", Map.of("s0", StepStatus.SUCCEEDED, "s1", StepStatus.SUCCEEDED));
        tool("p3/s0", "balance");
        tool("p3/s1", "pay");
        call("start", 7, "p3", "s0", 1_000, "acct:a", false);
        call("end", 7, "p3", "s0", 1_100, "acct:a", false);
        call("start", 7, "p3", "s1", 1_200, "acct:a", true);
        call("end", 7, "p3", "s1", 1_300, "acct:a", true);
        call("start", 8, "p3", "s0", 1_250, "acct:a", false);
        call("end", 8, "p3", "s0", 1_350, "acct:a", false);

        Findings f = check();

        // Then it is a stale read, not out of order
        assertThat(f.outOfOrder()).isEmpty();
        assertThat(f.staleReads()).singleElement().asString().startsWith("p3 acct:a: p3/s1 (t) in 7");

        // And the same duplicate as a write is out of order
        ledger.replaceAll(
                c -> c.pid() == 8 ? new Call(c.event(), 8, "ex", "t", "p3", "s0", c.atMs(), "acct:a", true) : c);
        assertThat(check().outOfOrder()).singleElement().asString().startsWith("p3 acct:a: p3/s1 (t) in 7");
    }

    private Findings check() {
        return checks.check(plans, tools, results, records, ledger, faults, notices, finished);
    }

    private void plan(String planId, Map<String, StepStatus> steps) {
        plans.add(planId);
        Map<String, StepOutcome> outcomes = new LinkedHashMap<>();
        steps.forEach((id, status) -> outcomes.put(
                id,
                new StepOutcome(
                        status, 1, Instant.EPOCH, null, Instant.ofEpochMilli(100_000), "ex", null, status + " error")));
        results.put(
                planId,
                new PlanResult(planId, PlanStatus.SUCCEEDED, Dialect.OPENAI, List.of(), outcomes, null, List.of()));
        records.put(planId, 1);
    }

    private void tool(String step, String tool) {
        tools.put(step, tool);
    }

    private void call(String event, long pid, String plan, String step, long at, String resource, boolean writes) {
        ledger.add(new Call(event, pid, "ex", "t", plan, step, at, resource, writes));
    }
}
