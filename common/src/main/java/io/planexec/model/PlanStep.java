package io.planexec.model;

import java.util.List;
import java.util.Map;

/**
 * One use of a tool in a plan.
 *
 * <p>In the tool-call dialects the step id is the call id and {@code dependsOn}/{@code produces}/{@code consumes} are
 * empty. Arguments may hold references resolved by the planner before the step runs: {@code {"$ref": "step"}} (the
 * output of another step, optionally {@code "path"}, a JSON pointer into it) and {@code {"$artifact": "name"}}.
 *
 * @param id unique within the plan
 * @param tool the tool's name
 * @param args the arguments object (plain JSON values, see {@link JsonValues})
 * @param dependsOn ids of steps that must succeed first
 * @param produces artifacts this step's output provides
 * @param consumes artifacts this step needs
 * @param argumentsError when the call's arguments could not be parsed: what was wrong (the step then fails without
 *     running); {@code null} otherwise
 * @param rawArguments the arguments text as the LLM wrote it, kept only when it could not be parsed
 */
public record PlanStep(
        String id,
        String tool,
        Map<String, Object> args,
        List<String> dependsOn,
        List<String> produces,
        List<String> consumes,
        String argumentsError,
        String rawArguments) {

    public PlanStep {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("step id must not be empty");
        }
        if (tool == null || tool.isEmpty()) {
            throw new IllegalArgumentException("step '" + id + "': tool must not be empty");
        }
        args = JsonValues.freezeObject(args);
        dependsOn =
                dependsOn == null ? List.of() : JsonValues.freezeStrings(dependsOn, "step '" + id + "': depends_on");
        produces = produces == null ? List.of() : JsonValues.freezeStrings(produces, "step '" + id + "': produces");
        consumes = consumes == null ? List.of() : JsonValues.freezeStrings(consumes, "step '" + id + "': consumes");
        if ((argumentsError == null) != (rawArguments == null)) {
            throw new IllegalArgumentException(
                    "step '" + id + "': argumentsError and rawArguments are given together or not at all");
        }
    }

    /** A step with arguments and nothing else. */
    public static PlanStep of(String id, String tool, Map<String, Object> args) {
        return new PlanStep(id, tool, args, List.of(), List.of(), List.of(), null, null);
    }

    /** A tool call whose arguments text is not valid JSON: the step fails with {@code error} and never runs. */
    public static PlanStep withBadArguments(String id, String tool, String rawArguments, String error) {
        return new PlanStep(id, tool, Map.of(), List.of(), List.of(), List.of(), error, rawArguments);
    }

    /** Whether the arguments could not be parsed. */
    public boolean hasBadArguments() {
        return argumentsError != null;
    }
}
