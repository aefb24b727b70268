package io.planexec.executor.tool;

import java.time.Instant;
import java.util.Optional;

/**
 * What a tool knows about the call it is serving. Declare a parameter of this type in a {@link ToolFunction} method, or
 * use the second argument of a {@link SyncToolHandler}/{@link AsyncToolHandler}.
 */
public interface ToolContext {

    /** The tool being called. */
    String tool();

    /** The plan the step belongs to. */
    String planId();

    /** The step within the plan. */
    String stepId();

    /** The planner's release number of the step (1 unless the planner released it again). */
    int release();

    /** The executor's attempt number within the release: 1 for the first call, 2 for the first retry, ... */
    int attempt();

    /**
     * The same for every attempt of one release ({@code planId/stepId/release}): pass it on to the systems the tool
     * calls so they can recognise a repeated request.
     */
    String idempotencyKey();

    /** The plan's deadline: the result is useless after it. */
    Instant deadline();

    /** When this attempt will be cancelled (its timeout, or the plan's deadline if that comes first). */
    Instant cancelAt();

    /**
     * Whether the call has been cancelled (timed out, or the executor is shutting down). Long-running tools should check
     * it, or react to interruption (synchronous tools) or to the cancellation of their future (asynchronous tools).
     */
    boolean isCancelled();

    /** The executor instance making the call. */
    String executor();

    /**
     * The W3C {@code traceparent} of the plan (the agent's request carried it, or the planner started it): give it to
     * a tracer as the parent of the tool's spans, or pass it on in the requests the tool makes, so they join the
     * agent's trace. Empty outside an executor.
     */
    default Optional<String> traceparent() {
        return Optional.empty();
    }

    /** The W3C {@code tracestate} that came with {@link #traceparent()}, if any. */
    default Optional<String> tracestate() {
        return Optional.empty();
    }

    /**
     * A context for calling a tool outside an executor (a tool's own tests, an in-process run): first release, first
     * attempt, no deadline, never cancelled; {@code executor} names the caller.
     */
    static ToolContext direct(String tool, String planId, String stepId, String executor) {
        return new DirectContext(tool, planId, stepId, executor);
    }
}
