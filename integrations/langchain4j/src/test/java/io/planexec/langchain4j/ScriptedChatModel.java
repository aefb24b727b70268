package io.planexec.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/** A chat model that answers from a script (no network, no key): each answer sees the conversation so far. */
final class ScriptedChatModel implements ChatModel {

    private final Deque<Function<List<ChatMessage>, AiMessage>> script = new ArrayDeque<>();
    final List<List<ChatMessage>> seen = new ArrayList<>();

    ScriptedChatModel then(Function<List<ChatMessage>, AiMessage> answer) {
        script.add(answer);
        return this;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        seen.add(List.copyOf(request.messages()));
        Function<List<ChatMessage>, AiMessage> answer = script.poll();
        if (answer == null) {
            throw new IllegalStateException("the script has no answer left");
        }
        return ChatResponse.builder()
                .aiMessage(answer.apply(request.messages()))
                .build();
    }
}
