package io.planexec.planner.topology;

import io.planexec.planner.run.PassOutput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends a plan run's output to the sink of its destination, stamped with the processor's wall-clock time, and notes
 * whether anything was sent that someone waits for (a step task, a plan result).
 */
final class ForwardingPassOutput implements PassOutput {

    private final ProcessorContext<Object, Object> context;
    private boolean awaited;

    ForwardingPassOutput(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void send(Destination destination, String topic, String key, byte[] value, List<Header> headers) {
        String sink = switch (destination) {
            case STEP_TASKS -> PlannerTopology.STEP_TASKS_SINK;
            case PLAN_RESULTS -> PlannerTopology.PLAN_RESULTS_SINK;
            case PLAN_EVENTS -> PlannerTopology.PLAN_EVENTS_SINK;
            case TIMER_CHECKS -> PlannerTopology.TIMER_CHECKS_SINK;
        };
        RecordHeaders recordHeaders = new RecordHeaders();
        for (Header h : headers) {
            recordHeaders.add(h.name(), h.value().getBytes(StandardCharsets.UTF_8));
        }
        context.forward(
                new Record<>(key, new Routed(topic, value), context.currentSystemTimeMs(), recordHeaders), sink);
        awaited |= destination == Destination.STEP_TASKS || destination == Destination.PLAN_RESULTS;
    }

    /** Whether a step task or a plan result was sent since the last call. */
    boolean takeAwaited() {
        boolean was = awaited;
        awaited = false;
        return was;
    }
}
