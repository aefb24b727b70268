package io.planexec.executor;

import io.planexec.model.LatencyClass;
import io.planexec.model.StepResult;
import io.planexec.model.StepTask;
import io.planexec.testing.KafkaCluster;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Test helpers: step tasks as the planner would publish them, and the results an executor published. */
public final class Tasks {

    static final WireFormat WIRE = new WireFormat();

    private Tasks() {}

    /** A task with a one-minute deadline, a 10 s timeout and no retries. */
    public static StepTask task(
            String planId, String stepId, String tool, Map<String, Object> args, boolean idempotent) {
        return new StepTask(
                planId,
                stepId,
                tool,
                args,
                1,
                planId + "/" + stepId,
                LatencyClass.FAST,
                Instant.now().plusSeconds(60),
                10_000,
                idempotent,
                0,
                StepTask.idempotencyKey(planId, stepId, 1),
                Instant.now(),
                null);
    }

    static StepTask withKey(StepTask t, String key) {
        return new StepTask(
                t.planId(),
                t.stepId(),
                t.tool(),
                t.args(),
                t.release(),
                key,
                t.latencyClass(),
                t.deadline(),
                t.timeoutMs(),
                t.idempotent(),
                t.maxRetries(),
                t.idempotencyKey(),
                t.releasedAt(),
                null);
    }

    static StepTask withRetries(StepTask t, int maxRetries, long timeoutMs) {
        return new StepTask(
                t.planId(),
                t.stepId(),
                t.tool(),
                t.args(),
                t.release(),
                t.routingKey(),
                t.latencyClass(),
                t.deadline(),
                timeoutMs,
                t.idempotent(),
                maxRetries,
                t.idempotencyKey(),
                t.releasedAt(),
                null);
    }

    public static StepTask withDeadline(StepTask t, Instant deadline) {
        return new StepTask(
                t.planId(),
                t.stepId(),
                t.tool(),
                t.args(),
                t.release(),
                t.routingKey(),
                t.latencyClass(),
                deadline,
                t.timeoutMs(),
                t.idempotent(),
                t.maxRetries(),
                t.idempotencyKey(),
                t.releasedAt(),
                null);
    }

    /** Publishes tasks to the fast step topic, keyed by their routing key. */
    static void publish(KafkaProducer<String, byte[]> producer, Topics topics, List<StepTask> tasks) {
        for (StepTask t : tasks) {
            producer.send(new ProducerRecord<>(topics.steps(LatencyClass.FAST), t.routingKey(), WIRE.writeStepTask(t)));
        }
        producer.flush();
    }

    /** Publishes a task to one partition. */
    static void publish(KafkaProducer<String, byte[]> producer, Topics topics, int partition, StepTask t) {
        producer.send(new ProducerRecord<>(
                topics.steps(LatencyClass.FAST), partition, t.routingKey(), WIRE.writeStepTask(t)));
        producer.flush();
    }

    /** Every committed step result so far. */
    static List<StepResult> results(KafkaCluster kafka, Topics topics) {
        return kafka.readAll(topics.stepResults()).stream()
                .map(r -> WIRE.readStepResult(r.value()))
                .toList();
    }

    /** The FINISHED results so far, by step id. */
    static Map<String, StepResult> finished(KafkaCluster kafka, Topics topics) {
        Map<String, StepResult> byStep = new HashMap<>();
        for (StepResult r : results(kafka, topics)) {
            if (r.kind() == StepResult.Kind.FINISHED) {
                byStep.put(r.planId() + "/" + r.stepId(), r);
            }
        }
        return byStep;
    }

    /** Settings for an executor under a test's own prefix, with short timeouts. */
    static Map<String, String> settings(KafkaCluster kafka, String prefix, String instanceId) {
        Map<String, String> s = new HashMap<>();
        s.put("bootstrap.servers", kafka.bootstrapServers());
        s.put("topic.prefix", prefix);
        s.put("topic.partitions", "4");
        s.put("executor.instance.id", instanceId);
        s.put("executor.classes", "fast");
        s.put("executor.session.timeout.ms", "3000");
        s.put("executor.shutdown.grace.ms", "5000");
        s.put("executor.revoke.grace.ms", "5000");
        s.put("executor.retry.backoff.ms", "10");
        s.put("executor.retry.backoff.max.ms", "50");
        return s;
    }

    static Duration atMost() {
        return Duration.ofSeconds(30);
    }
}
