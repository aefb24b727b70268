package io.planexec.planner.state;

import io.planexec.model.StepStatus;

/**
 * The changing part of one step of a running plan: one small entry per step, keyed {@code planId/stepId}, rewritten
 * only when that step changes. A step without an entry is {@code PENDING} and waits for all its predecessors.
 *
 * <p>Times are epoch milliseconds, {@code -1} when not (yet) known.
 *
 * @param status where the step is in its life ({@link StepStatus#canTransitionTo legal transitions})
 * @param release the release number of its step task, {@code 0} while never released
 * @param waiting how many of its predecessors have not ended yet
 * @param readyAtMs when it was released (or ended without being released)
 * @param startedAtMs when its first call started, as reported by the executor
 * @param finishedAtMs when it ended
 * @param attempts how many calls were made
 * @param executor the executor of the last call (or the one that reported it started)
 * @param error what went wrong, for a step that did not succeed
 * @param outputJson the output of a step that succeeded, as JSON text
 * @param unknownAtMs for a running step that is not idempotent: when it ends {@code UNKNOWN} unless a result arrives
 * @param cause for a skipped step: the end of the step that did not succeed at the start of its chain of skips (a step
 *     skipped because of this one repeats it rather than the whole chain); {@code null} otherwise
 */
public record StepState(
        StepStatus status,
        int release,
        int waiting,
        long readyAtMs,
        long startedAtMs,
        long finishedAtMs,
        int attempts,
        String executor,
        String error,
        String outputJson,
        long unknownAtMs,
        String cause) {

    public StepState {
        if (status == null) {
            throw new IllegalArgumentException("a step state needs a status");
        }
        if (release < 0 || waiting < 0 || attempts < 0) {
            throw new IllegalArgumentException("release, waiting and attempts must not be negative: " + release + ", "
                    + waiting + ", " + attempts);
        }
    }

    /** A step that has not been released and waits for {@code waiting} predecessors. */
    public static StepState pending(int waiting) {
        return new StepState(StepStatus.PENDING, 0, waiting, -1, -1, -1, 0, null, null, null, -1, null);
    }

    public boolean isTerminal() {
        return status.isTerminal();
    }

    /** One more predecessor has ended. */
    public StepState predecessorEnded() {
        return new StepState(
                status,
                release,
                Math.max(0, waiting - 1),
                readyAtMs,
                startedAtMs,
                finishedAtMs,
                attempts,
                executor,
                error,
                outputJson,
                unknownAtMs,
                cause);
    }

    /** Published as a step task with this release number. */
    public StepState released(int releaseNumber, long atMs) {
        return new StepState(
                transition(StepStatus.RELEASED), releaseNumber, 0, atMs, -1, -1, 0, null, null, null, -1, null);
    }

    /** An executor reported that the call started. */
    public StepState running(long startedAt, String byExecutor, long unknownAt) {
        return new StepState(
                transition(StepStatus.RUNNING),
                release,
                waiting,
                readyAtMs,
                startedAt,
                -1,
                attempts,
                byExecutor,
                null,
                null,
                unknownAt,
                cause);
    }

    /** Running, with its outcome check moved to {@code unknownAt}: the executor that started the call still runs. */
    public StepState outcomeDueAt(long unknownAt) {
        if (status != StepStatus.RUNNING) {
            throw new IllegalStateException("only a running step has an outcome check, not a " + status + " one");
        }
        return new StepState(
                status,
                release,
                waiting,
                readyAtMs,
                startedAtMs,
                finishedAtMs,
                attempts,
                executor,
                error,
                outputJson,
                unknownAt,
                cause);
    }

    /** Ended without a call: skipped, cancelled, or failed at planning or release. */
    public StepState endedWithoutRunning(StepStatus end, String why, long atMs) {
        return endedWithoutRunning(end, why, null, atMs);
    }

    /**
     * Skipped because a step it depends on did not succeed.
     *
     * @param why the message the agent sees
     * @param rootCause the end of the step that did not succeed at the start of the chain of skips
     */
    public StepState skipped(String why, String rootCause, long atMs) {
        return endedWithoutRunning(StepStatus.SKIPPED, why, rootCause, atMs);
    }

    private StepState endedWithoutRunning(StepStatus end, String why, String rootCause, long atMs) {
        return new StepState(
                transition(end),
                release,
                waiting,
                readyAtMs < 0 ? atMs : readyAtMs,
                startedAtMs,
                atMs,
                attempts,
                executor,
                why,
                null,
                -1,
                rootCause);
    }

    /** Ended with the outcome an executor reported (or the planner decided, for UNKNOWN and cancellation). */
    public StepState finished(
            StepStatus end,
            long startedAt,
            long finishedAt,
            int attemptCount,
            String byExecutor,
            String why,
            String output) {
        return new StepState(
                transition(end),
                release,
                waiting,
                readyAtMs,
                startedAt,
                finishedAt,
                attemptCount,
                byExecutor,
                why,
                output,
                -1,
                null);
    }

    private StepStatus transition(StepStatus next) {
        if (!status.canTransitionTo(next)) {
            throw new IllegalStateException("a step cannot go from " + status + " to " + next);
        }
        return next;
    }
}
