package io.planexec.planner.state;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed plan definitions, least recently used first out, bounded by their total number of steps. Definitions never
 * change, so a cached one is always right; entries are keyed by plan id and acceptance time, so a plan id that is
 * purged and later submitted again never meets its old definition. Shared by the stream threads of one planner.
 */
public final class DefinitionCache {

    private final long maxSteps;
    private final LinkedHashMap<String, PlanDefinition> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long steps;

    /** @param maxSteps the most steps held in total; {@code 0} disables the cache */
    public DefinitionCache(long maxSteps) {
        if (maxSteps < 0) {
            throw new IllegalArgumentException("cache size must not be negative, got " + maxSteps);
        }
        this.maxSteps = maxSteps;
    }

    /** The cached definition of this run, or {@code null}. */
    public synchronized PlanDefinition get(String planId, long acceptedAtMs) {
        return entries.get(key(planId, acceptedAtMs));
    }

    public synchronized void put(PlanDefinition definition) {
        if (definition.size() > maxSteps) {
            return;
        }
        PlanDefinition previous = entries.put(key(definition.planId(), definition.acceptedAtMs()), definition);
        if (previous != null) {
            steps -= previous.size();
        }
        steps += definition.size();
        Iterator<Map.Entry<String, PlanDefinition>> eldest = entries.entrySet().iterator();
        while (steps > maxSteps && eldest.hasNext()) {
            steps -= eldest.next().getValue().size();
            eldest.remove();
        }
    }

    public synchronized void remove(String planId, long acceptedAtMs) {
        PlanDefinition removed = entries.remove(key(planId, acceptedAtMs));
        if (removed != null) {
            steps -= removed.size();
        }
    }

    /** How many definitions are cached. */
    public synchronized int size() {
        return entries.size();
    }

    private static String key(String planId, long acceptedAtMs) {
        return planId + "@" + acceptedAtMs;
    }
}
