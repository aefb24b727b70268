package io.planexec.client;

import io.planexec.model.ToolSpec;
import io.planexec.topics.ToolRecords;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tool registry: the compacted {@code <prefix>.tools} topic that executors publish their tool specs to,
 * replayed to its end (the latest spec of each tool; removed tools left out), by the rule the planner applies to it
 * ({@link ToolRecords}). This is what the planner plans against, and what an agent gives its LLM as the list of tools.
 */
public final class RegisteredTools {

    private static final Logger LOGGER = LoggerFactory.getLogger(RegisteredTools.class);

    private RegisteredTools() {}

    /**
     * The registered tools, sorted by name.
     *
     * @throws IllegalStateException when the topic cannot be read to its end within {@code timeout}
     */
    public static List<ToolSpec> read(Map<String, Object> kafkaProperties, Topics topics, Duration timeout) {
        WireFormat wire = new WireFormat();
        Map<String, ToolSpec> latest = new TreeMap<>();
        boolean exists = CompactedTopic.readToEnd(kafkaProperties, topics.tools(), timeout, (key, value) -> {
            ToolRecords.Change change = ToolRecords.of(key, value, wire);
            if (change instanceof ToolRecords.Register reg) {
                latest.put(key, reg.spec());
            } else if (change instanceof ToolRecords.Remove rem) {
                latest.remove(rem.name());
            } else if (change instanceof ToolRecords.Ignore ignore) {
                LOGGER.warn("topic={} tool={} spec ignored: {}", topics.tools(), key, ignore.reason());
            }
        });
        if (!exists) {
            throw new IllegalStateException("topic '" + topics.tools() + "' does not exist: no executor has"
                    + " registered tools under the prefix '" + topics.prefix() + "' yet");
        }
        return List.copyOf(latest.values());
    }
}
