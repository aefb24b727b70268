package example.springai;

import io.planexec.client.PlanexecClient;
import io.planexec.springai.PlanexecToolCallbacks;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.stereotype.Component;

/**
 * Answers questions with the chat model and every tool registered with planexec. Spring AI's chat client runs the tool
 * calls of each response through its tool calling advisor, here with planexec's manager: one plan per response.
 */
@Component
public class Assistant {

    private final ChatClient chat;
    private final PlanexecClient planexec;

    public Assistant(ChatModel model, ToolCallingManager toolCallingManager, PlanexecClient planexec) {
        this.planexec = planexec;
        this.chat = ChatClient.builder(model)
                .defaultSystem("Answer with the tools. Call every tool you need at once.")
                .defaultAdvisors(ToolCallingAdvisor.builder()
                        .toolCallingManager(toolCallingManager)
                        .build())
                .build();
    }

    public String ask(String question) {
        return chat.prompt(question)
                .tools(PlanexecToolCallbacks.provider(planexec))
                .call()
                .content();
    }
}
