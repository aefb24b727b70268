package io.planexec.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.planexec.client.PlanexecClient;
import io.planexec.standalone.Standalone;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A LangChain4j agent whose model (scripted) asks for four tool calls at once, run through planexec: the executor
 * serves the agent's own {@code @Tool} object, and the calls come back as result messages in order.
 */
class PlanexecToolCallsIT {

    private static final NoteTools NOTES = new NoteTools();
    private static Standalone planexec;
    private static PlanexecClient client;

    @BeforeAll
    static void start() throws Exception {
        planexec = Standalone.builder()
                .topicPrefix("lc4j")
                .tools(LangChain4jTools.from(NOTES))
                .start();
        client = PlanexecClient.builder()
                .bootstrapServers(planexec.bootstrapServers())
                .topicPrefix(planexec.topics().prefix())
                .build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (planexec != null) {
            planexec.close();
        }
    }

    @Test
    void shouldRunOneMessagesToolCallsAsOnePlanInParallelAndInOrder() throws Exception {
        // Given a model that asks for four calls at once, then answers with what it got back
        ScriptedChatModel model = new ScriptedChatModel()
                .then(messages -> AiMessage.from(
                        call("c1", "putNote", "{\"id\": \"n1\", \"text\": \"tool calls as a graph\"}"),
                        call("c2", "getNote", "{\"id\": \"n1\"}"),
                        call("c3", "putNote", "{\"id\": \"n2\", \"text\": \"second\"}"),
                        call("c4", "weather", "{\"city\": \"Oslo\"}")))
                .then(messages ->
                        AiMessage.from("The note says: " + ((ToolExecutionResultMessage) messages.get(3)).text()));
        List<ToolSpecification> specs = ToolSpecifications.toolSpecificationsFrom(NOTES);
        PlanexecToolCalls tools = new PlanexecToolCalls(client);

        // When the agent runs its loop
        List<ChatMessage> messages = new ArrayList<>(List.of(UserMessage.from("Store a note, read it back")));
        ChatResponse response = model.chat(ChatRequest.builder()
                .messages(messages)
                .toolSpecifications(specs)
                .build());
        while (response.aiMessage().hasToolExecutionRequests()) {
            messages.add(response.aiMessage());
            messages.addAll(tools.execute(response.aiMessage()));
            response = model.chat(ChatRequest.builder()
                    .messages(messages)
                    .toolSpecifications(specs)
                    .build());
        }

        // Then the results came back in the order of the calls, the read after the write of its note
        List<ToolExecutionResultMessage> results = messages.stream()
                .filter(ToolExecutionResultMessage.class::isInstance)
                .map(ToolExecutionResultMessage.class::cast)
                .toList();
        assertThat(results).extracting(ToolExecutionResultMessage::id).containsExactly("c1", "c2", "c3", "c4");
        assertThat(results)
                .extracting(ToolExecutionResultMessage::text)
                .containsExactly(
                        "stored n1", "tool calls as a graph", "stored n2", "{\"city\":\"Oslo\",\"celsius\":14}");
        assertThat(results).extracting(ToolExecutionResultMessage::isError).containsOnly(false);
        assertThat(response.aiMessage().text()).isEqualTo("The note says: tool calls as a graph");

        // And the independent calls ran at once: the other write and the weather overlapped the first write
        NoteTools.Call put1 = NOTES.calls.stream()
                .filter(c -> c.what().equals("put n1"))
                .findFirst()
                .orElseThrow();
        NoteTools.Call get1 = NOTES.calls.stream()
                .filter(c -> c.what().equals("get n1"))
                .findFirst()
                .orElseThrow();
        NoteTools.Call put2 = NOTES.calls.stream()
                .filter(c -> c.what().equals("put n2"))
                .findFirst()
                .orElseThrow();
        NoteTools.Call weather = NOTES.calls.stream()
                .filter(c -> c.what().equals("weather Oslo"))
                .findFirst()
                .orElseThrow();
        assertThat(get1.start()).as("the read starts after its write ended").isGreaterThanOrEqualTo(put1.end());
        assertThat(put2.start()).as("the other write overlaps the first").isLessThan(put1.end());
        assertThat(weather.start()).as("the weather overlaps the first write").isLessThan(put1.end());
    }

    @Test
    void shouldGiveAFailedCallItsErrorAndAnUnknownToolsTheRejection() throws Exception {
        PlanexecToolCalls tools = new PlanexecToolCalls(client);

        List<ToolExecutionResultMessage> bad = tools.execute(AiMessage.from(call("b1", "getNote", "{\"id\": ")));
        assertThat(bad).singleElement().satisfies(m -> {
            assertThat(m.isError()).isTrue();
            assertThat(m.text()).startsWith("FAILED: tool call 'b1' (getNote): arguments are not valid JSON");
        });

        List<ToolExecutionResultMessage> unknown = tools.execute(AiMessage.from(call("u1", "noSuchTool", "{}")));
        assertThat(unknown).singleElement().satisfies(m -> {
            assertThat(m.isError()).isTrue();
            assertThat(m.text()).contains("noSuchTool");
        });
        assertThat(tools.execute(AiMessage.from("no calls"))).isEmpty();
    }

    @Test
    void shouldPublishTheSpecsOfTheToolsWithTheirPlanexecSpec() {
        assertThat(client.tools())
                .filteredOn(s -> s.name().equals("putNote"))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.writes()).containsExactly("note:{id}");
                    assertThat(s.idempotent()).isFalse();
                    assertThat(s.parameters()).containsEntry("required", List.of("id", "text"));
                });
        assertThat(client.tools())
                .filteredOn(s -> s.name().equals("shout"))
                .singleElement()
                .satisfies(s -> assertThat(s.hasResourceInfo())
                        .as("no @PlanexecSpec: unknown")
                        .isFalse());
    }

    private static ToolExecutionRequest call(String id, String name, String arguments) {
        return ToolExecutionRequest.builder()
                .id(id)
                .name(name)
                .arguments(arguments)
                .build();
    }
}
