package io.planexec.executor.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer loop's life on Kafka's mock clients: a transaction that aborts puts its records back ahead of those
 * added since, an unreadable record becomes a dead letter without stopping the partition, and a loop that stops lets
 * its running call finish, commits the result and closes its consumer.
 */
class StepLoopLifecycleTest {

    private static final TopicPartition P0 = MockLoops.P0;

    private final MockLoops.Threads threads = new MockLoops.Threads();
    private final MockLoops.Consumer consumer = new MockLoops.Consumer();
    private final Producer producer = new Producer();
    private final MockLoops.GatedFetch fetch = new MockLoops.GatedFetch();
    private StepLoop loop;

    @AfterEach
    void stop() throws InterruptedException {
        threads.stop();
    }

    @Test
    void shouldPutTheRecordsOfAnAbortedTransactionBackAheadOfThoseAddedSince() {
        // Given a loop whose first transaction, holding the result of p-1, is held and will then fail
        start();
        producer.hold = new CountDownLatch(1);
        producer.failNext.set(true);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.addRecord(task(0, "p-1"));
        });
        await().atMost(Duration.ofSeconds(30)).until(producer.holding::get);

        // When p-2's result joins the outbox meanwhile, and the transaction aborts
        consumer.schedulePollTask(() -> consumer.addRecord(task(1, "p-2")));
        await().atMost(Duration.ofSeconds(30)).until(() -> fetch.called.size() == 2);
        producer.hold.countDown();

        // Then the next transaction publishes both, p-1's first, and commits the offset past both
        await().atMost(Duration.ofSeconds(30)).until(() -> finished().size() == 2);
        assertThat(producer.aborted.get()).isTrue();
        assertThat(finished()).extracting(StepResult::planId).containsExactly("p-1", "p-2");
        assertThat(MockLoops.committedOffset(producer)).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterAnUnreadableTaskAndGoOnWithTheNext() {
        // Given a loop that owns the partition
        start();

        // When it receives a record that is not a task, then a task
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.addRecord(new ConsumerRecord<>(
                    P0.topic(),
                    0,
                    0,
                    "k".getBytes(StandardCharsets.UTF_8),
                    "{not json".getBytes(StandardCharsets.UTF_8)));
            consumer.addRecord(task(1, "p-1"));
        });

        // Then the record goes to the dead letters with the error, the task runs, and the offset passes both
        await().atMost(Duration.ofSeconds(30))
                .until(() -> finished().size() == 1 && MockLoops.committedOffset(producer) == 2);
        ProducerRecord<byte[], byte[]> dead = producer.history().stream()
                .filter(r -> r.topic().equals(MockLoops.TOPICS.deadLetters()))
                .findFirst()
                .orElseThrow();
        assertThat(dead.value()).isEqualTo("{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(dead.headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET).value())
                .isEqualTo("0".getBytes(StandardCharsets.UTF_8));
        assertThat(finished())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(StepStatus.SUCCEEDED));
    }

    @Test
    void shouldLetTheRunningCallFinishCommitItsResultAndCloseTheConsumerWhenStopped() throws Exception {
        // Given a loop running a call that has not returned
        fetch.gate = new CountDownLatch(1);
        start();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.addRecord(task(0, "p-1"));
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> fetch.called.size() == 1);

        // When the loop is asked to stop, and the call returns within the shutdown grace
        Thread stopper = new Thread(loop::stop);
        stopper.start();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !consumer.closed());
        fetch.gate.countDown();
        stopper.join(10_000);

        // Then its result and offset were committed before the consumer closed, and the loop ended cleanly
        await().atMost(Duration.ofSeconds(30)).until(consumer::closed);
        assertThat(finished())
                .singleElement()
                .satisfies(r -> assertThat(r.planId()).isEqualTo("p-1"));
        assertThat(MockLoops.committedOffset(producer)).isEqualTo(1);
        assertThat(loop.stopped()).succeedsWithin(Duration.ofSeconds(10));
    }

    // ---- fixtures ----

    private void start() {
        loop = threads.run(consumer, producer, fetch.toolbox());
    }

    private static ConsumerRecord<byte[], byte[]> task(long offset, String planId) {
        return MockLoops.GatedFetch.task(offset, planId);
    }

    private List<StepResult> finished() {
        return MockLoops.finished(producer);
    }

    /** A producer that holds only a transaction with a step result, and then may fail it as a broker error would. */
    private static final class Producer extends MockLoops.HoldingProducer {

        final AtomicBoolean failNext = new AtomicBoolean();
        final AtomicBoolean aborted = new AtomicBoolean();

        /** Whether the open transaction holds a step result (a commit of offsets alone is not held). */
        private volatile boolean withResult;

        @Override
        public void beginTransaction() {
            withResult = false;
            super.beginTransaction();
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            if (record.topic().equals(MockLoops.TOPICS.stepResults())) {
                withResult = true;
            }
            return super.send(record, callback);
        }

        @Override
        boolean holds() {
            return withResult;
        }

        @Override
        void released() {
            hold = null;
            if (failNext.compareAndSet(true, false)) {
                throw new KafkaException("the broker lost the transaction's coordinator");
            }
        }

        @Override
        public void abortTransaction() {
            aborted.set(true);
            super.abortTransaction();
        }
    }
}
