package io.planexec.executor.tool;

import io.planexec.model.StepTask;
import java.time.Instant;

/**
 * The context of a call made outside an executor (see {@link ToolContext#direct}): first release, first attempt, no
 * deadline, never cancelled.
 */
record DirectContext(String tool, String planId, String stepId, String executor) implements ToolContext {

    @Override
    public int release() {
        return 1;
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public String idempotencyKey() {
        return StepTask.idempotencyKey(planId, stepId, release());
    }

    @Override
    public Instant deadline() {
        return Instant.MAX;
    }

    @Override
    public Instant cancelAt() {
        return Instant.MAX;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }
}
