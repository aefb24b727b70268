package io.planexec.planner.topology;

import io.planexec.planner.run.Outbox;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends a plan run's output to the sink of its destination, stamped with the processor's wall-clock time, and notes
 * whether anything was sent that someone waits for (a step task, a plan result).
 */
final class ForwardingOutbox implements Outbox {

    private final ProcessorContext<Object, Object> context;
    private boolean awaited;

    ForwardingOutbox(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void send(Destination destination, String topic, String key, byte[] value) {
        String sink = switch (destination) {
            case STEP_TASKS -> PlannerTopology.STEP_TASKS_SINK;
            case PLAN_RESULTS -> PlannerTopology.PLAN_RESULTS_SINK;
            case PLAN_EVENTS -> PlannerTopology.PLAN_EVENTS_SINK;
        };
        context.forward(new Record<>(key, new Routed(topic, value), context.currentSystemTimeMs()), sink);
        awaited |= destination != Destination.PLAN_EVENTS;
    }

    /** Whether a step task or a plan result was sent since the last call. */
    boolean takeAwaited() {
        boolean was = awaited;
        awaited = false;
        return was;
    }
}
