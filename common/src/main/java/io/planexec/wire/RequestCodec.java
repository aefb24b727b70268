package io.planexec.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.planexec.model.AgentRequest;
import io.planexec.model.CancelRequest;
import io.planexec.model.Dialect;
import io.planexec.model.PlanStep;
import io.planexec.model.RequestMessage;
import io.planexec.model.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes what agents publish to {@code planexec.requests}: plans in three dialects, and cancel requests.
 *
 * <p>Unknown-field rule: the request envelope, {@code options} and explicit {@code steps} are strict (an unknown field
 * is an error naming it, so a typo like {@code depend_on} never passes silently); the entries of {@code tool_calls}
 * and {@code content} are read leniently, because they are copied verbatim from LLM API responses, which add fields over
 * time.
 */
final class RequestCodec {

    private static final Set<String> PLAN_FIELDS =
            Set.of("schema_version", "type", "plan_id", "reply_to", "tool_calls", "content", "steps", "options");
    private static final Set<String> CANCEL_FIELDS = Set.of("schema_version", "type", "plan_id", "reason");
    private static final Set<String> STEP_FIELDS = Set.of("id", "tool", "args", "depends_on", "produces", "consumes");
    private static final Set<String> OPTION_FIELDS = Set.of("max_retries", "deadline_ms");

    private final StrictJson json;

    RequestCodec(StrictJson json) {
        this.json = json;
    }

    RequestMessage read(JsonObj root) {
        String type = root.optString("type");
        if (type == null || type.equals("plan")) {
            return readPlan(root);
        }
        if (type.equals("cancel")) {
            root.rejectUnknown(CANCEL_FIELDS);
            String planId = root.requireString("plan_id");
            String reason = root.optString("reason");
            return root.build(() -> new CancelRequest(planId, reason));
        }
        throw new WireFormatException(
                root.pathOf("type"), "'" + type + "' is not a request type (expected plan or cancel)");
    }

    private AgentRequest readPlan(JsonObj root) {
        root.rejectUnknown(PLAN_FIELDS);
        String planId = root.requireString("plan_id");
        String replyTo = root.optString("reply_to");
        List<String> forms = new ArrayList<>();
        for (String form : List.of("tool_calls", "content", "steps")) {
            if (root.has(form)) {
                forms.add(form);
            }
        }
        if (forms.size() != 1) {
            throw new WireFormatException(
                    "$",
                    forms.isEmpty()
                            ? "a request needs exactly one of tool_calls (OpenAI), content (Anthropic) or steps"
                            : "a request needs exactly one of tool_calls, content or steps, got "
                                    + String.join(" and ", forms));
        }
        Dialect dialect;
        List<PlanStep> steps;
        switch (forms.get(0)) {
            case "tool_calls" -> {
                dialect = Dialect.OPENAI;
                steps = root.optObjects("tool_calls", this::readOpenAiCall);
            }
            case "content" -> {
                dialect = Dialect.ANTHROPIC;
                steps = readAnthropicContent(root);
            }
            default -> {
                dialect = Dialect.STEPS;
                steps = root.optObjects("steps", RequestCodec::readStep);
            }
        }
        if (steps.isEmpty()) {
            throw new WireFormatException(root.pathOf(forms.get(0)), "a plan needs at least one step");
        }
        RequestOptions options = readOptions(root.optObject("options"));
        return root.build(() -> new AgentRequest(planId, replyTo, dialect, steps, options));
    }

    private PlanStep readOpenAiCall(JsonObj call) {
        String id = call.requireString("id");
        String type = call.optString("type");
        if (type != null && !type.equals("function")) {
            throw new WireFormatException(
                    call.pathOf("type"), "only function tool calls are supported, got '" + type + "'");
        }
        JsonObj function = call.requireObject("function");
        String name = function.requireString("name");
        JsonNode arguments = function.node().get("arguments");
        if (arguments == null || arguments.isNull()) {
            return call.build(() -> PlanStep.of(id, name, Map.of()));
        }
        if (arguments.isObject()) {
            // Some OpenAI-compatible servers send arguments as an object rather than a string: accept it as is.
            Map<String, Object> args = function.optObjectValue("arguments");
            return call.build(() -> PlanStep.of(id, name, args));
        }
        if (!arguments.isTextual()) {
            throw new WireFormatException(
                    function.pathOf("arguments"), "expected a JSON string, got " + JsonObj.typeOf(arguments));
        }
        String text = arguments.textValue();
        return call.build(() -> toolCall(id, name, text));
    }

    /**
     * The step of a tool call whose arguments are JSON text: with the arguments when they are a JSON object (none when
     * the text is empty), else with the error naming the call (the planner fails the step with it).
     */
    PlanStep toolCall(String id, String name, String text) {
        if (text == null || text.isBlank()) {
            return PlanStep.of(id, name, Map.of());
        }
        JsonNode parsed;
        try {
            parsed = json.parse(text);
        } catch (WireFormatException e) {
            String error = "tool call '" + id + "' (" + name + "): arguments are not valid JSON: " + e.getMessage();
            return PlanStep.withBadArguments(id, name, text, error);
        }
        if (!parsed.isObject()) {
            String error = "tool call '" + id + "' (" + name + "): arguments must be a JSON object, got "
                    + JsonObj.typeOf(parsed);
            return PlanStep.withBadArguments(id, name, text, error);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> args = (Map<String, Object>) StrictJson.toValue(parsed);
        return PlanStep.of(id, name, args);
    }

    private List<PlanStep> readAnthropicContent(JsonObj root) {
        JsonNode content = root.node().get("content");
        if (!content.isArray()) {
            throw new WireFormatException(
                    root.pathOf("content"), "expected an array of content blocks, got " + JsonObj.typeOf(content));
        }
        List<PlanStep> steps = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonObj block = JsonObj.of(content.get(i), root.pathOf("content") + "[" + i + "]");
            String type = block.requireString("type");
            if (!type.equals("tool_use")) {
                continue; // text, thinking and other blocks carry no tool call
            }
            String id = block.requireString("id");
            String name = block.requireString("name");
            Map<String, Object> input = block.optObjectValue("input");
            steps.add(block.build(() -> PlanStep.of(id, name, input)));
        }
        return steps;
    }

    private static PlanStep readStep(JsonObj step) {
        step.rejectUnknown(STEP_FIELDS);
        String id = step.requireString("id");
        String tool = step.requireString("tool");
        Map<String, Object> args = step.optObjectValue("args");
        List<String> dependsOn = step.optStrings("depends_on");
        List<String> produces = step.optStrings("produces");
        List<String> consumes = step.optStrings("consumes");
        return step.build(() -> new PlanStep(id, tool, args, dependsOn, produces, consumes, null, null));
    }

    private static RequestOptions readOptions(JsonObj options) {
        if (options == null) {
            return RequestOptions.DEFAULTS;
        }
        options.rejectUnknown(OPTION_FIELDS);
        Integer maxRetries = options.optInt("max_retries");
        Long deadlineMs = options.optLong("deadline_ms");
        return options.build(() -> new RequestOptions(maxRetries, deadlineMs));
    }

    ObjectNode write(RequestMessage message) {
        ObjectNode root = json.objectNode();
        root.put("schema_version", WireFormat.SCHEMA_VERSION);
        if (message instanceof CancelRequest cancel) {
            root.put("type", "cancel");
            root.put("plan_id", cancel.planId());
            if (cancel.reason() != null) {
                root.put("reason", cancel.reason());
            }
            return root;
        }
        AgentRequest request = (AgentRequest) message;
        root.put("plan_id", request.planId());
        if (request.replyTo() != null) {
            root.put("reply_to", request.replyTo());
        }
        switch (request.dialect()) {
            case OPENAI -> {
                ArrayNode calls = root.putArray("tool_calls");
                for (PlanStep step : request.steps()) {
                    ObjectNode call = calls.addObject();
                    call.put("id", step.id());
                    call.put("type", "function");
                    ObjectNode function = call.putObject("function");
                    function.put("name", step.tool());
                    function.put(
                            "arguments",
                            step.hasBadArguments() ? step.rawArguments() : json.writeValueString(step.args()));
                }
            }
            case ANTHROPIC -> {
                ArrayNode content = root.putArray("content");
                for (PlanStep step : request.steps()) {
                    ObjectNode block = content.addObject();
                    block.put("type", "tool_use");
                    block.put("id", step.id());
                    block.put("name", step.tool());
                    block.set("input", json.toNode(step.args()));
                }
            }
            case STEPS -> {
                ArrayNode steps = root.putArray("steps");
                for (PlanStep step : request.steps()) {
                    ObjectNode s = steps.addObject();
                    s.put("id", step.id());
                    s.put("tool", step.tool());
                    s.set("args", json.toNode(step.args()));
                    putStrings(s, "depends_on", step.dependsOn());
                    putStrings(s, "produces", step.produces());
                    putStrings(s, "consumes", step.consumes());
                }
            }
        }
        RequestOptions options = request.options();
        if (options.maxRetries() != null || options.deadlineMs() != null) {
            ObjectNode o = root.putObject("options");
            if (options.maxRetries() != null) {
                o.put("max_retries", options.maxRetries());
            }
            if (options.deadlineMs() != null) {
                o.put("deadline_ms", options.deadlineMs());
            }
        }
        return root;
    }

    private static void putStrings(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode arr = node.putArray(field);
            values.forEach(arr::add);
        }
    }
}
