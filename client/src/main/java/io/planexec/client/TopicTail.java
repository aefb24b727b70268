package io.planexec.client;

import io.planexec.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition of one topic from its current end (or from its beginning), without a consumer group, handing
 * each record to a handler on its own thread. {@link #start} returns once the starting positions are fixed, so nothing
 * published afterwards is missed.
 */
final class TopicTail implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(TopicTail.class);

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final BiConsumer<String, byte[]> handler;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Thread thread;
    private final boolean fromBeginning;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private Map<TopicPartition, Long> startEnds = Map.of();
    private volatile RuntimeException startFailure;
    private volatile boolean running = true;

    TopicTail(
            String topic, Map<String, Object> kafkaProperties, String threadName, BiConsumer<String, byte[]> handler) {
        this(topic, kafkaProperties, threadName, false, handler);
    }

    TopicTail(
            String topic,
            Map<String, Object> kafkaProperties,
            String threadName,
            boolean fromBeginning,
            BiConsumer<String, byte[]> handler) {
        this.topic = topic;
        this.fromBeginning = fromBeginning;
        this.handler = handler;
        Properties props = new Properties();
        props.putAll(kafkaProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts following; returns once the starting positions are fixed. */
    void start(Duration timeout) throws InterruptedException {
        thread.start();
        if (!positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IllegalStateException("could not start reading topic '" + topic + "' within "
                    + Durations.human(timeout) + ": is the cluster reachable and does the topic exist?");
        }
        if (startFailure != null) {
            throw startFailure;
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic '" + topic + "' does not exist");
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                startEnds = consumer.endOffsets(partitions);
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
                caughtUp.complete(null);
            }
            partitions.forEach(consumer::position); // fixes the end positions now
        } catch (RuntimeException e) {
            startFailure = e instanceof WakeupException ? new IllegalStateException("closed while starting") : e;
            positioned.countDown();
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            return;
        }
        positioned.countDown();
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        handler.accept(record.key(), record.value());
                    } catch (RuntimeException e) {
                        LOGGER.warn("topic={} offset={} handler failed: {}", topic, record.offset(), e.toString());
                    }
                }
                if (!caughtUp.isDone()
                        && startEnds.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.complete(null);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOGGER.error("topic={} stopped reading: {}", topic, e.toString(), e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
        }
    }

    /**
     * Completes once everything that was on the topic when reading started has been handed on (at once when reading
     * from the end).
     */
    CompletableFuture<Void> caughtUp() {
        return caughtUp;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
