package example.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.planexec.langchain4j.PlanexecToolCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The agent: a LangChain4j chat model with the {@link TripTools}, whose tool calls run through planexec. Each answer of
 * the model that asks for tools is one plan; the results go back to the model until it answers in words.
 */
public final class TripAgent {

    private static final int MAX_TURNS = 10;

    private final ChatModel model;
    private final PlanexecToolCalls tools;
    private final List<ToolSpecification> specifications = ToolSpecifications.toolSpecificationsFrom(TripTools.class);

    public TripAgent(ChatModel model, PlanexecToolCalls tools) {
        this.model = model;
        this.tools = tools;
    }

    /** Answers a question, calling tools through planexec as the model asks. */
    public String ask(String question) throws InterruptedException, ExecutionException {
        List<ChatMessage> messages = new ArrayList<>(List.of(
                SystemMessage.from("You plan trips. Call every tool you need at once."), UserMessage.from(question)));
        for (int turn = 0; turn < MAX_TURNS; turn++) {
            ChatResponse response = model.chat(ChatRequest.builder()
                    .messages(messages)
                    .toolSpecifications(specifications)
                    .build());
            if (!response.aiMessage().hasToolExecutionRequests()) {
                return response.aiMessage().text();
            }
            messages.add(response.aiMessage());
            messages.addAll(tools.execute(response.aiMessage()));
        }
        throw new IllegalStateException("no answer after " + MAX_TURNS + " turns");
    }
}
