package io.planexec.executor.call;

import io.planexec.model.Attempt;
import io.planexec.model.StepStatus;
import java.util.List;

/**
 * How a task's calls ended.
 *
 * @param status SUCCEEDED, FAILED, TIMED_OUT or CANCELLED
 * @param output the tool's output as a JSON value (SUCCEEDED only)
 * @param error what went wrong, for the LLM ({@code null} on success)
 * @param attempts every call made, in order
 */
public record CallOutcome(StepStatus status, Object output, String error, List<Attempt> attempts) {

    public CallOutcome {
        if (status == null || !status.isTerminal()) {
            throw new IllegalArgumentException("a call outcome needs a terminal status, got " + status);
        }
        attempts = List.copyOf(attempts);
    }
}
