package io.planexec.executor.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.planexec.executor.offsets.Mark;
import io.planexec.executor.offsets.OffsetMarks;
import io.planexec.model.StepResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PartitionHandOver} in a loop on Kafka's mock clients: a partition taken over starts from the marks its
 * previous owner committed, and one handed over lets its running call finish and commits before it goes.
 */
class PartitionHandOverTest {

    private static final TopicPartition P0 = MockLoops.P0;

    private final MockLoops.Threads threads = new MockLoops.Threads();
    private final MockLoops.Consumer consumer = new MockLoops.Consumer();
    private final MockLoops.HoldingProducer producer = new MockLoops.HoldingProducer();
    private final MockLoops.GatedFetch fetch = new MockLoops.GatedFetch();
    private StepLoop loop;

    @AfterEach
    void stop() throws InterruptedException {
        threads.stop();
    }

    @Test
    void shouldNotRunAgainTheTasksThePreviousOwnerMarkedDone() {
        // Given a partition whose previous owner committed offset 0 with offset 1 marked done above it
        TreeMap<Long, Mark> marks = new TreeMap<>(Map.of(1L, Mark.DONE));
        start();

        // When it is assigned to this loop, with the tasks at offsets 0, 1 and 2
        consumer.schedulePollTask(() -> {
            consumer.commitSync(Map.of(P0, new OffsetAndMetadata(0, OffsetMarks.encode(0, marks))));
            consumer.rebalance(List.of(P0));
            consumer.addRecord(task(0, "p-0"));
            consumer.addRecord(task(1, "p-1"));
            consumer.addRecord(task(2, "p-2"));
        });

        // Then the marked task is skipped, the others run, and the committed offset passes all three
        await().atMost(Duration.ofSeconds(30))
                .until(() -> MockLoops.finished(producer).size() == 2);
        assertThat(fetch.called).containsExactlyInAnyOrder("p-0", "p-2");
        assertThat(MockLoops.finished(producer)).extracting(StepResult::planId).containsExactlyInAnyOrder("p-0", "p-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> MockLoops.committedOffset(producer) == 3);
    }

    @Test
    void shouldLetARunningCallFinishAndCommitItBeforeHandingThePartitionOver() {
        // Given a loop running a call of the partition
        fetch.gate = new CountDownLatch(1);
        start();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.addRecord(task(0, "p-0"));
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> fetch.called.size() == 1);

        // When the partition is revoked, and the call returns within the revoke grace
        consumer.schedulePollTask(() -> consumer.rebalance(List.of()));
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .until(() -> loop.assignment().contains(0));
        fetch.gate.countDown();

        // Then the hand-over commits its result and offset, and only then lets the partition go
        await().atMost(Duration.ofSeconds(30)).until(() -> loop.assignment().isEmpty());
        assertThat(MockLoops.finished(producer)).extracting(StepResult::planId).containsExactly("p-0");
        assertThat(MockLoops.committedOffset(producer)).isEqualTo(1);
    }

    private void start() {
        loop = threads.run(consumer, producer, fetch.toolbox());
    }

    private static ConsumerRecord<byte[], byte[]> task(long offset, String planId) {
        return MockLoops.GatedFetch.task(offset, planId);
    }
}
