package io.planexec.planner.run;

import io.planexec.planner.metrics.PlannerMetrics;

/**
 * Why a step result or notice changed nothing: recorded as a {@code LATE_RESULT_IGNORED} event and counted by reason.
 *
 * @param reason the metric tag: {@code unknown_plan}, {@code plan_finished}, {@code unknown_step}, {@code
 *     stale_release}, {@code step_ended} or {@code duplicate}
 * @param detail what happened, for the event
 */
record Ignored(String reason, String detail) {

    Ignored {
        if (!PlannerMetrics.IGNORED_REASONS.contains(reason)) {
            throw new IllegalArgumentException(
                    "unknown reason '" + reason + "': add it to PlannerMetrics.IGNORED_REASONS (the metric's tags)");
        }
    }
}
