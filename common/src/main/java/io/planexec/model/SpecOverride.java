package io.planexec.model;

import java.util.List;
import java.util.Set;

/**
 * What a tool source's configuration says of one tool over the spec the source derives (from MCP annotations, from an
 * OpenAPI operation): each field {@code null} when not given. The names are those of a tool spec (docs/protocol.md,
 * ToolSpec); {@code reads} and {@code writes} are overridden together, the one not given being empty. Read by {@link
 * io.planexec.wire.SpecOverrides}.
 */
public record SpecOverride(
        String description,
        List<String> reads,
        List<String> writes,
        Boolean idempotent,
        Integer concurrencyCap,
        LatencyClass latencyClass,
        Long timeoutMs,
        Integer maxRetries,
        String routingKey,
        String queue,
        RateLimit rateLimit) {

    /** No override. */
    public static final SpecOverride NONE =
            new SpecOverride(null, null, null, null, null, null, null, null, null, null, null);

    /** The fields an override may set, as a configuration file names them. */
    public static final Set<String> FIELDS = Set.of(
            "description",
            "reads",
            "writes",
            "idempotent",
            "concurrency_cap",
            "latency_class",
            "timeout_ms",
            "max_retries",
            "routing_key",
            "queue",
            "rate_limit");

    public SpecOverride {
        reads = reads == null ? null : List.copyOf(reads);
        writes = writes == null ? null : List.copyOf(writes);
    }

    /**
     * The spec with this override's fields over {@code base}'s.
     *
     * @throws IllegalArgumentException when the result is not a valid spec (the message names the tool and the field)
     */
    public ToolSpec applyTo(ToolSpec base) {
        List<String> newReads = base.reads();
        List<String> newWrites = base.writes();
        if (reads != null || writes != null) {
            newReads = reads == null ? List.of() : reads;
            newWrites = writes == null ? List.of() : writes;
        }
        return new ToolSpec(
                base.name(),
                description != null ? description : base.description(),
                base.parameters(),
                newReads,
                newWrites,
                idempotent != null ? idempotent : base.idempotent(),
                concurrencyCap != null ? concurrencyCap : base.concurrencyCap(),
                latencyClass != null ? latencyClass : base.latencyClass(),
                timeoutMs != null ? timeoutMs : base.timeoutMs(),
                maxRetries != null ? maxRetries : base.maxRetries(),
                routingKey != null ? routingKey : base.routingKey(),
                queue != null ? queue : base.queue(),
                rateLimit != null ? rateLimit : base.rateLimit());
    }
}
