package io.planexec.planner.topology;

import io.planexec.faults.CrashPoint;
import io.planexec.model.StepResult;
import io.planexec.model.TimerCheck;
import io.planexec.planner.run.PlanEngine;
import io.planexec.planner.topology.PlannerTopology.Dependencies;
import io.planexec.topics.StepResultHeaders;
import io.planexec.topics.TraceHeaders;
import io.planexec.wire.WireFormatException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code <prefix>.step-results} (STARTED notices and FINISHED results, read committed, and the planner's own
 * timer checks, told apart by their header) and hands them to the plan engine; unreadable records go to the
 * dead-letter topic.
 */
final class StepResultProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOGGER = LoggerFactory.getLogger(StepResultProcessor.class);

    private final Dependencies deps;
    private ProcessorContext<Object, Object> context;
    private PlanEngine engine;
    private ForwardingPassOutput output;
    private DeadLetters deadLetters;

    StepResultProcessor(Dependencies deps) {
        this.deps = deps;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.output = new ForwardingPassOutput(context);
        this.engine = PlannerTopology.engine(context, deps, output, false);
        this.deadLetters = new DeadLetters(context, deps.topics().deadLetters(), deps.metrics(), "step-results");
        PlannerTopology.startClock(context, deps, engine, output);
    }

    private void checkTimer(Record<byte[], byte[]> record) {
        TimerCheck check;
        try {
            check = deps.wire().readTimerCheck(record.value());
        } catch (WireFormatException e) {
            deadLetters.send(record, e.getMessage(), e.path());
            return;
        }
        engine.onTimerCheck(check, context.currentSystemTimeMs());
        PlannerTopology.commitIfAwaited(context, deps, output, record.timestamp());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        try {
            if (record.value() == null) {
                deadLetters.send(record, "empty record: a step result must be a JSON document", "");
                return;
            }
            if (record.headers().lastHeader(StepResultHeaders.TIMER_CHECK) != null) {
                checkTimer(record);
                return;
            }
            StepResult result;
            try {
                result = deps.wire().readStepResult(record.value());
            } catch (WireFormatException e) {
                deadLetters.send(record, e.getMessage(), e.path());
                return;
            }
            engine.onStepResult(
                    result, TraceHeaders.read(record.headers()).orElse(null), context.currentSystemTimeMs());
            if (result.kind() == StepResult.Kind.FINISHED) {
                CrashPoint.PLANNER_RESULT_APPLIED.reach();
            }
            PlannerTopology.commitIfAwaited(context, deps, output, record.timestamp());
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            LOGGER.error("step_result_failed error=\"{}\"", e.toString(), e);
            deadLetters.send(record, "internal error while processing the step result: " + e, "");
        }
    }
}
