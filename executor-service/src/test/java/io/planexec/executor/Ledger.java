package io.planexec.executor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Records the start and end of every tool call, to check ordering, overlap and caps afterwards. Thread-safe. */
final class Ledger {

    /** One call. */
    record Call(String executor, String tool, String key, String planId, String stepId, long start, long end) {
        boolean overlaps(Call other) {
            return start < other.end && other.start < end;
        }
    }

    private final List<Call> calls = new ArrayList<>();

    /** Runs {@code body} as one recorded call. */
    <T> T record(String executor, String tool, String key, String planId, String stepId, CheckedSupplier<T> body)
            throws Exception {
        long start = System.nanoTime();
        try {
            return body.get();
        } finally {
            long end = System.nanoTime();
            synchronized (calls) {
                calls.add(new Call(executor, tool, key, planId, stepId, start, end));
            }
        }
    }

    interface CheckedSupplier<T> {
        T get() throws Exception;
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The calls of each key, in the order they started. */
    Map<String, List<Call>> byKey() {
        Map<String, List<Call>> byKey = new TreeMap<>();
        for (Call call : calls()) {
            byKey.computeIfAbsent(call.key(), k -> new ArrayList<>()).add(call);
        }
        byKey.values().forEach(l -> l.sort(Comparator.comparingLong(Call::start)));
        return byKey;
    }

    /** The most calls of a tool that ran at once in one executor. */
    int maxConcurrent(String tool, String executor) {
        return maxConcurrent(call -> call.tool().equals(tool) && call.executor().equals(executor));
    }

    /** The most calls of a tool that ran at once in all executors together. */
    int maxConcurrent(String tool) {
        return maxConcurrent(call -> call.tool().equals(tool));
    }

    private int maxConcurrent(java.util.function.Predicate<Call> which) {
        List<long[]> events = new ArrayList<>();
        for (Call call : calls()) {
            if (which.test(call)) {
                events.add(new long[] {call.start(), 1});
                events.add(new long[] {call.end(), -1});
            }
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int current = 0;
        int max = 0;
        for (long[] e : events) {
            current += (int) e[1];
            max = Math.max(max, current);
        }
        return max;
    }
}
