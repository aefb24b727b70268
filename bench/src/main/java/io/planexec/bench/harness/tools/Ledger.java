package io.planexec.bench.harness.tools;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every write of the ledger tools: which plan and step wrote which key, from when to when. Checks that the writes of a
 * key never overlapped and came in the expected order. Thread-safe.
 */
public final class Ledger {

    /** One write: by step {@code stepId} of plan {@code planId}, between two {@link System#nanoTime()} readings. */
    public record Write(String planId, String stepId, long startNanos, long endNanos) {

        /** {@code planId/stepId}. */
        public String step() {
            return planId + "/" + stepId;
        }
    }

    /**
     * What a check found.
     *
     * @param writes writes recorded
     * @param overlaps pairs of consecutive writes (by start) where the second started before the first ended
     * @param orderViolations consecutive writes (by start) in the wrong order against the expected order; for {@link
     *     #checkWithinPlans}, each write against the previous write of its own plan
     * @param duplicates steps that wrote more than once
     * @param missing expected steps that never wrote
     * @param unexpected steps that wrote but were not expected
     */
    public record Check(int writes, int overlaps, int orderViolations, int duplicates, int missing, int unexpected) {}

    private final Map<String, List<Write>> byKey = new ConcurrentHashMap<>();

    /**
     * Records a write of {@code key}, and returns its position among the writes of that key (0-based, in the order recorded). A
     * concurrent write of the same key would show up as an overlap: the call yields its thread between its two time
     * readings, which widens the window in which one could be seen.
     */
    @SuppressWarnings("ThreadPriorityCheck") // the yield widens the window in which an overlap could be seen
    public int write(String key, String planId, String stepId) {
        long start = System.nanoTime();
        Thread.yield();
        return record(key, new Write(planId, stepId, start, System.nanoTime()));
    }

    /** Records a write with the times {@link #write} measures (given here, so that tests can place writes in time). */
    int record(String key, Write write) {
        List<Write> writes = byKey.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (writes) {
            writes.add(write);
            return writes.size() - 1;
        }
    }

    /** The writes of a key, by start. */
    public List<Write> writes(String key) {
        List<Write> writes = byKey.getOrDefault(key, List.of());
        List<Write> copy;
        synchronized (writes) {
            copy = new ArrayList<>(writes);
        }
        copy.sort(Comparator.comparingLong(Write::startNanos));
        return copy;
    }

    /**
     * Checks the writes of a key against the expected order of their steps ({@code planId/stepId}). Each consecutive
     * pair (by start) counts once at most: as an overlap if the second started before the first ended, as an order
     * violation if the second comes before the first in {@code expected}.
     */
    public Check check(String key, List<String> expected) {
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < expected.size(); i++) {
            rank.putIfAbsent(expected.get(i), i);
        }
        return check(
                key,
                (a, b) -> {
                    Integer ra = rank.get(a.step());
                    Integer rb = rank.get(b.step());
                    return ra != null && rb != null && rb < ra;
                },
                rank.keySet());
    }

    /**
     * Checks the writes of a key against the order of the steps within each plan (a plan's writes of one key must come
     * in the order of {@code stepOrder}, e.g. its request order); writes of different plans may interleave.
     */
    public Check checkWithinPlans(String key, Map<String, List<String>> stepOrderByPlan) {
        Set<String> expected = new HashSet<>();
        Map<String, Integer> rank = new HashMap<>();
        stepOrderByPlan.forEach((plan, steps) -> {
            for (int i = 0; i < steps.size(); i++) {
                rank.put(plan + "/" + steps.get(i), i);
                expected.add(plan + "/" + steps.get(i));
            }
        });
        // Compare each write with the previous write of the same plan.
        Map<String, Write> lastOfPlan = new HashMap<>();
        int violations = 0;
        for (Write w : writes(key)) {
            Write previous = lastOfPlan.put(w.planId(), w);
            if (previous != null) {
                Integer rp = rank.get(previous.step());
                Integer rw = rank.get(w.step());
                if (rp != null && rw != null && rw < rp) {
                    violations++;
                }
            }
        }
        Check base = check(key, (a, b) -> false, expected);
        return new Check(
                base.writes(), base.overlaps(), violations, base.duplicates(), base.missing(), base.unexpected());
    }

    /** Whether {@code b}, written right after {@code a}, should have come before it. */
    @FunctionalInterface
    private interface Inverted {
        boolean test(Write a, Write b);
    }

    private Check check(String key, Inverted inverted, Set<String> expected) {
        List<Write> writes = writes(key);
        int overlaps = 0;
        int violations = 0;
        for (int i = 1; i < writes.size(); i++) {
            Write a = writes.get(i - 1);
            Write b = writes.get(i);
            if (b.startNanos() < a.endNanos()) {
                overlaps++;
            } else if (inverted.test(a, b)) {
                violations++;
            }
        }
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        int unexpected = 0;
        for (Write w : writes) {
            if (!seen.add(w.step())) {
                duplicates++;
            }
            if (!expected.contains(w.step())) {
                unexpected++;
            }
        }
        int missing = 0;
        for (String step : expected) {
            if (!seen.contains(step)) {
                missing++;
            }
        }
        return new Check(writes.size(), overlaps, violations, duplicates, missing, unexpected);
    }
}
