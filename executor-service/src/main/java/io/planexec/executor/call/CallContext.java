package io.planexec.executor.call;

import io.planexec.executor.tool.ToolContext;
import io.planexec.model.StepTask;
import io.planexec.model.TraceContext;
import java.time.Instant;
import java.util.Optional;

/** The {@link ToolContext} of one attempt. */
final class CallContext implements ToolContext {

    private final StepTask task;
    private final int attempt;
    private final Instant cancelAt;
    private final String executor;
    private final TraceContext trace;
    private volatile boolean cancelled;

    CallContext(StepTask task, int attempt, Instant cancelAt, String executor, TraceContext trace) {
        this.trace = trace;
        this.task = task;
        this.attempt = attempt;
        this.cancelAt = cancelAt;
        this.executor = executor;
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public String tool() {
        return task.tool();
    }

    @Override
    public String planId() {
        return task.planId();
    }

    @Override
    public String stepId() {
        return task.stepId();
    }

    @Override
    public int release() {
        return task.release();
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public String idempotencyKey() {
        return task.idempotencyKey();
    }

    @Override
    public Instant deadline() {
        return task.deadline();
    }

    @Override
    public Instant cancelAt() {
        return cancelAt;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public String executor() {
        return executor;
    }

    @Override
    public Optional<String> traceparent() {
        return trace == null ? Optional.empty() : Optional.of(trace.traceparent());
    }

    @Override
    public Optional<String> tracestate() {
        return trace == null ? Optional.empty() : Optional.ofNullable(trace.tracestate());
    }
}
