package io.planexec.planner.service;

import io.planexec.model.Attempt;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.testing.KafkaCluster;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A stand-in for the executor service on the real topics: reads every latency-class topic (read committed), and
 * answers each task as its script says, keyed by plan id. Non-idempotent tasks get a STARTED notice first. A script
 * that answers {@code null} holds the task: the test answers it later ({@link #answer(StepTask, Answer)}).
 */
final class ScriptedExecutor implements AutoCloseable {

    /** What the executor does with a task: the status and output (or error) it reports. */
    record Answer(StepStatus status, Object output, String error) {
        static Answer ok(Object output) {
            return new Answer(StepStatus.SUCCEEDED, output, null);
        }
    }

    private final Topics topics;
    private final WireFormat wire = new WireFormat();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Function<StepTask, Answer> script;
    private final Queue<StepTask> received = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> receivedAtNanos = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ScriptedExecutor(KafkaCluster kafka, Topics topics, Function<StepTask, Answer> script) {
        this.topics = topics;
        this.script = script;
        Map<String, Object> props = kafka.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topics.prefix() + "-executor-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = kafka.producer();
        List<String> stepTopics = new ArrayList<>();
        for (LatencyClass c : LatencyClass.values()) {
            stepTopics.add(topics.steps(c));
        }
        consumer.subscribe(stepTopics);
        this.thread = new Thread(this::run, "scripted-executor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Every task received so far. */
    List<StepTask> received() {
        return List.copyOf(received);
    }

    /** When the task with this idempotency key was first received ({@link System#nanoTime()}), or {@code null}. */
    Long receivedAtNanos(String idempotencyKey) {
        return receivedAtNanos.get(idempotencyKey);
    }

    private void run() {
        while (running) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(5))) {
                StepTask task = wire.readStepTask(r.value());
                receivedAtNanos.putIfAbsent(task.idempotencyKey(), System.nanoTime());
                received.add(task);
                answer(task);
            }
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }

    /** Answers one task at once (a call that takes no time), as the script says. */
    void answer(StepTask task) {
        Answer a = script.apply(task);
        if (a != null) {
            answer(task, a);
        }
    }

    /** Answers one task now with this answer. */
    void answer(StepTask task, Answer a) {
        Instant start = Instant.now();
        if (!task.idempotent()) {
            send(StepResult.started(task.planId(), task.stepId(), task.release(), "scripted", start));
        }
        finish(task, a, start);
    }

    /** Reports that a held task's call started now (a STARTED notice), without finishing it. */
    void started(StepTask task) {
        send(StepResult.started(task.planId(), task.stepId(), task.release(), "scripted", Instant.now()));
    }

    /** Reports a held task's outcome now, one attempt from {@code startedAt} to now, without a STARTED notice. */
    void finish(StepTask task, Answer a, Instant startedAt) {
        Instant end = Instant.now();
        send(StepResult.finished(
                task.planId(),
                task.stepId(),
                task.release(),
                a.status(),
                a.output(),
                a.error(),
                List.of(new Attempt(1, startedAt, end, a.status(), a.error(), "scripted")),
                "scripted",
                end));
    }

    /** Waits until every report sent so far is written. */
    void flush() {
        producer.flush();
    }

    private synchronized void send(StepResult result) {
        producer.send(new ProducerRecord<>(topics.stepResults(), result.planId(), wire.writeStepResult(result)));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        producer.close(Duration.ofSeconds(2));
    }
}
