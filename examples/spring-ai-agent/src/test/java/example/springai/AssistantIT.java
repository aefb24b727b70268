package example.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.standalone.Standalone;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The example end to end without a model server: planexec in one process with its demo tools, the application with
 * planexec.bootstrap-servers pointing at it, and a scripted model in place of Ollama's. Spring AI's chat client and
 * tool calling advisor run the loop, with the manager planexec's auto-configuration made.
 */
class AssistantIT {

    @Test
    void shouldAnswerWithTheToolsResultsCreatingTheUserBeforeListingThem() throws Exception {
        try (Standalone planexec = Standalone.builder().topicPrefix("assistant").start();
                ConfigurableApplicationContext app = new SpringApplicationBuilder(
                                AssistantApplication.class, ScriptedModel.class)
                        // (arguments, as a user would give them: they win over application.properties)
                        .run(
                                "--planexec.bootstrap-servers=" + planexec.bootstrapServers(),
                                "--planexec.topic-prefix=assistant",
                                "--assistant.model=scripted")) {
            String answer = app.getBean(Assistant.class).ask("Add Ann, list the users, and tell me the weather in SF");

            assertThat(answer).startsWith("create=").contains("Weather in SF");
            assertThat(answer.substring(answer.indexOf("list=")))
                    .as("the listing ran after the user was created")
                    .contains("Ann");
        }
    }

    /** A model that asks for three calls, then answers with what came back, as "id=response" pairs. */
    @Configuration
    static class ScriptedModel {
        @Bean
        ChatModel chatModel() {
            AtomicInteger turn = new AtomicInteger();
            return new ChatModel() {
                /** As a model with tool calling does: its options carry the tools. */
                @Override
                public ChatOptions getOptions() {
                    return ToolCallingChatOptions.builder().build();
                }

                @Override
                public ChatResponse call(Prompt prompt) {
                    if (turn.getAndIncrement() == 0) {
                        assertThat(((ToolCallingChatOptions) prompt.getOptions()).getToolCallbacks())
                                .as("the model sees planexec's tools")
                                .isNotEmpty();
                        return response(AssistantMessage.builder()
                                .content("")
                                .toolCalls(List.of(
                                        new AssistantMessage.ToolCall(
                                                "create", "function", "create_user", "{\"name\": \"Ann\"}"),
                                        new AssistantMessage.ToolCall("list", "function", "list_users", "{}"),
                                        new AssistantMessage.ToolCall(
                                                "weather", "function", "get_weather", "{\"city\": \"SF\"}")))
                                .build());
                    }
                    ToolResponseMessage results = (ToolResponseMessage) prompt.getInstructions()
                            .get(prompt.getInstructions().size() - 1);
                    return response(AssistantMessage.builder()
                            .content(results.getResponses().stream()
                                    .map(r -> r.id() + "=" + r.responseData())
                                    .collect(Collectors.joining(" | ")))
                            .build());
                }
            };
        }

        private static ChatResponse response(AssistantMessage message) {
            return new ChatResponse(List.of(new Generation(message)));
        }
    }
}
