package io.planexec.bench.chaos;

import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepOutcome;
import io.planexec.model.StepStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * planexec's promises, checked after a chaos run against what happened outside it: the ledger of every tool call (from
 * the tools), the faults the run caused (from the run) and the results on the results topic.
 *
 * <ol>
 *   <li>every plan ended with exactly one result: none lost, none answered twice;
 *   <li>no non-idempotent step was called twice;
 *   <li>every idempotent step SUCCEEDED, unless the plan skipped it because a step before it ended UNKNOWN;
 *   <li>a step ended UNKNOWN only when it is non-idempotent, no result of it was ever committed, and the process
 *       that started its call was killed or frozen after the call began and before the planner decided, or, without a
 *       call, the executor of its STARTED notice was, after the notice;
 *   <li>no two calls writing one resource overlapped, and the steps of a plan that touch one resource (one of them
 *       writing) ran in the plan's order.
 * </ol>
 *
 * A call whose process was killed has no end in the ledger: it ends when the kill came. A call of a process that was
 * frozen ({@code SIGSTOP}) and went on after it thawed ends, for the overlap checks, when the freeze began: while a
 * process is frozen, its session expires and planexec hands its work over, so the rest of such a call happens after
 * another executor may have written the resource (the run counts these calls; see docs/reliability.md on fencing).
 */
final class ChaosChecks {

    /** A ledger line: a call's start or end in one process. {@code resource} is {@code -} for none. */
    record Call(
            String event,
            long pid,
            String executor,
            String tool,
            String planId,
            String stepId,
            long atMs,
            String resource,
            boolean writes) {

        String step() {
            return planId + "/" + stepId;
        }
    }

    /**
     * A fault the run caused: a process killed ({@code untilMs == atMs}) or frozen from {@code atMs} to {@code
     * untilMs}.
     */
    record Fault(String kind, String target, long pid, long atMs, long untilMs) {
        boolean freeze() {
            return untilMs > atMs;
        }
    }

    /** A STARTED notice an executor committed for a step. */
    record Notice(String step, String executor, long atMs) {}

    /** A FINISHED result an executor committed for a step. */
    record Finished(String step, String executor, long atMs) {}

    /** One call as an interval: from its start to its end, kill, or freeze. */
    record Interval(Call start, long endMs, boolean resumedAfterFreeze) {
        boolean overlaps(Interval other) {
            return start.atMs() < other.endMs && other.start.atMs() < endMs;
        }

        @Override
        public String toString() {
            return start.step() + " (" + start.tool() + ") in " + start.pid() + " [" + start.atMs() + ", " + endMs
                    + "]";
        }
    }

    /** What the checks found. */
    record Findings(
            Map<PlanStatus, Integer> planStatuses,
            Map<StepStatus, Integer> stepStatuses,
            List<String> lost,
            List<String> answeredTwice,
            List<String> nonIdempotentTwice,
            List<String> idempotentNotSucceeded,
            int unknown,
            List<String> unexplained,
            List<String> overlaps,
            List<String> outOfOrder,
            List<String> staleReads,
            int idempotentReRuns,
            int resumedAfterFreeze) {

        boolean promisesHeld() {
            return lost.isEmpty()
                    && answeredTwice.isEmpty()
                    && nonIdempotentTwice.isEmpty()
                    && idempotentNotSucceeded.isEmpty()
                    && unexplained.isEmpty()
                    && overlaps.isEmpty()
                    && outOfOrder.isEmpty();
        }
    }

    private final Set<String> nonIdempotentTools;

    ChaosChecks(Set<String> nonIdempotentTools) {
        this.nonIdempotentTools = Set.copyOf(nonIdempotentTools);
    }

    /**
     * @param planIds every plan sent
     * @param toolOfStep the tool of every step sent, by {@code plan/step}
     * @param results the result of each plan that has one
     * @param resultRecords how many result records each plan has on the results topic
     * @param calls the ledger
     * @param faults the faults of the run
     * @param notices the STARTED notices on the step results topic
     * @param finished the FINISHED results on the step results topic
     */
    Findings check(
            List<String> planIds,
            Map<String, String> toolOfStep,
            Map<String, PlanResult> results,
            Map<String, Integer> resultRecords,
            List<Call> calls,
            List<Fault> faults,
            List<Notice> notices,
            List<Finished> finished) {
        Map<String, List<Call>> startsByStep = calls.stream()
                .filter(c -> c.event().equals("start"))
                .collect(Collectors.groupingBy(Call::step, TreeMap::new, Collectors.toList()));
        Map<String, Call> endsByCall = new HashMap<>();
        calls.stream().filter(c -> c.event().equals("end")).forEach(c -> endsByCall.put(c.pid() + "/" + c.step(), c));
        Map<String, List<Interval>> intervalsByStep = new TreeMap<>();
        startsByStep.forEach((step, starts) -> intervalsByStep.put(
                step, starts.stream().map(s -> interval(s, endsByCall, faults)).toList()));

        List<String> lost = new ArrayList<>();
        List<String> answeredTwice = new ArrayList<>();
        for (String planId : planIds) {
            int records = resultRecords.getOrDefault(planId, 0);
            if (!results.containsKey(planId) || records == 0) {
                lost.add(planId);
            } else if (records > 1) {
                answeredTwice.add(planId + " (" + records + " results)");
            }
        }

        Map<PlanStatus, Integer> planStatuses = new EnumMap<>(PlanStatus.class);
        Map<StepStatus, Integer> stepStatuses = new EnumMap<>(StepStatus.class);
        List<String> idempotentNotSucceeded = new ArrayList<>();
        List<String> unexplained = new ArrayList<>();
        int unknown = 0;
        Map<String, List<Notice>> noticesByStep = notices.stream().collect(Collectors.groupingBy(Notice::step));
        Map<String, List<Finished>> finishedByStep = finished.stream().collect(Collectors.groupingBy(Finished::step));
        for (PlanResult r : results.values()) {
            planStatuses.merge(r.status(), 1, Integer::sum);
            boolean anyUnknown = r.steps().values().stream().anyMatch(s -> s.status() == StepStatus.UNKNOWN);
            for (Map.Entry<String, StepOutcome> s : r.steps().entrySet()) {
                StepStatus status = s.getValue().status();
                stepStatuses.merge(status, 1, Integer::sum);
                String step = r.planId() + "/" + s.getKey();
                String tool = toolOfStep.getOrDefault(step, "?");
                boolean idempotent = !nonIdempotentTools.contains(tool);
                if (idempotent && status != StepStatus.SUCCEEDED && !(status == StepStatus.SKIPPED && anyUnknown)) {
                    idempotentNotSucceeded.add(
                            step + " " + status + ": " + s.getValue().error());
                }
                if (status != StepStatus.UNKNOWN) {
                    continue;
                }
                unknown++;
                String why = idempotent
                        ? "its tool " + tool + " is idempotent"
                        : unexplained(
                                s.getValue().finishedAt() == null
                                        ? Long.MAX_VALUE
                                        : s.getValue().finishedAt().toEpochMilli(),
                                startsByStep.getOrDefault(step, List.of()),
                                faults,
                                noticesByStep.getOrDefault(step, List.of()),
                                finishedByStep.getOrDefault(step, List.of()));
                if (why != null) {
                    String said = s.getValue().error();
                    unexplained.add(step + ": " + why + (said == null ? "" : " (the planner said: " + said + ")"));
                }
            }
        }

        List<String> nonIdempotentTwice = new ArrayList<>();
        int idempotentReRuns = 0;
        for (Map.Entry<String, List<Call>> e : startsByStep.entrySet()) {
            if (e.getValue().size() > 1) {
                String tool =
                        toolOfStep.getOrDefault(e.getKey(), e.getValue().get(0).tool());
                if (nonIdempotentTools.contains(tool)) {
                    nonIdempotentTwice.add(e.getKey() + " (" + e.getValue().size() + " calls)");
                } else {
                    idempotentReRuns += e.getValue().size() - 1;
                }
            }
        }
        List<String> staleReads = new ArrayList<>();
        int resumed = (int) intervalsByStep.values().stream()
                .flatMap(List::stream)
                .filter(Interval::resumedAfterFreeze)
                .count();
        return new Findings(
                planStatuses,
                stepStatuses,
                lost,
                answeredTwice,
                nonIdempotentTwice,
                idempotentNotSucceeded,
                unknown,
                unexplained,
                overlaps(intervalsByStep),
                outOfOrder(intervalsByStep, staleReads),
                staleReads,
                idempotentReRuns,
                resumed);
    }

    /**
     * Why a non-idempotent UNKNOWN step is not explained by a fault, or {@code null} when it is. Its outcome was lost
     * if no result of it was ever committed and the process that started its call was killed or frozen after the call
     * began (however long after: a result waits for its transaction, which a broker failover can hold up for many
     * seconds) and before the planner decided; or, with no call in the ledger, if the executor of its STARTED notice
     * was killed or frozen after the notice and before the decision. A committed result, a process that lived on
     * untouched, or a decision taken while the process still ran leaves it unexplained.
     *
     * @param decidedAtMs when the planner ended the step UNKNOWN
     */
    static String unexplained(
            long decidedAtMs, List<Call> starts, List<Fault> faults, List<Notice> notices, List<Finished> finished) {
        if (!finished.isEmpty()) {
            Finished f = finished.get(0);
            return "a result of it was committed (by " + f.executor() + " at " + f.atMs() + "), yet it ended UNKNOWN";
        }
        if (starts.isEmpty()) {
            for (Notice n : notices) {
                for (Fault f : faults) {
                    if (f.target().equals(n.executor()) && f.atMs() >= n.atMs() && f.atMs() <= decidedAtMs) {
                        return null;
                    }
                }
            }
            return "its call was never made, and no fault hit the executor of its STARTED notice "
                    + notices.stream().map(Notice::executor).toList() + " between the notice and the decision at "
                    + decidedAtMs;
        }
        for (Call start : starts) {
            for (Fault f : faults) {
                if (f.pid() == start.pid() && f.atMs() >= start.atMs() && f.atMs() <= decidedAtMs) {
                    return null;
                }
            }
        }
        return "its call started in process(es) "
                + starts.stream().map(c -> Long.toString(c.pid())).toList()
                + ", which no kill or freeze hit between the call and the decision at " + decidedAtMs
                + ", and no result of it was committed";
    }

    private static Interval interval(Call start, Map<String, Call> endsByCall, List<Fault> faults) {
        Call end = endsByCall.get(start.pid() + "/" + start.step());
        long endMs = end == null ? Long.MAX_VALUE : end.atMs();
        boolean resumed = false;
        for (Fault f : faults) {
            if (f.pid() != start.pid() || f.atMs() < start.atMs() || f.atMs() >= endMs) {
                continue;
            }
            // killed or frozen while the call ran: for the overlap checks it ends there
            resumed = resumed || (f.freeze() && end != null);
            endMs = f.atMs();
        }
        if (endMs == Long.MAX_VALUE) {
            // no end and no fault: the process was stopped at the end of the run while the call ran
            endMs = start.atMs();
        }
        return new Interval(start, endMs, resumed);
    }

    /**
     * Pairs of calls that wrote one resource at the same time. (A read of another plan may overlap a write: planexec
     * orders reads and writes within a plan and writes across plans, as docs/architecture.md says.)
     */
    static List<String> overlaps(Map<String, List<Interval>> intervalsByStep) {
        Map<String, List<Interval>> byResource = new TreeMap<>();
        intervalsByStep.values().stream()
                .flatMap(List::stream)
                .filter(i -> !i.start().resource().equals("-"))
                .forEach(i -> byResource
                        .computeIfAbsent(i.start().resource(), r -> new ArrayList<>())
                        .add(i));
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, List<Interval>> e : byResource.entrySet()) {
            List<Interval> calls = new ArrayList<>(e.getValue());
            calls.sort(Comparator.comparingLong(i -> i.start().atMs()));
            for (int a = 0; a < calls.size(); a++) {
                for (int b = a + 1;
                        b < calls.size()
                                && calls.get(b).start().atMs() < calls.get(a).endMs();
                        b++) {
                    Interval x = calls.get(a);
                    Interval y = calls.get(b);
                    boolean sameStep = x.start().step().equals(y.start().step());
                    if (!sameStep && x.start().writes() && y.start().writes() && x.overlaps(y)) {
                        found.add(e.getKey() + ": " + x + " overlaps " + y);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Steps of one plan that touch one resource (one of them writing) whose calls did not run in the plan's order: a
     * call of a later step began before a call of an earlier one ended.
     */
    static List<String> outOfOrder(Map<String, List<Interval>> intervalsByStep, List<String> staleReads) {
        Map<String, List<Interval>> byPlanAndResource = new TreeMap<>();
        intervalsByStep.values().stream()
                .flatMap(List::stream)
                .filter(i -> !i.start().resource().equals("-"))
                .forEach(i -> byPlanAndResource
                        .computeIfAbsent(i.start().planId() + " " + i.start().resource(), k -> new ArrayList<>())
                        .add(i));
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, List<Interval>> e : byPlanAndResource.entrySet()) {
            for (Interval earlier : e.getValue()) {
                for (Interval later : e.getValue()) {
                    boolean conflict = earlier.start().writes() || later.start().writes();
                    if (conflict
                            && stepIndex(earlier) < stepIndex(later)
                            && later.start().atMs() < earlier.endMs()) {
                        String what = e.getKey() + ": " + later + " began before " + earlier + " ended";
                        if (!earlier.start().writes()
                                && earlier.start().atMs() > later.start().atMs()) {
                            // a read begun after the later step had begun can only be a duplicate of one that had
                            // succeeded (the later step was released on its result): stale, it changes nothing
                            staleReads.add(what);
                        } else {
                            found.add(what);
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Steps are named {@code s0}, {@code s1}, ... in the order of the plan. */
    private static int stepIndex(Interval i) {
        return Integer.parseInt(i.start().stepId().substring(1));
    }
}
