package io.planexec.mcp;

import io.planexec.model.LatencyClass;
import io.planexec.model.RateLimit;
import java.util.List;

/**
 * What the {@code "planexec"} section of an MCP configuration says of one tool, over what its MCP annotations give;
 * each field {@code null} when not given. The names are those of a tool spec (docs/tools.md).
 */
public record ToolOverride(
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
    public static final ToolOverride NONE =
            new ToolOverride(null, null, null, null, null, null, null, null, null, null, null);

    public ToolOverride {
        reads = reads == null ? null : List.copyOf(reads);
        writes = writes == null ? null : List.copyOf(writes);
    }
}
