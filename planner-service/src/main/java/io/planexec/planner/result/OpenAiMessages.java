package io.planexec.planner.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI chat completions: one {@code {"role": "tool", "tool_call_id": ..., "content": ...}} message per tool call.
 * The API has no error flag, so a failed call's content states the status and the error.
 */
final class OpenAiMessages implements MessageRenderer {

    @Override
    public List<Map<String, Object>> render(List<ToolOutcome> outcomes) {
        List<Map<String, Object>> messages = new ArrayList<>(outcomes.size());
        for (ToolOutcome o : outcomes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", "tool");
            m.put("tool_call_id", o.callId());
            m.put("content", o.text());
            messages.add(m);
        }
        return messages;
    }
}
