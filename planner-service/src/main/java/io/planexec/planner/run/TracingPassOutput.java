package io.planexec.planner.run;

import io.planexec.model.TraceContext;
import java.util.ArrayList;
import java.util.List;

/**
 * An output that adds the trace context of the plan being worked on to every record it sends ({@code traceparent},
 * {@code tracestate}). The engine says which plan's context applies at each entry point ({@link #use}); one stream task
 * works on one plan at a time, so this is a field, not a parameter threaded through every call.
 */
final class TracingPassOutput implements PassOutput {

    private final PassOutput next;
    private TraceContext current;

    TracingPassOutput(PassOutput next) {
        this.next = next;
    }

    /** The context of the records sent from now on, or {@code null} for none. */
    void use(TraceContext trace) {
        this.current = trace;
    }

    TraceContext current() {
        return current;
    }

    @Override
    public void send(Destination destination, String topic, String key, byte[] value, List<Header> headers) {
        if (current == null || destination == Destination.TIMER_CHECKS) {
            next.send(destination, topic, key, value, headers);
            return;
        }
        List<Header> traced = new ArrayList<>(headers.size() + 2);
        traced.addAll(headers);
        traced.add(new Header(TraceContext.TRACEPARENT, current.traceparent()));
        if (current.tracestate() != null) {
            traced.add(new Header(TraceContext.TRACESTATE, current.tracestate()));
        }
        next.send(destination, topic, key, value, traced);
    }
}
