package io.planexec.executor.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepResult;
import io.planexec.model.ToolSpec;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer loop on a {@link MockConsumer} and a {@link MockProducer}: what happens to a STARTED notice when the
 * task's partition moves while the transaction holding the notice is being committed.
 */
class StepLoopTest {

    private static final TopicPartition P0 = MockLoops.P0;

    private final AtomicInteger calls = new AtomicInteger();
    private final MockLoops.Threads threads = new MockLoops.Threads();
    private final HeldConsumer consumer = new HeldConsumer();
    private final HeldProducer producer = new HeldProducer();

    @AfterEach
    void stop() throws InterruptedException {
        threads.stop();
    }

    @Test
    void shouldMakeTheCallOfANoticeBeingCommittedWhenItsPartitionIsRevoked() throws Exception {
        // Given a loop that took a non-idempotent task, whose STARTED notice is in a transaction being committed
        start();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.addRecord(task("p-1", "pay"));
        });
        await().atMost(Duration.ofSeconds(30)).until(producer.committing::get);

        // When the partition is revoked before the loop learns that the transaction committed
        consumer.schedulePollTask(() -> consumer.rebalance(List.of()));

        // Then the call is made (its notice is committed: nobody else will make it), and its result is published
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(reports(StepResult.Kind.FINISHED))
                        .singleElement()
                        .satisfies(r -> assertThat(r.stepId()).isEqualTo("pay")));
        assertThat(calls).hasValue(1);
        assertThat(reports(StepResult.Kind.STARTED)).hasSize(1);
    }

    // ---- fixtures ----

    private void start() {
        ToolSpec spec = ToolSpec.builder("pay")
                .touchesNothing()
                .idempotent(false)
                .latencyClass(LatencyClass.FAST)
                .timeoutMs(10_000)
                .build();
        Toolbox toolbox = new Toolbox().register(Tool.sync(spec, (args, context) -> {
            calls.incrementAndGet();
            return "paid";
        }));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        threads.run(new StepLoop(
                MockLoops.settings(Duration.ofSeconds(3)), consumer, producer, threads.resources(toolbox)));
    }

    private static ConsumerRecord<byte[], byte[]> task(String planId, String stepId) {
        return MockLoops.task(0, planId, stepId, "pay", false);
    }

    private List<StepResult> reports(StepResult.Kind kind) {
        return producer.committedRecords().stream()
                .filter(r -> r.topic().equals(MockLoops.TOPICS.stepResults()))
                .map(r -> MockLoops.WIRE.readStepResult(r.value()))
                .filter(r -> r.kind() == kind)
                .toList();
    }

    /**
     * A consumer whose rebalance listener lets the held transaction commit just before the partition is revoked. Its
     * {@code poll} never blocks, so {@code wakeup} has nothing to do (and must not take the mock's lock, which the loop
     * holds during a rebalance, as a real consumer's {@code wakeup} does not).
     */
    private final class HeldConsumer extends MockConsumer<byte[], byte[]> {

        HeldConsumer() {
            super("earliest");
        }

        @Override
        public void wakeup() {}

        @Override
        public synchronized void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
            super.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        producer.release.countDown();
                        await().atMost(Duration.ofSeconds(10)).until(producer.committed::get);
                    }
                    listener.onPartitionsRevoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    listener.onPartitionsAssigned(partitions);
                }
            });
        }
    }

    /** A transactional producer whose first commit waits until the test lets it go. */
    private static final class HeldProducer extends MockProducer<byte[], byte[]> {

        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean committing = new AtomicBoolean();
        final AtomicBoolean committed = new AtomicBoolean();
        private final List<ProducerRecord<byte[], byte[]>> committedRecords = new java.util.ArrayList<>();

        HeldProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void commitTransaction() {
            List<ProducerRecord<byte[], byte[]>> records = uncommittedRecords();
            if (!committed.get()) {
                committing.set(true);
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never released the commit");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            super.commitTransaction();
            synchronized (committedRecords) {
                committedRecords.addAll(records);
            }
            committed.set(true);
        }

        List<ProducerRecord<byte[], byte[]>> committedRecords() {
            synchronized (committedRecords) {
                return List.copyOf(committedRecords);
            }
        }
    }
}
