package example.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.planexec.client.PlanexecClient;
import io.planexec.langchain4j.PlanexecToolCalls;
import io.planexec.standalone.Standalone;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The example end to end without a network or a key: planexec in one process serving the example's tool provider, and
 * the agent with a scripted model that asks for four tools at once, then answers with what they returned.
 */
class TripAgentIT {

    @Test
    void shouldAnswerWithTheResultsOfItsToolCallsTheBookingShownAfterItWasMade() throws Exception {
        try (Standalone planexec = Standalone.builder()
                        .topicPrefix("trip")
                        .tools(List.copyOf(new TripToolProvider().tools()))
                        .start();
                PlanexecClient client = PlanexecClient.builder()
                        .bootstrapServers(planexec.bootstrapServers())
                        .topicPrefix("trip")
                        .build()) {
            List<List<ChatMessage>> seen = new ArrayList<>();
            ChatModel model = new ChatModel() {
                @Override
                public ChatResponse doChat(ChatRequest request) {
                    seen.add(request.messages());
                    AiMessage answer = seen.size() == 1
                            ? AiMessage.from(
                                    call("1", "bookHotel", "{\"traveller\": \"Ann\", \"city\": \"Lisbon\"}"),
                                    call("2", "showBooking", "{\"traveller\": \"Ann\"}"),
                                    call("3", "forecast", "{\"city\": \"Lisbon\"}"),
                                    call("4", "forecast", "{\"city\": \"Porto\"}"))
                            : AiMessage.from(request.messages().stream()
                                    .filter(ToolExecutionResultMessage.class::isInstance)
                                    .map(m -> ((ToolExecutionResultMessage) m).text())
                                    .collect(Collectors.joining(" | ")));
                    return ChatResponse.builder().aiMessage(answer).build();
                }
            };

            String answer = new TripAgent(model, new PlanexecToolCalls(client)).ask("Plan Ann's trip");

            assertThat(answer)
                    .isEqualTo("Booked a room in Lisbon for Ann | Ann is booked in Lisbon | Sunny in Lisbon, 21°C"
                            + " | Sunny in Porto, 21°C");
            assertThat(seen).hasSize(2);
        }
    }

    private static ToolExecutionRequest call(String id, String name, String arguments) {
        return ToolExecutionRequest.builder()
                .id(id)
                .name(name)
                .arguments(arguments)
                .build();
    }
}
