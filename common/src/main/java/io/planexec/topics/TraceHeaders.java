package io.planexec.topics;

import io.planexec.model.TraceContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C trace context in Kafka record headers: {@code traceparent} and {@code tracestate}, as UTF-8 text (the form
 * OpenTelemetry's Kafka instrumentation reads and writes). Every record of a plan carries its plan's: the request (as
 * the agent sent it), the step tasks, the executors' STARTED notices and results, the plan events and the plan result.
 */
public final class TraceHeaders {

    private TraceHeaders() {}

    /** The context in these headers, if they carry a valid one (the last of each header counts). */
    public static Optional<TraceContext> read(Headers headers) {
        return TraceContext.of(
                text(headers.lastHeader(TraceContext.TRACEPARENT)), text(headers.lastHeader(TraceContext.TRACESTATE)));
    }

    /** Puts the context into these headers, replacing any there. */
    public static void write(Headers headers, TraceContext trace) {
        headers.remove(TraceContext.TRACEPARENT);
        headers.remove(TraceContext.TRACESTATE);
        headers.add(TraceContext.TRACEPARENT, trace.traceparent().getBytes(StandardCharsets.UTF_8));
        if (trace.tracestate() != null) {
            headers.add(TraceContext.TRACESTATE, trace.tracestate().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String text(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
