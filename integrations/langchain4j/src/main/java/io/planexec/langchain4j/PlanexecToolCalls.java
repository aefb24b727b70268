package io.planexec.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs the tool calls of a LangChain4j {@link AiMessage} through planexec: the batch of {@link ToolExecutionRequest}s of
 * one message is one plan (independent calls at once, conflicting ones in order, each once), and the results come back
 * as {@link ToolExecutionResultMessage}s in the order of the requests, a failed call's with its error and {@code
 * isError}. In an agent's loop:
 *
 * <pre>{@code
 * PlanexecToolCalls tools = new PlanexecToolCalls(client);
 * ChatResponse response = model.chat(ChatRequest.builder().messages(messages).toolSpecifications(specs).build());
 * while (response.aiMessage().hasToolExecutionRequests()) {
 *     messages.add(response.aiMessage());
 *     messages.addAll(tools.execute(response.aiMessage()));
 *     response = model.chat(ChatRequest.builder().messages(messages).toolSpecifications(specs).build());
 * }
 * }</pre>
 */
public final class PlanexecToolCalls {

    private final PlanexecClient client;
    private final Duration timeout;

    /** Waits for a plan as long as the client's default timeout. */
    public PlanexecToolCalls(PlanexecClient client) {
        this(client, null);
    }

    /** @param timeout how long {@link #execute} waits for a plan's result; {@code null}: the client's default */
    public PlanexecToolCalls(PlanexecClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * Runs the message's tool calls as one plan and waits for its result.
     *
     * @return a result message per tool call, in the order of the calls; none when the message has no calls
     * @throws ExecutionException when the plan could not be submitted or gave no result in time
     */
    public List<ToolExecutionResultMessage> execute(AiMessage message) throws InterruptedException, ExecutionException {
        return executeAsync(message).get();
    }

    /** {@link #execute}, without waiting. */
    public CompletableFuture<List<ToolExecutionResultMessage>> executeAsync(AiMessage message) {
        List<ToolExecutionRequest> requests =
                message.hasToolExecutionRequests() ? message.toolExecutionRequests() : List.of();
        if (requests.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<String> ids = new ArrayList<>();
        List<PlanStep> steps = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ToolExecutionRequest request = requests.get(i);
            String id = request.id() == null || request.id().isBlank() ? "call_" + (i + 1) : request.id();
            ids.add(id);
            steps.add(ToolCalls.step(id, request.name(), request.arguments()));
        }
        AgentRequest plan =
                new AgentRequest("lc4j-" + UUID.randomUUID(), null, Dialect.OPENAI, steps, RequestOptions.DEFAULTS);
        CompletableFuture<PlanResult> result = timeout == null ? client.submit(plan) : client.submit(plan, timeout);
        return result.thenApply(r -> messages(requests, ids, r));
    }

    private static List<ToolExecutionResultMessage> messages(
            List<ToolExecutionRequest> requests, List<String> ids, PlanResult result) {
        List<ToolExecutionResultMessage> messages = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ToolExecutionRequest request = requests.get(i);
            messages.add(ToolExecutionResultMessage.builder()
                    .id(request.id())
                    .toolName(request.name())
                    .text(ToolCalls.resultText(result, ids.get(i)))
                    .isError(ToolCalls.isError(result, ids.get(i)))
                    .build());
        }
        return messages;
    }
}
