package io.planexec.planner.result;

import io.planexec.model.Dialect;
import io.planexec.model.PlanError;
import io.planexec.model.PlanResult;
import io.planexec.model.StepOutcome;
import io.planexec.planner.state.OutputJson;
import io.planexec.wire.WireFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a PlanResult within the size of one Kafka record. A result over the limit would fail in the producer and stop
 * the planner's task, so it is shrunk instead, in steps, each saying what was left out: first the per-step outputs that
 * the tool-call messages already carry, then every text longer than a fair share of the limit, and at last the texts
 * themselves.
 */
public final class ResultSizeGuard {

    private static final Logger LOGGER = LoggerFactory.getLogger(ResultSizeGuard.class);

    private ResultSizeGuard() {}

    /** The serialized result, shrunk if needed so that it is at most {@code maxBytes}. */
    public static byte[] fit(PlanResult result, int maxBytes, WireFormat wire) {
        byte[] bytes = wire.writePlanResult(result);
        if (bytes.length <= maxBytes) {
            return bytes;
        }
        int original = bytes.length;
        PlanResult shrunk = result;
        if (result.dialect() != Dialect.STEPS) {
            shrunk = withSteps(shrunk, stepsWithoutOutputs(shrunk.steps()));
            bytes = wire.writePlanResult(shrunk);
        }
        if (bytes.length > maxBytes) {
            int items = Math.max(1, shrunk.steps().size() + shrunk.messages().size());
            int cap = Math.max(64, (maxBytes * 3 / 4) / items);
            String note = " [truncated: the plan result is limited to " + maxBytes + " bytes]";
            shrunk = truncated(shrunk, cap, note);
            bytes = wire.writePlanResult(shrunk);
        }
        if (bytes.length > maxBytes) {
            shrunk = new PlanResult(
                    result.planId(),
                    result.status(),
                    result.dialect(),
                    List.of(),
                    Map.of(),
                    result.stats(),
                    List.of(new PlanError(
                            List.of(),
                            "the plan's result was " + original + " bytes, too large to send even without its outputs"
                                    + " (the limit is " + maxBytes + " bytes); its steps and messages are left out")));
            bytes = wire.writePlanResult(shrunk);
        }
        LOGGER.warn(
                "result_shrunk plan_id={} original_bytes={} sent_bytes={} limit={}",
                result.planId(),
                original,
                bytes.length,
                maxBytes);
        return bytes;
    }

    private static Map<String, StepOutcome> stepsWithoutOutputs(Map<String, StepOutcome> steps) {
        Map<String, StepOutcome> out = new LinkedHashMap<>();
        steps.forEach((id, s) -> out.put(
                id,
                new StepOutcome(
                        s.status(),
                        s.attempts(),
                        s.readyAt(),
                        s.startedAt(),
                        s.finishedAt(),
                        s.executor(),
                        null,
                        s.error())));
        return out;
    }

    private static PlanResult truncated(PlanResult r, int cap, String note) {
        Map<String, StepOutcome> steps = new LinkedHashMap<>();
        r.steps().forEach((id, s) -> {
            Object output = s.output();
            if (output != null) {
                String json = OutputJson.write(output);
                if (json.length() > cap) {
                    output = cut(json, cap, note);
                }
            }
            steps.put(
                    id,
                    new StepOutcome(
                            s.status(),
                            s.attempts(),
                            s.readyAt(),
                            s.startedAt(),
                            s.finishedAt(),
                            s.executor(),
                            output,
                            s.error() == null ? null : cut(s.error(), cap, note)));
        });
        List<Map<String, Object>> messages = new ArrayList<>();
        for (Map<String, Object> m : r.messages()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> shortened = (Map<String, Object>) shorten(m, cap, note);
            messages.add(shortened);
        }
        return new PlanResult(r.planId(), r.status(), r.dialect(), messages, steps, r.stats(), r.errors());
    }

    private static Object shorten(Object value, int cap, String note) {
        if (value instanceof String s) {
            return cut(s, cap, note);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, shorten(v, cap, note)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> shorten(v, cap, note)).toList();
        }
        return value;
    }

    private static String cut(String text, int cap, String note) {
        if (text.length() <= cap) {
            return text;
        }
        return text.substring(0, cap) + note.replace("truncated", "truncated from " + text.length() + " characters");
    }

    private static PlanResult withSteps(PlanResult r, Map<String, StepOutcome> steps) {
        return new PlanResult(r.planId(), r.status(), r.dialect(), r.messages(), steps, r.stats(), r.errors());
    }
}
