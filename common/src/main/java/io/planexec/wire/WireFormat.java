package io.planexec.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.planexec.model.AgentRequest;
import io.planexec.model.ExecutorHeartbeat;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStep;
import io.planexec.model.RequestMessage;
import io.planexec.model.StepResult;
import io.planexec.model.StepTask;
import io.planexec.model.TimerCheck;
import io.planexec.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The planexec wire format: every message as strict, bounded, {@code snake_case} JSON carrying a {@code
 * schema_version}. Reading never throws anything but {@link WireFormatException} for bad input. Thread-safe.
 *
 * <p>Unknown fields: the envelope of agent requests (and their explicit steps and options) is strict, so typos are
 * reported; all messages planexec writes itself (tool specs, step tasks, step results, plan results, plan events) are
 * read leniently, ignoring unknown fields, so a newer component may add optional fields during a rolling upgrade. A
 * {@code schema_version} newer than {@link #SCHEMA_VERSION} is always rejected. The rules are documented in {@code
 * docs/protocol.md}.
 */
public final class WireFormat {

    /** The version this planexec writes and the newest it reads, for every message but PlanEvent. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * The newest PlanEvent version this planexec reads. Version 2 adds the event types {@code REPLY_UNDELIVERED} and
     * {@code CANCEL_IGNORED}: such events are written as version 2 (readers of version 1 reject them rather than meet an
     * unknown type); all other events are written as version 1.
     */
    public static final int PLAN_EVENT_VERSION = 2;

    /**
     * The largest PlanResult document read: results are written by the planner, up to {@code planner.max.result.bytes}
     * (at most 256 MiB), and travel in parts of one record each.
     */
    public static final int MAX_RESULT_DOCUMENT_BYTES = 256 * 1024 * 1024;

    private final StrictJson json;
    private final RequestCodec requests;
    private final ToolSpecCodec toolSpecs;
    private final HeartbeatCodec heartbeats;
    private final ExecutionCodec execution;
    private final OutcomeCodec outcomes;
    private final StrictJson resultJson;
    private final ToolMessages toolMessages;

    public WireFormat(WireLimits limits) {
        this.json = new StrictJson(limits);
        this.requests = new RequestCodec(json);
        this.toolSpecs = new ToolSpecCodec(json);
        this.heartbeats = new HeartbeatCodec(json);
        this.execution = new ExecutionCodec(json);
        this.outcomes = new OutcomeCodec(json);
        this.resultJson = new StrictJson(
                WireLimits.withMaxDocumentBytes(Math.max(limits.maxDocumentBytes(), MAX_RESULT_DOCUMENT_BYTES)));
        this.toolMessages = new ToolMessages(json);
    }

    public WireFormat() {
        this(WireLimits.DEFAULTS);
    }

    /** The underlying parser, for tools that handle JSON outside the message types (the CLI, tool outputs). */
    /**
     * The step of one tool call whose arguments come as JSON text, as in OpenAI's function calling and the frameworks
     * built on it (LangChain4j, Spring AI): read as an OpenAI request's calls are, so a call with bad arguments becomes
     * a step carrying an error that names the call, which the planner fails, instead of an exception.
     */
    public PlanStep toolCall(String id, String tool, String arguments) {
        return requests.toolCall(id, tool, arguments);
    }

    public StrictJson json() {
        return json;
    }

    /** A plan's results as tool messages in its request's dialect (the form {@code docs/protocol.md} documents). */
    public ToolMessages toolMessages() {
        return toolMessages;
    }

    // ---- agent requests ----

    public RequestMessage readRequest(byte[] bytes) {
        return read(bytes, "a request", requests::read);
    }

    public byte[] writeRequest(RequestMessage request) {
        return json.write(requests.write(request));
    }

    /**
     * Reads only the {@code plan_id} of a request that may be otherwise broken; {@code null} if there is none or it is
     * not a valid plan id.
     */
    public String recoverPlanId(byte[] bytes) {
        return recoverText(bytes, "plan_id", AgentRequest::isPlanId);
    }

    /**
     * Reads only the {@code reply_to} of a request that may be otherwise broken; {@code null} if there is none or it is
     * not a valid topic name.
     */
    public String recoverReplyTo(byte[] bytes) {
        return recoverText(bytes, "reply_to", AgentRequest::isTopicName);
    }

    private String recoverText(byte[] bytes, String field, Predicate<String> valid) {
        try {
            JsonNode root = json.parse(bytes);
            JsonNode value = root.isObject() ? root.get(field) : null;
            return value != null && value.isTextual() && valid.test(value.textValue()) ? value.textValue() : null;
        } catch (WireFormatException e) {
            return null;
        }
    }

    // ---- tool specs ----

    public ToolSpec readToolSpec(byte[] bytes) {
        return read(bytes, "a tool spec", toolSpecs::read);
    }

    public byte[] writeToolSpec(ToolSpec spec) {
        return json.write(toolSpecs.write(spec));
    }

    /** Reads a JSON array of tool specs (the {@code --tools} file format). */
    public List<ToolSpec> readToolSpecs(byte[] bytes) {
        JsonNode root = json.parse(bytes);
        if (!root.isArray()) {
            throw new WireFormatException("$", "expected a JSON array of tool specs, got " + JsonObj.typeOf(root));
        }
        List<ToolSpec> specs = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonObj o = JsonObj.of(root.get(i), "$[" + i + "]");
            checkVersion(o, false);
            specs.add(toolSpecs.read(o));
        }
        return specs;
    }

    /** Writes a JSON array of tool specs. */
    public byte[] writeToolSpecs(List<ToolSpec> specs) {
        var array = json.arrayNode();
        specs.forEach(s -> array.add(toolSpecs.write(s)));
        return json.write(array);
    }

    /** Reads an executor's heartbeat, as executors publish them to {@code <prefix>.executors}. */
    public ExecutorHeartbeat readExecutorHeartbeat(byte[] bytes) {
        return read(bytes, "an executor heartbeat", heartbeats::read);
    }

    public byte[] writeExecutorHeartbeat(ExecutorHeartbeat beat) {
        return json.write(heartbeats.write(beat));
    }

    // ---- planner and executors ----

    public StepTask readStepTask(byte[] bytes) {
        return read(bytes, "a step task", execution::readTask);
    }

    public byte[] writeStepTask(StepTask task) {
        return json.write(execution.writeTask(task));
    }

    public StepResult readStepResult(byte[] bytes) {
        return read(bytes, "a step result", execution::readResult);
    }

    public byte[] writeStepResult(StepResult result) {
        return json.write(execution.writeResult(result));
    }

    /** Reads the planner's note that a timer fell due (a record of the step-results topic with its header). */
    public TimerCheck readTimerCheck(byte[] bytes) {
        return read(bytes, "a timer check", execution::readCheck);
    }

    public byte[] writeTimerCheck(TimerCheck check) {
        return json.write(execution.writeCheck(check));
    }

    // ---- planner output ----

    /**
     * Reads a PlanResult, whole (put back together from its parts: it may be larger than one record, up to {@link
     * #MAX_RESULT_DOCUMENT_BYTES}; its other limits are those of every message).
     */
    public PlanResult readPlanResult(byte[] bytes) {
        JsonObj root = JsonObj.root(resultJson.parse(bytes), "a plan result");
        checkVersion(root, true);
        return outcomes.readResult(root);
    }

    public byte[] writePlanResult(PlanResult result) {
        return json.write(outcomes.writeResult(result));
    }

    /** The PlanResult as a JSON tree (for pretty printing). */
    public ObjectNode planResultTree(PlanResult result) {
        return outcomes.writeResult(result);
    }

    public PlanEvent readPlanEvent(byte[] bytes) {
        JsonObj root = JsonObj.root(json.parse(bytes), "a plan event");
        checkVersion(root, true, PLAN_EVENT_VERSION);
        return outcomes.readEvent(root);
    }

    public byte[] writePlanEvent(PlanEvent event) {
        return json.write(outcomes.writeEvent(event));
    }

    private <T> T read(byte[] bytes, String what, Function<JsonObj, T> reader) {
        JsonObj root = JsonObj.root(json.parse(bytes), what);
        checkVersion(root, true);
        return reader.apply(root);
    }

    private static void checkVersion(JsonObj root, boolean required) {
        checkVersion(root, required, SCHEMA_VERSION);
    }

    private static void checkVersion(JsonObj root, boolean required, int newest) {
        Integer version = root.optInt("schema_version");
        if (version == null) {
            if (required) {
                throw root.missing("schema_version", "1");
            }
            return;
        }
        if (version < 1 || version > newest) {
            throw new WireFormatException(
                    root.pathOf("schema_version"),
                    "version " + version + " is not supported (this planexec reads versions 1 to " + newest + ")");
        }
    }
}
