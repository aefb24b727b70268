package io.planexec.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The definition of a tool: what it is called, its arguments, what it reads and writes, and how it must be run.
 *
 * <p>{@code reads} and {@code writes} both {@code null} means "unknown" (the planner then runs the tool's steps alone);
 * when only one is given the other is empty; an empty list means "touches nothing". A resource may be a template over the step's top-level arguments, e.g.
 * {@code file:{path}}.
 *
 * @param name unique tool name, {@code [A-Za-z0-9_.-]{1,128}} (the function name the LLM calls)
 * @param description what the tool does, for the LLM
 * @param parameters JSON Schema of the arguments object (empty means "any object")
 * @param reads resources read, or {@code null} when unknown
 * @param writes resources written, or {@code null} when unknown
 * @param idempotent whether a call may safely run more than once (only idempotent tools are retried or re-run)
 * @param concurrencyCap at most this many calls at once in one executor process; {@code null} means no per-tool cap
 * @param latencyClass how long the tool typically takes; also its queue when the spec names none
 * @param timeoutMs how long one call may take before it is cancelled
 * @param maxRetries retries for an idempotent tool when the request does not say; {@code null} means the default
 * @param routingKey the key that orders this tool's steps across plans (a template like {@code writes}); {@code null}
 *     means the first written resource
 * @param queue the task queue its executors consume ({@link StepQueues}); {@code null} means its latency class's
 * @param rateLimit at most so many calls may start per window in one executor process (retries included); {@code
 *     null} means no limit
 */
public record ToolSpec(
        String name,
        String description,
        Map<String, Object> parameters,
        List<String> reads,
        List<String> writes,
        boolean idempotent,
        Integer concurrencyCap,
        LatencyClass latencyClass,
        long timeoutMs,
        Integer maxRetries,
        String routingKey,
        String queue,
        RateLimit rateLimit) {

    /** The timeout of a tool whose spec gives none. */
    public static final long DEFAULT_TIMEOUT_MS = 30_000;

    /** The retries of an idempotent tool when neither the request nor the spec says. */
    public static final int DEFAULT_MAX_RETRIES = 3;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

    public ToolSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "tool name must match [A-Za-z0-9_.-]{1,128}, got " + (name == null ? "null" : "'" + name + "'"));
        }
        description = description == null ? "" : description;
        parameters = JsonValues.freezeObject(parameters);
        if (reads == null && writes != null) {
            reads = List.of();
        } else if (writes == null && reads != null) {
            writes = List.of();
        }
        reads = JsonValues.freezeStrings(reads, "tool '" + name + "': reads");
        writes = JsonValues.freezeStrings(writes, "tool '" + name + "': writes");
        if (concurrencyCap != null && concurrencyCap < 1) {
            throw new IllegalArgumentException(
                    "tool '" + name + "': concurrency_cap must be at least 1, got " + concurrencyCap);
        }
        latencyClass = latencyClass == null ? LatencyClass.MEDIUM : latencyClass;
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("tool '" + name + "': timeout_ms must be positive, got " + timeoutMs);
        }
        if (maxRetries != null && maxRetries < 0) {
            throw new IllegalArgumentException(
                    "tool '" + name + "': max_retries must not be negative, got " + maxRetries);
        }
        if (routingKey != null && routingKey.isBlank()) {
            throw new IllegalArgumentException("tool '" + name + "': routing_key must not be blank");
        }
        if (queue != null) {
            StepQueues.requireValid(queue, "tool '" + name + "': queue");
        }
        validateTemplates(name, reads, "reads");
        validateTemplates(name, writes, "writes");
        if (routingKey != null) {
            validateTemplates(name, List.of(routingKey), "routing_key");
        }
    }

    private static void validateTemplates(String tool, List<String> resources, String field) {
        if (resources == null) {
            return;
        }
        for (String resource : resources) {
            try {
                ResourceTemplate.parse(resource);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tool '" + tool + "': " + field + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The spec as served from another queue; {@code null} means the latency class's.
     *
     * @throws IllegalArgumentException when the name is not a legal queue name
     */
    public ToolSpec withQueue(String queue) {
        return new ToolSpec(
                name,
                description,
                parameters,
                reads,
                writes,
                idempotent,
                concurrencyCap,
                latencyClass,
                timeoutMs,
                maxRetries,
                routingKey,
                queue,
                rateLimit);
    }

    /** The queue its steps are published to: the spec's {@code queue}, else its latency class's. */
    public String effectiveQueue() {
        return queue != null ? queue : StepQueues.of(latencyClass);
    }

    /** Whether the spec declares what the tool reads and writes. */
    public boolean hasResourceInfo() {
        return reads != null;
    }

    /** Starts a builder with the defaults: no resource information, not idempotent, MEDIUM, 30 s timeout. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder for specs written in Java code. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private Map<String, Object> parameters = Map.of();
        private List<String> reads;
        private List<String> writes;
        private boolean idempotent;
        private Integer concurrencyCap;
        private LatencyClass latencyClass = LatencyClass.MEDIUM;
        private long timeoutMs = DEFAULT_TIMEOUT_MS;
        private Integer maxRetries;
        private String routingKey;
        private String queue;
        private RateLimit rateLimit;

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder parameters(Map<String, Object> parameters) {
            this.parameters = parameters;
            return this;
        }

        public Builder reads(String... resources) {
            this.reads = List.of(resources);
            return this;
        }

        public Builder writes(String... resources) {
            this.writes = List.of(resources);
            return this;
        }

        /** Declares that the tool touches no resource at all. */
        public Builder touchesNothing() {
            this.reads = List.of();
            this.writes = List.of();
            return this;
        }

        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        public Builder concurrencyCap(Integer concurrencyCap) {
            this.concurrencyCap = concurrencyCap;
            return this;
        }

        public Builder latencyClass(LatencyClass latencyClass) {
            this.latencyClass = latencyClass;
            return this;
        }

        public Builder timeoutMs(long timeoutMs) {
            this.timeoutMs = timeoutMs;
            return this;
        }

        public Builder maxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder routingKey(String routingKey) {
            this.routingKey = routingKey;
            return this;
        }

        /** The task queue its executors consume; {@code null} (the default) means its latency class's. */
        public Builder queue(String queue) {
            this.queue = queue;
            return this;
        }

        /** At most {@code calls} calls may start in any {@code perMs} milliseconds, in one executor process. */
        public Builder rateLimit(int calls, long perMs) {
            this.rateLimit = new RateLimit(calls, perMs);
            return this;
        }

        public ToolSpec build() {
            return new ToolSpec(
                    name,
                    description,
                    parameters,
                    reads,
                    writes,
                    idempotent,
                    concurrencyCap,
                    latencyClass,
                    timeoutMs,
                    maxRetries,
                    routingKey,
                    queue,
                    rateLimit);
        }
    }
}
