package io.planexec.springai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.planexec.client.PlanexecClient;
import io.planexec.client.ToolCalls;
import io.planexec.model.AgentRequest;
import io.planexec.model.Dialect;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStep;
import io.planexec.model.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * A Spring AI {@link ToolCallingManager} that runs all the tool calls of a model's response as one planexec plan:
 * independent calls at once, conflicting ones in order, each once, on planexec's executors. The tool definitions the
 * model sees are resolved as Spring AI resolves them (from the prompt's tool callbacks; {@link PlanexecToolCallbacks}
 * gives one for each tool registered with planexec). Each call's response is the text planexec's own tool messages
 * give it ({@link ToolCalls#resultText}): the output, or the status and error of a call that did
 * not succeed.
 */
public final class PlanexecToolCallingManager implements ToolCallingManager {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlanexecClient client;
    private final ToolCallingManager definitions;
    private final Duration timeout;

    /**
     * @param definitions resolves the tool definitions the model sees (e.g. Spring AI's default manager)
     * @param timeout how long to wait for a plan's result; {@code null}: the client's default
     */
    public PlanexecToolCallingManager(PlanexecClient client, ToolCallingManager definitions, Duration timeout) {
        this.client = client;
        this.definitions = definitions;
        this.timeout = timeout;
    }

    @Override
    public List<ToolDefinition> resolveToolDefinitions(ToolCallingChatOptions chatOptions) {
        return definitions.resolveToolDefinitions(chatOptions);
    }

    @Override
    public ToolExecutionResult executeToolCalls(Prompt prompt, ChatResponse chatResponse) {
        AssistantMessage assistant = chatResponse.getResults().stream()
                .map(Generation::getOutput)
                .filter(AssistantMessage::hasToolCalls)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the response has no tool calls to execute"));
        List<AssistantMessage.ToolCall> calls = assistant.getToolCalls();
        List<PlanStep> steps = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            AssistantMessage.ToolCall call = calls.get(i);
            String id = call.id() == null || call.id().isBlank() ? "call_" + (i + 1) : call.id();
            ids.add(id);
            steps.add(ToolCalls.step(id, call.name(), call.arguments()));
        }
        AgentRequest plan = new AgentRequest(
                "spring-ai-" + UUID.randomUUID(), null, Dialect.OPENAI, steps, RequestOptions.DEFAULTS);
        PlanResult result;
        try {
            result = (timeout == null ? client.submit(plan) : client.submit(plan, timeout)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for plan " + plan.planId(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "plan " + plan.planId() + ": " + e.getCause().getMessage(), e.getCause());
        }
        List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            AssistantMessage.ToolCall call = calls.get(i);
            responses.add(new ToolResponseMessage.ToolResponse(
                    call.id(), call.name(), ToolCalls.resultText(result, ids.get(i))));
        }
        List<Message> history = new ArrayList<>(prompt.copy().getInstructions());
        history.add(assistant);
        history.add(ToolResponseMessage.builder().responses(responses).build());
        return ToolExecutionResult.builder()
                .conversationHistory(history)
                .returnDirect(false)
                .build();
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
