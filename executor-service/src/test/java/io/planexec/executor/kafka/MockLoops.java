package io.planexec.executor.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.executor.Tasks;
import io.planexec.executor.call.CallEnvironment;
import io.planexec.executor.call.ScheduledDelays;
import io.planexec.executor.metrics.ExecutorMetrics;
import io.planexec.executor.schedule.Backoff;
import io.planexec.executor.schedule.InFlightLimit;
import io.planexec.executor.schedule.ToolPermits;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolSelection;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepResult;
import io.planexec.model.StepTask;
import io.planexec.model.ToolSpec;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Fixtures of the consumer-loop tests on Kafka's mock clients: one loop of the fast queue, partition 0. */
final class MockLoops {

    static final Topics TOPICS = Topics.DEFAULT;
    static final TopicPartition P0 = new TopicPartition(TOPICS.steps(LatencyClass.FAST), 0);
    static final WireFormat WIRE = new WireFormat();

    private MockLoops() {}

    /** The resources of a loop serving these tools of the fast queue, its calls on these threads. */
    private static LoopResources resources(Toolbox toolbox, ScheduledDelays delays, ExecutorService workers) {
        ExecutorMetrics metrics = new ExecutorMetrics(new SimpleMeterRegistry());
        CallEnvironment environment = new CallEnvironment(
                Clock.systemUTC(), delays, workers, new Backoff(10, 100, 0), () -> 0.5, "exec-1", metrics);
        return new LoopResources(
                TOPICS,
                new ToolSelection(toolbox, Set.of(LatencyClass.FAST), Set.of()),
                new ToolPermits(),
                new InFlightLimit(16),
                environment,
                metrics,
                WIRE,
                900 * 1024);
    }

    /** Settings of the fast queue's loop: 50 ms polls, no commit linger. */
    static LoopSettings settings(Duration stallConfirm) {
        return new LoopSettings(
                "fast",
                P0.topic(),
                "exec-1",
                "planexec-executor-exec-1-fast",
                Duration.ofMillis(50),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                1_000,
                10_000,
                Duration.ZERO,
                stallConfirm,
                true,
                Duration.ofSeconds(10));
    }

    /** A task of step {@code s1} of the plan, for the tool, at this offset of partition 0, keyed by the plan. */
    static ConsumerRecord<byte[], byte[]> task(long offset, String planId, String tool, boolean idempotent) {
        return task(offset, planId, "s1", tool, idempotent);
    }

    /** A task of the step, with the argument {@code plan}, at this offset of partition 0, keyed by plan and step. */
    static ConsumerRecord<byte[], byte[]> task(
            long offset, String planId, String stepId, String tool, boolean idempotent) {
        StepTask task = Tasks.task(planId, stepId, tool, Map.of("plan", planId), idempotent);
        return new ConsumerRecord<>(
                P0.topic(), 0, offset, task.routingKey().getBytes(StandardCharsets.UTF_8), WIRE.writeStepTask(task));
    }

    /**
     * The idempotent tool {@code fetch} of the fast queue: each call notes its task's plan, then returns once
     * {@link #gate} is open (it is, unless a test closes it).
     */
    static final class GatedFetch {

        final Queue<String> called = new ConcurrentLinkedQueue<>();
        volatile CountDownLatch gate = new CountDownLatch(0);

        Toolbox toolbox() {
            ToolSpec spec = ToolSpec.builder("fetch")
                    .touchesNothing()
                    .idempotent(true)
                    .latencyClass(LatencyClass.FAST)
                    .timeoutMs(30_000)
                    .build();
            return new Toolbox().register(Tool.sync(spec, (args, context) -> {
                called.add(String.valueOf(args.get("plan")));
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the call return");
                }
                return "fetched " + args.get("plan");
            }));
        }

        /** A task of the tool at this offset of partition 0. */
        static ConsumerRecord<byte[], byte[]> task(long offset, String planId) {
            return MockLoops.task(offset, planId, "fetch", true);
        }
    }

    /** The threads of a loop under test: its calls' workers and delays, and the loop's own thread. */
    static final class Threads {

        private final ExecutorService workers = Executors.newCachedThreadPool();
        private final ScheduledDelays delays = new ScheduledDelays("test-timer");
        private StepLoop loop;
        private Thread thread;

        /** The resources of a loop serving these tools, its calls on these threads. */
        LoopResources resources(Toolbox toolbox) {
            return MockLoops.resources(toolbox, delays, workers);
        }

        /** A loop of the fast queue (no stall check) over these clients and tools, running from partition 0's start. */
        StepLoop run(Consumer consumer, MockProducer<byte[], byte[]> producer, Toolbox toolbox) {
            consumer.updateBeginningOffsets(Map.of(P0, 0L));
            return run(new StepLoop(settings(Duration.ZERO), consumer, producer, resources(toolbox)));
        }

        /** Runs the loop on a thread of its own until {@link #stop()}. */
        StepLoop run(StepLoop loop) {
            this.loop = loop;
            thread = new Thread(loop, "step-loop");
            thread.start();
            return loop;
        }

        /** Stops the loop, then the calls' threads. */
        void stop() throws InterruptedException {
            if (loop != null) {
                loop.stop();
                thread.join(10_000);
            }
            workers.shutdownNow();
            delays.close();
        }
    }

    /** The offset of partition 0 in the last transaction that committed one; -1 when none has. */
    static long committedOffset(MockProducer<byte[], byte[]> producer) {
        List<Map<String, Map<TopicPartition, OffsetAndMetadata>>> commits = producer.consumerGroupOffsetsHistory();
        for (int i = commits.size() - 1; i >= 0; i--) {
            for (Map<TopicPartition, OffsetAndMetadata> byPartition :
                    commits.get(i).values()) {
                OffsetAndMetadata om = byPartition.get(P0);
                if (om != null) {
                    return om.offset();
                }
            }
        }
        return -1;
    }

    /** The FINISHED results the producer has committed. */
    static List<StepResult> finished(MockProducer<byte[], byte[]> producer) {
        return producer.history().stream()
                .filter(r -> r.topic().equals(TOPICS.stepResults()))
                .map(r -> WIRE.readStepResult(r.value()))
                .filter(r -> r.kind() == StepResult.Kind.FINISHED)
                .toList();
    }

    /**
     * A consumer whose {@code wakeup} does nothing (its {@code poll} never blocks, and a real consumer's {@code wakeup}
     * does not take the lock the loop holds during a rebalance) and whose group generation a test may set.
     */
    static final class Consumer extends MockConsumer<byte[], byte[]> {

        volatile int generation = 1;

        Consumer() {
            super("earliest");
        }

        @Override
        public void wakeup() {}

        @Override
        @SuppressWarnings("removal") // a mock consumer's metadata: Kafka makes it only inside a real consumer
        public ConsumerGroupMetadata groupMetadata() {
            return new ConsumerGroupMetadata("planexec-executor", generation, "member-1", Optional.empty());
        }
    }

    /** A transactional producer whose commits wait while a test holds them ({@link #hold}), then go on. */
    static class HoldingProducer extends MockProducer<byte[], byte[]> {

        volatile CountDownLatch hold;
        final AtomicBoolean holding = new AtomicBoolean();

        HoldingProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        /** Whether the transaction being committed is one to hold (every one, unless a test says otherwise). */
        boolean holds() {
            return true;
        }

        /** Runs after a held commit was let go, before it commits: a test may fail it here. */
        void released() {}

        @Override
        public void commitTransaction() {
            CountDownLatch latch = hold;
            if (latch != null && holds()) {
                holding.set(true);
                try {
                    if (!latch.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never released the commit");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                released();
            }
            super.commitTransaction();
        }
    }
}
