package io.planexec.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.client.PlanexecClient;
import io.planexec.executor.tool.Tool;
import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import io.planexec.standalone.Standalone;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Spring AI's tool calling through planexec: a chat model (scripted, doing what Spring AI's models do with a tool
 * calling manager) asks for four calls in one response, and the manager runs them as one plan on planexec's executor.
 */
class PlanexecToolCallingManagerIT {

    /** One call of a tool, and when it ran. */
    record Call(String what, long start, long end) {}

    private static final Map<String, String> NOTES = new ConcurrentHashMap<>();
    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static Standalone planexec;
    private static PlanexecClient client;

    @BeforeAll
    static void start() throws Exception {
        planexec = Standalone.builder()
                .topicPrefix("springai")
                .tools(List.of(
                        Tool.sync(
                                ToolSpec.builder("put_note")
                                        .description("Stores a note")
                                        .writes("note:{id}")
                                        .latencyClass(LatencyClass.FAST)
                                        .build(),
                                (args, ctx) -> {
                                    long start = System.nanoTime();
                                    Thread.sleep(300);
                                    NOTES.put((String) args.get("id"), (String) args.get("text"));
                                    CALLS.add(new Call("put " + args.get("id"), start, System.nanoTime()));
                                    return "stored " + args.get("id");
                                }),
                        Tool.sync(
                                ToolSpec.builder("get_note")
                                        .description("Reads a note")
                                        .reads("note:{id}")
                                        .idempotent(true)
                                        .latencyClass(LatencyClass.FAST)
                                        .build(),
                                (args, ctx) -> {
                                    long start = System.nanoTime();
                                    String text = NOTES.getOrDefault((String) args.get("id"), "(none)");
                                    CALLS.add(new Call("get " + args.get("id"), start, System.nanoTime()));
                                    return text;
                                }),
                        Tool.sync(
                                ToolSpec.builder("weather")
                                        .description("The weather in a city")
                                        .touchesNothing()
                                        .idempotent(true)
                                        .latencyClass(LatencyClass.FAST)
                                        .build(),
                                (args, ctx) -> {
                                    long start = System.nanoTime();
                                    Thread.sleep(300);
                                    CALLS.add(new Call("weather", start, System.nanoTime()));
                                    Map<String, Object> weather = new LinkedHashMap<>(); // (an order to compare)
                                    weather.put("city", args.get("city"));
                                    weather.put("celsius", 14);
                                    return weather;
                                })))
                .start();
        client = PlanexecClient.builder()
                .bootstrapServers(planexec.bootstrapServers())
                .topicPrefix("springai")
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
    void shouldRunAResponsesToolCallsAsOnePlanInParallelAndInOrder() {
        // Given a model whose first response asks for four calls, and whose second repeats what came back
        ToolCallingManager manager = new PlanexecToolCallingManager(
                client, ToolCallingManager.builder().build(), Duration.ofSeconds(60));
        ScriptedChatModel model = new ScriptedChatModel(manager)
                .then(messages -> AssistantMessage.builder()
                        .content("")
                        .toolCalls(List.of(
                                call("c1", "put_note", "{\"id\": \"n1\", \"text\": \"graphs\"}"),
                                call("c2", "get_note", "{\"id\": \"n1\"}"),
                                call("c3", "put_note", "{\"id\": \"n2\", \"text\": \"second\"}"),
                                call("c4", "weather", "{\"city\": \"Oslo\"}")))
                        .build())
                .then(messages -> AssistantMessage.builder()
                        .content(((ToolResponseMessage) messages.get(messages.size() - 1))
                                .getResponses().stream()
                                        .map(r -> r.id() + "=" + r.responseData())
                                        .reduce((a, b) -> a + " | " + b)
                                        .orElseThrow())
                        .build());

        // When it is asked
        ChatResponse response = model.call(new Prompt(new UserMessage("store a note and read it back")));

        // Then the responses came in the order of the calls, the read after the write of its note
        assertThat(response.getResult().getOutput().getText())
                .isEqualTo("c1=stored n1 | c2=graphs | c3=stored n2 | c4={\"city\":\"Oslo\",\"celsius\":14}");
        Call put1 = find("put n1");
        assertThat(find("get n1").start()).as("the read after its write").isGreaterThanOrEqualTo(put1.end());
        assertThat(find("put n2").start()).as("the other write at once").isLessThan(put1.end());
        assertThat(find("weather").start()).as("the weather at once").isLessThan(put1.end());
    }

    @Test
    void shouldShowPlanexecsToolsToTheModel() {
        ToolCallingManager manager = new PlanexecToolCallingManager(
                client, ToolCallingManager.builder().build(), null);

        List<ToolDefinition> definitions = manager.resolveToolDefinitions(DefaultToolCallingChatOptions.builder()
                .toolCallbacks(PlanexecToolCallbacks.all(client))
                .build());

        assertThat(definitions).extracting(ToolDefinition::name).contains("put_note", "get_note", "weather");
    }

    @Test
    void shouldBeSwitchedOnByTheBootstrapServersProperty() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PlanexecAutoConfiguration.class));

        runner.withPropertyValues(
                        "planexec.bootstrap-servers=" + planexec.bootstrapServers(), "planexec.topic-prefix=springai")
                .run(context -> {
                    assertThat(context).hasSingleBean(ToolCallingManager.class);
                    assertThat(context.getBean(ToolCallingManager.class))
                            .isInstanceOf(PlanexecToolCallingManager.class);
                    assertThat(context.getBean(PlanexecClient.class).tools())
                            .extracting(ToolSpec::name)
                            .contains("put_note");
                });
        runner.run(context -> assertThat(context).doesNotHaveBean(PlanexecClient.class));
    }

    private static Call find(String what) {
        return CALLS.stream().filter(c -> c.what().equals(what)).findFirst().orElseThrow();
    }

    private static AssistantMessage.ToolCall call(String id, String name, String arguments) {
        return new AssistantMessage.ToolCall(id, "function", name, arguments);
    }

    /** A chat model answering from a script, executing tool calls with the manager as Spring AI's models do. */
    private static final class ScriptedChatModel implements ChatModel {
        private final ToolCallingManager manager;
        private final Deque<Function<List<Message>, AssistantMessage>> script = new ArrayDeque<>();

        ScriptedChatModel(ToolCallingManager manager) {
            this.manager = manager;
        }

        ScriptedChatModel then(Function<List<Message>, AssistantMessage> answer) {
            script.add(answer);
            return this;
        }

        @Override
        public ChatResponse call(Prompt prompt) {
            ChatResponse response =
                    new ChatResponse(List.of(new Generation(script.remove().apply(prompt.getInstructions()))));
            if (!response.hasToolCalls()) {
                return response;
            }
            ToolExecutionResult result = manager.executeToolCalls(prompt, response);
            return call(new Prompt(result.conversationHistory(), prompt.getOptions()));
        }
    }
}
