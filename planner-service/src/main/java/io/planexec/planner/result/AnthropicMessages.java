package io.planexec.planner.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic messages: one {@code {"role": "user", "content": [...]}} message holding a {@code tool_result} block per
 * {@code tool_use}, with {@code "is_error": true} on the calls that did not succeed.
 */
final class AnthropicMessages implements MessageRenderer {

    @Override
    public List<Map<String, Object>> render(List<ToolOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return List.of();
        }
        List<Object> blocks = new ArrayList<>(outcomes.size());
        for (ToolOutcome o : outcomes) {
            Map<String, Object> block = new LinkedHashMap<>();
            block.put("type", "tool_result");
            block.put("tool_use_id", o.callId());
            block.put("content", o.text());
            if (o.isError()) {
                block.put("is_error", true);
            }
            blocks.add(block);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "user");
        message.put("content", blocks);
        return List.of(message);
    }
}
