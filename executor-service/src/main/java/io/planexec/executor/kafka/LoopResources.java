package io.planexec.executor.kafka;

import io.planexec.executor.call.CallEnvironment;
import io.planexec.executor.metrics.ExecutorMetrics;
import io.planexec.executor.schedule.InFlightLimit;
import io.planexec.executor.schedule.ToolPermits;
import io.planexec.executor.tool.ToolSelection;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.util.Objects;

/**
 * What the consumer loops of one executor process share.
 *
 * @param topics topic names
 * @param tools the tools served
 * @param permits per-tool caps, process-wide
 * @param inFlight the process's in-flight limit
 * @param calls clock, timer, workers, backoff of the calls
 * @param metrics meters
 * @param wire the wire format
 * @param resultMaxBytes the largest result published
 */
public record LoopResources(
        Topics topics,
        ToolSelection tools,
        ToolPermits permits,
        InFlightLimit inFlight,
        CallEnvironment calls,
        ExecutorMetrics metrics,
        WireFormat wire,
        int resultMaxBytes) {

    public LoopResources {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(permits, "permits");
        Objects.requireNonNull(inFlight, "inFlight");
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(wire, "wire");
    }
}
