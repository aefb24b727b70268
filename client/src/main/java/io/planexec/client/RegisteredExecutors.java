package io.planexec.client;

import io.planexec.model.ExecutorHeartbeat;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import io.planexec.wire.WireFormatException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the executors' heartbeats: the compacted {@code <prefix>.executors} topic, replayed to its end (the latest
 * record of each executor instance, running or stopped). With the tools topic it tells which executors serve each tool
 * and when each was last seen.
 */
public final class RegisteredExecutors {

    private static final Logger LOGGER = LoggerFactory.getLogger(RegisteredExecutors.class);

    private RegisteredExecutors() {}

    /**
     * The latest heartbeat of every executor instance, sorted by instance id; empty when the topic does not exist (no
     * executor of this version has started under the prefix).
     *
     * @throws IllegalStateException when the topic cannot be read to its end within {@code timeout}
     */
    public static List<ExecutorHeartbeat> read(Map<String, Object> kafkaProperties, Topics topics, Duration timeout) {
        WireFormat wire = new WireFormat();
        Map<String, ExecutorHeartbeat> latest = new TreeMap<>();
        CompactedTopic.readToEnd(kafkaProperties, topics.executors(), timeout, (key, value) -> {
            if (key == null) {
                return;
            }
            if (value == null) {
                latest.remove(key);
                return;
            }
            try {
                ExecutorHeartbeat beat = wire.readExecutorHeartbeat(value);
                if (beat.instance().equals(key)) {
                    latest.put(key, beat);
                }
            } catch (WireFormatException e) {
                LOGGER.warn("topic={} executor={} heartbeat ignored: {}", topics.executors(), key, e.getMessage());
            }
        });
        return List.copyOf(latest.values());
    }
}
