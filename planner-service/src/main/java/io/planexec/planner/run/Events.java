package io.planexec.planner.run;

import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Instant;

/** Publishes the {@link PlanEvent}s of plan runs to {@code <prefix>.events}, keyed by plan id. */
final class Events {

    /** Details longer than this are cut: events draw a timeline, they do not carry outputs. */
    static final int MAX_DETAIL = 1_000;

    private final PassOutput output;
    private final WireFormat wire;
    private final String topic;

    Events(PassOutput output, WireFormat wire, Topics topics) {
        this.output = output;
        this.wire = wire;
        this.topic = topics.events();
    }

    void plan(String planId, PlanEventType type, String status, long atMs, String detail) {
        emit(planId, type, null, status, null, null, atMs, detail);
    }

    /** An event about one release of a step (released, started, a late result): its release number. */
    void step(String planId, PlanEventType type, String stepId, String status, int release, long atMs, String detail) {
        emit(planId, type, stepId, status, release, null, atMs, detail);
    }

    /** A step ended: the calls made for it, if any were. */
    void stepEnded(
            String planId,
            PlanEventType type,
            String stepId,
            String status,
            Integer attempts,
            long atMs,
            String detail) {
        emit(planId, type, stepId, status, null, attempts, atMs, detail);
    }

    private void emit(
            String planId,
            PlanEventType type,
            String stepId,
            String status,
            Integer release,
            Integer attempts,
            long atMs,
            String detail) {
        String shortDetail =
                detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "...";
        PlanEvent event =
                new PlanEvent(planId, type, stepId, status, release, attempts, Instant.ofEpochMilli(atMs), shortDetail);
        output.send(PassOutput.Destination.PLAN_EVENTS, topic, planId, wire.writePlanEvent(event));
    }
}
