package io.planexec.client;

import io.planexec.model.AgentRequest;
import io.planexec.model.Dialect;
import io.planexec.model.PlanStep;
import io.planexec.model.RequestOptions;
import io.planexec.plan.References;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builders for requests in the three dialects, and the reference objects their arguments may hold.
 *
 * <pre>{@code
 * AgentRequest weather = Requests.openAi("p-42")
 *         .call("call_1", "get_weather", Map.of("city", "SF"))
 *         .call("call_2", "get_news", Map.of("topic", "tech"))
 *         .build();
 *
 * AgentRequest export = Requests.steps("p-43")
 *         .step("fetch", "fetch_users", Map.of("limit", 100)).produces("users")
 *         .step("export", "export_users", Map.of("users", Requests.artifact("users"), "filename", "users.json"))
 *         .build();
 * }</pre>
 */
public final class Requests {

    private Requests() {}

    /** An OpenAI-dialect request: results come back as {@code role: tool} messages. */
    public static Builder openAi(String planId) {
        return new Builder(planId, Dialect.OPENAI);
    }

    /** An Anthropic-dialect request: results come back as one user message of {@code tool_result} blocks. */
    public static Builder anthropic(String planId) {
        return new Builder(planId, Dialect.ANTHROPIC);
    }

    /** An explicit plan: steps with {@code depends_on}, {@code produces} and {@code consumes}. */
    public static Builder steps(String planId) {
        return new Builder(planId, Dialect.STEPS);
    }

    /** {@code {"$ref": step}}: the whole output of another step. */
    public static Map<String, Object> ref(String step) {
        return Map.of(References.REF, step);
    }

    /** {@code {"$ref": step, "path": pointer}}: the part of another step's output a JSON pointer selects. */
    public static Map<String, Object> ref(String step, String pointer) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put(References.REF, step);
        ref.put(References.PATH, pointer);
        return ref;
    }

    /** {@code {"$artifact": name}}: the output of the step that produces the artifact. */
    public static Map<String, Object> artifact(String name) {
        return Map.of(References.ARTIFACT, name);
    }

    /** Builds one request. Not thread-safe. */
    public static final class Builder {
        private final String planId;
        private final Dialect dialect;
        private final List<StepDraft> steps = new ArrayList<>();
        private String replyTo;
        private Integer maxRetries;
        private Long deadlineMs;

        private Builder(String planId, Dialect dialect) {
            this.planId = planId;
            this.dialect = dialect;
        }

        /** Adds a tool call (OpenAI or Anthropic dialect); its id is the step id. */
        public Builder call(String id, String tool, Map<String, Object> args) {
            steps.add(new StepDraft(id, tool, args));
            return this;
        }

        /** Adds a step (any dialect; {@link #dependsOn}, {@link #produces}, {@link #consumes} need STEPS). */
        public Builder step(String id, String tool, Map<String, Object> args) {
            return call(id, tool, args);
        }

        /** The last step waits for these steps. */
        public Builder dependsOn(String... ids) {
            last("depends_on").dependsOn.addAll(List.of(ids));
            return this;
        }

        /** The last step's output provides these artifacts. */
        public Builder produces(String... artifacts) {
            last("produces").produces.addAll(List.of(artifacts));
            return this;
        }

        /** The last step needs these artifacts. */
        public Builder consumes(String... artifacts) {
            last("consumes").consumes.addAll(List.of(artifacts));
            return this;
        }

        /** The topic for the result; a client sets its own when this is not set. */
        public Builder replyTo(String topic) {
            this.replyTo = topic;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder deadlineMs(long deadlineMs) {
            this.deadlineMs = deadlineMs;
            return this;
        }

        /**
         * Builds the request.
         *
         * @throws IllegalArgumentException naming the problem (no steps, bad ids, data-flow fields outside STEPS)
         */
        public AgentRequest build() {
            List<PlanStep> built = new ArrayList<>(steps.size());
            for (StepDraft d : steps) {
                built.add(new PlanStep(d.id, d.tool, d.args, d.dependsOn, d.produces, d.consumes, null, null));
            }
            return new AgentRequest(planId, replyTo, dialect, built, new RequestOptions(maxRetries, deadlineMs));
        }

        private StepDraft last(String field) {
            if (steps.isEmpty()) {
                throw new IllegalStateException(field + " applies to a step: add one first");
            }
            if (dialect != Dialect.STEPS) {
                throw new IllegalStateException(field + " is part of the STEPS dialect; tool calls use $ref instead");
            }
            return steps.get(steps.size() - 1);
        }
    }

    private static final class StepDraft {
        final String id;
        final String tool;
        final Map<String, Object> args;
        final List<String> dependsOn = new ArrayList<>();
        final List<String> produces = new ArrayList<>();
        final List<String> consumes = new ArrayList<>();

        StepDraft(String id, String tool, Map<String, Object> args) {
            this.id = id;
            this.tool = tool;
            this.args = args;
        }
    }
}
