package io.planexec.executor.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepResult;
import io.planexec.model.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer loop that was stalled (a frozen process): tasks it had fetched start only once a transaction carrying the
 * consumer's group metadata has committed, on a {@link MockConsumer}, a {@link MockProducer} and a clock the test moves
 * forward to make the stall.
 */
class StepLoopStallTest {

    private static final TopicPartition P0 = MockLoops.P0;
    private static final Duration STALL_CONFIRM = Duration.ofSeconds(3);

    private final MockLoops.Threads threads = new MockLoops.Threads();
    private final AtomicLong skewNanos = new AtomicLong();
    private final Map<String, Integer> offsetCommitsAtCall = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final MockLoops.Consumer consumer = new MockLoops.Consumer();
    private final Producer producer = new Producer();
    private StepLoop loop;

    @AfterEach
    void stop() throws InterruptedException {
        threads.stop();
    }

    @Test
    void shouldStartATaskFetchedAroundAStallOnlyAfterACommitConfirmedTheMembership() {
        // Given a loop that owns a partition and has run one task
        int commitsBeforeStall = startAndRunOneTask(STALL_CONFIRM);

        // When the loop is stalled for 10 s and then fetches a task, while commits are held
        producer.hold = new CountDownLatch(1);
        stallThenFetch();

        // Then the call waits for the confirming transaction
        await().atMost(Duration.ofSeconds(30)).until(producer.holding::get);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);

        // and starts once it committed, with the partition's offsets
        producer.hold.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> finished().size() == 2);
        assertThat(offsetCommitsAtCall.get("p-2")).isGreaterThan(commitsBeforeStall);
        assertThat(producer.consumerGroupOffsetsHistory().get(commitsBeforeStall))
                .containsKey(consumer.groupMetadata().groupId())
                .satisfies(byGroup -> assertThat(
                                byGroup.get(consumer.groupMetadata().groupId()))
                        .containsKey(P0));
    }

    @Test
    void shouldNeverStartATaskFetchedAroundAStallWhenTheMemberWasFencedMeanwhile() {
        // Given a loop that owns a partition and has run one task
        startAndRunOneTask(STALL_CONFIRM);

        // When the loop is stalled past its session, its partition went to another member (the group coordinator
        // refuses its offsets), and it fetches a task before it has heard of that
        producer.sendOffsetsToTransactionException = new CommitFailedException("member fenced: a newer generation");
        stallThenFetch();

        // Then the task waits while the confirming transaction is refused
        await().atMost(Duration.ofSeconds(30)).until(producer::transactionAborted);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);

        // and when the consumer then learns that it lost the partition, the task is dropped, never run
        consumer.schedulePollTask(() -> consumer.rebalance(List.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> loop.assignment().isEmpty());
        producer.sendOffsetsToTransactionException = null;
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);
        assertThat(offsetCommitsAtCall).containsOnlyKeys("p-1");
    }

    @Test
    void shouldNotConfirmWithoutAGenerationUntilTheConsumerHasJoinedAgain() {
        // Given a loop that owns a partition and has run one task
        int commitsBeforeStall = startAndRunOneTask(STALL_CONFIRM);

        // When the loop is stalled and its consumer, told by a heartbeat that it left the group, has no generation
        // (a commit without one is not checked by the coordinator: it cannot confirm anything)
        consumer.generation = -1;
        stallThenFetch();

        // Then nothing starts and nothing is committed while it has none
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);
        assertThat(producer.consumerGroupOffsetsHistory()).hasSize(commitsBeforeStall);

        // and once it has joined again (keeping the partition), a confirming commit lets the task start
        consumer.generation = 2;
        await().atMost(Duration.ofSeconds(30)).until(() -> finished().size() == 2);
        assertThat(offsetCommitsAtCall.get("p-2")).isGreaterThan(commitsBeforeStall);
    }

    @Test
    void shouldStartTasksAtOnceWhenTheCheckIsOff() {
        // Given a loop without the check
        int commitsBeforeStall = startAndRunOneTask(Duration.ZERO);

        // When it is stalled and fetches a task
        stallThenFetch();

        // Then the call starts before any further commit (what the check exists to prevent)
        await().atMost(Duration.ofSeconds(30)).until(() -> finished().size() == 2);
        assertThat(offsetCommitsAtCall.get("p-2")).isEqualTo(commitsBeforeStall);
    }

    // ---- fixtures ----

    /**
     * Starts the loop, gives it the partition and a task of plan {@code p-1}, and waits for its result.
     *
     * @return the offset commits so far
     */
    private int startAndRunOneTask(Duration stallConfirm) {
        start(stallConfirm);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.addRecord(task(0, "p-1"));
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> finished().size() == 1);
        return producer.consumerGroupOffsetsHistory().size();
    }

    /** The loop stalls for 10 s (by its clock), then fetches a task of plan {@code p-2}. */
    private void stallThenFetch() {
        consumer.schedulePollTask(() -> {
            skewNanos.addAndGet(Duration.ofSeconds(10).toNanos());
            consumer.addRecord(task(1, "p-2"));
        });
    }

    private void start(Duration stallConfirm) {
        ToolSpec spec = ToolSpec.builder("fetch")
                .touchesNothing()
                .idempotent(true)
                .latencyClass(LatencyClass.FAST)
                .timeoutMs(10_000)
                .build();
        Toolbox toolbox = new Toolbox().register(Tool.sync(spec, (args, context) -> {
            calls.incrementAndGet();
            offsetCommitsAtCall.put(
                    String.valueOf(args.get("plan")),
                    producer.consumerGroupOffsetsHistory().size());
            return "fetched";
        }));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        loop = threads.run(new StepLoop(
                MockLoops.settings(stallConfirm),
                consumer,
                producer,
                threads.resources(toolbox),
                () -> System.nanoTime() + skewNanos.get()));
    }

    private static ConsumerRecord<byte[], byte[]> task(long offset, String planId) {
        return MockLoops.task(offset, planId, "fetch", true);
    }

    private List<StepResult> finished() {
        return MockLoops.finished(producer);
    }

    /** A producer whose commits wait while the test holds them. */
    private static final class Producer extends MockLoops.HoldingProducer {}
}
