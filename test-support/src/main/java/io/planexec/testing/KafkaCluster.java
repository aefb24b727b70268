package io.planexec.testing;

import io.planexec.topics.TopicProvisioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A running Kafka cluster for integration tests: the embedded broker, a Testcontainers broker or an external cluster
 * (see {@link KafkaClusterExtension}). Tests share it, so each test works under its own {@link #uniquePrefix topic
 * prefix} and its own consumer group ids.
 */
public final class KafkaCluster {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String bootstrapServers;
    private final String kind;

    KafkaCluster(String bootstrapServers, String kind) {
        this.bootstrapServers = bootstrapServers;
        this.kind = kind;
    }

    /** A cluster a test started itself, e.g. a {@code KafkaProcessCluster} ({@code kind}: {@code processes}). */
    public static KafkaCluster of(String bootstrapServers, String kind) {
        return new KafkaCluster(bootstrapServers, kind);
    }

    /** The address clients connect to. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** {@code embedded}, {@code testcontainers} or {@code external}. */
    public String kind() {
        return kind;
    }

    /** Settings every client needs: the bootstrap address. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    /** A topic prefix no other test of this run uses, e.g. {@code it3x7f2a}. */
    public String uniquePrefix(String name) {
        return name + COUNTER.incrementAndGet() + "x"
                + UUID.randomUUID().toString().substring(0, 6);
    }

    /**
     * Creates topics with this many partitions (ignoring those that exist), and returns once their leaders serve
     * them.
     */
    public void createTopics(int partitions, String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, Optional.of(partitions), Optional.empty()));
        }
        try (Admin admin = Admin.create(clientProperties())) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).createMissing(topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A plain producer of string keys and byte values (acks=all, no linger, one request in flight: tests write to
     * topics created a moment before, where an idempotent producer with several in flight can lose records,
     * KAFKA-15591).
     */
    public KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** A read_committed consumer without a group, for {@link #readAll} and tailing. */
    public KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> props = clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Every committed record of a topic, from the beginning to its end at the time of the call, in partition then
     * offset order. Records of a transaction committed just before may not be visible yet (commit markers are written
     * asynchronously): wait for what you expect with Awaitility.
     */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 30 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    byPartition
                            .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), p -> new ArrayList<>())
                            .add(r);
                }
            }
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            partitions.forEach(p -> all.addAll(byPartition.getOrDefault(p, List.of())));
            return all;
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
