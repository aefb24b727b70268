package io.planexec.planner.run;

import io.planexec.planner.state.DefinitionCache;
import io.planexec.planner.state.DefinitionCodec;
import io.planexec.planner.state.PlanDefinition;
import io.planexec.planner.state.PlanRecord;
import io.planexec.planner.state.StateCodec;
import io.planexec.planner.state.StateKeys;
import io.planexec.planner.state.StepState;
import io.planexec.planner.state.TimerKeys;
import io.planexec.planner.state.TimerKeys.Kind;
import io.planexec.planner.state.TimerKeys.Timer;
import io.planexec.topics.ResultRecords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The planner's state of a task: one {@code plan-state} store holding, under the keys of {@link StateKeys}, one {@link
 * PlanRecord} per plan, its immutable (and cached) {@link PlanDefinition}, one {@link StepState} per step and the
 * time-ordered {@link TimerKeys timers}.
 */
public final class PlanStateStore {

    private final KeyValueStore<String, byte[]> store;
    private final DefinitionCache cache;
    private LongConsumer timerListener = at -> {};

    public PlanStateStore(KeyValueStore<String, byte[]> store, DefinitionCache cache) {
        this.store = store;
        this.cache = cache;
    }

    /** The plan's record, or {@code null} if the plan id is unknown (never seen, or purged). */
    public PlanRecord plan(String planId) {
        byte[] bytes = store.get(StateKeys.plan(planId));
        return bytes == null ? null : StateCodec.readPlan(bytes, n -> store.get(StateKeys.resultPart(planId, n)));
    }

    /**
     * Stores a plan's record. A finished plan's result goes inside the record when it is small (deflated, at most
     * {@link StateCodec#RESULT_PART_BYTES}), else into entries of its own of at most that size, so that no changelog
     * record comes near the broker's limit whatever the size of the result.
     */
    public void putPlan(String planId, PlanRecord record) {
        if (!(record instanceof PlanRecord.Finished f)) {
            store.put(StateKeys.plan(planId), StateCodec.writePlan(record));
            return;
        }
        byte[] deflated = StateCodec.deflateResult(f);
        if (deflated.length <= StateCodec.RESULT_PART_BYTES) {
            store.put(StateKeys.plan(planId), StateCodec.writeFinished(f, deflated));
            return;
        }
        List<byte[]> parts = ResultRecords.split(deflated, StateCodec.RESULT_PART_BYTES);
        for (int n = 0; n < parts.size(); n++) {
            store.put(StateKeys.resultPart(planId, n), parts.get(n));
        }
        store.put(StateKeys.plan(planId), StateCodec.writeFinishedInParts(f, parts.size()));
    }

    /** Deletes a plan's record, and its stored result's parts if it has any. */
    public void deletePlan(String planId) {
        byte[] bytes = store.get(StateKeys.plan(planId));
        if (bytes == null) {
            return;
        }
        int parts = StateCodec.resultParts(bytes);
        for (int n = 0; n < parts; n++) {
            store.put(StateKeys.resultPart(planId, n), null);
        }
        store.delete(StateKeys.plan(planId));
    }

    /** The definition of the run accepted at {@code acceptedAtMs}, from the cache when possible; {@code null} if none. */
    public PlanDefinition definition(String planId, long acceptedAtMs) {
        PlanDefinition cached = cache.get(planId, acceptedAtMs);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = store.get(StateKeys.definition(planId));
        if (bytes == null) {
            return null;
        }
        PlanDefinition read = DefinitionCodec.read(bytes);
        if (read.acceptedAtMs() != acceptedAtMs) {
            throw new IllegalStateException("plan '" + planId + "': stored definition was accepted at "
                    + read.acceptedAtMs() + ", its record says " + acceptedAtMs);
        }
        cache.put(read);
        return read;
    }

    public void putDefinition(PlanDefinition definition) {
        store.put(StateKeys.definition(definition.planId()), DefinitionCodec.write(definition));
        cache.put(definition);
    }

    public void deleteDefinition(PlanDefinition definition) {
        store.delete(StateKeys.definition(definition.planId()));
        cache.remove(definition.planId(), definition.acceptedAtMs());
    }

    /** A step's state, or {@code null} when it has none yet (pending, never touched). */
    public StepState step(String planId, String stepId) {
        byte[] bytes = store.get(StateKeys.step(planId, stepId));
        return bytes == null ? null : StateCodec.readStep(bytes);
    }

    public void putStep(String planId, String stepId, StepState state) {
        store.put(StateKeys.step(planId, stepId), StateCodec.writeStep(state));
    }

    /**
     * Deletes the step states of a plan by key, never by a range scan (see {@code PlanPass.allStates}); a step that has no
     * state costs a tombstone in the changelog. A {@code null} put, not {@code delete}: the store's delete reads the old
     * value first, and the plan has just read every state it deletes.
     */
    public void deleteSteps(String planId, Collection<String> stepIds) {
        for (String stepId : stepIds) {
            store.put(StateKeys.step(planId, stepId), null);
        }
    }

    /** Tells {@code listener} the due time of every timer set from now on (so a clock can wake up for it). */
    public void onTimerSet(LongConsumer listener) {
        this.timerListener = listener;
    }

    public void addTimer(Kind kind, long atMs, String planId, String stepId, String value) {
        store.put(timerKey(kind, atMs, planId, stepId), value.getBytes(StandardCharsets.UTF_8));
        timerListener.accept(atMs);
    }

    /** When the earliest timer of any kind is due, or {@link Long#MAX_VALUE} when none is set. */
    public long earliestTimer() {
        long earliest = Long.MAX_VALUE;
        for (Kind kind : Kind.values()) {
            try (KeyValueIterator<String, byte[]> it =
                    store.range(TimerKeys.from(kind), TimerKeys.through(kind, Long.MAX_VALUE - 1))) {
                if (it.hasNext()) {
                    earliest = Math.min(earliest, TimerKeys.parse(it.next().key).atMs());
                }
            }
        }
        return earliest;
    }

    public void removeTimer(Kind kind, long atMs, String planId, String stepId) {
        store.delete(timerKey(kind, atMs, planId, stepId));
    }

    /** Up to {@code limit} timers of a kind due at or before {@code nowMs}, earliest first, with their values. */
    public List<Map.Entry<Timer, String>> due(Kind kind, long nowMs, int limit) {
        List<Map.Entry<Timer, String>> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(TimerKeys.from(kind), TimerKeys.through(kind, nowMs))) {
            while (it.hasNext() && out.size() < limit) {
                KeyValue<String, byte[]> e = it.next();
                out.add(Map.entry(TimerKeys.parse(e.key), new String(e.value, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** How many timers of a kind are set (one deadline timer per running plan). */
    public long count(Kind kind) {
        long n = 0;
        try (KeyValueIterator<String, byte[]> it =
                store.range(TimerKeys.from(kind), TimerKeys.through(kind, Long.MAX_VALUE - 1))) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    private static String timerKey(Kind kind, long atMs, String planId, String stepId) {
        return stepId == null ? TimerKeys.key(kind, atMs, planId) : TimerKeys.key(kind, atMs, planId, stepId);
    }
}
