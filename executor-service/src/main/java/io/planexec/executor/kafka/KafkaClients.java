package io.planexec.executor.kafka;

import io.planexec.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The settings of the executor's Kafka clients: names of groups and transactional ids, and safe defaults. */
public final class KafkaClients {

    private KafkaClients() {}

    /** The consumer group of a task queue: {@code <prefix>-executor-<queue>}. */
    public static String groupId(Topics topics, String queue) {
        return topics.prefix() + "-executor-" + queue;
    }

    /** The transactional id of an instance's loop for a queue: {@code <prefix>-executor-<instance>-<queue>}. */
    public static String transactionalId(Topics topics, String instanceId, String queue) {
        return topics.prefix() + "-executor-" + instanceId + "-" + queue;
    }

    /**
     * The step consumer's settings: read_committed, no auto commit, from the earliest offset when the group has none,
     * the cooperative-sticky assignor and the session timeout for the classic group protocol (unless {@code
     * group.protocol=consumer} is passed through), and the overrides in between.
     *
     * @param overrides bootstrap.servers, kafka.* and consumer.* settings
     * @param staticMember whether to join as a static member ({@code group.instance.id = <instance>-<queue>})
     */
    public static Map<String, Object> consumer(
            Map<String, Object> overrides,
            Topics topics,
            String instanceId,
            String queue,
            int sessionTimeoutMs,
            boolean staticMember) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, transactionalId(topics, instanceId, queue) + "-consumer");
        props.putAll(overrides);
        boolean classic = !"consumer"
                .equalsIgnoreCase(String.valueOf(props.getOrDefault(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")));
        if (classic) {
            props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs);
            props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, sessionTimeoutMs / 5));
            props.putIfAbsent(
                    ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        if (staticMember) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "-" + queue);
        }
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(topics, queue));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /**
     * The transactional result producer's settings: idempotent, acks=all, no linger (one transaction at a time does
     * the batching), a 2 ms retry backoff, the transactional id of the instance's loop, and the overrides in between.
     *
     * @param overrides bootstrap.servers, kafka.* and producer.* settings
     */
    public static Map<String, Object> producer(
            Map<String, Object> overrides, Topics topics, String instanceId, String queue, int transactionTimeoutMs) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // A transaction's first request waits, retrying, while the previous transaction completes (a few ms): retry
        // soon rather than after the default 100 ms.
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 2);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, transactionTimeoutMs);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId(topics, instanceId, queue) + "-producer");
        props.putAll(overrides);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(topics, instanceId, queue));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}
