package io.planexec.executor.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.executor.metrics.ExecutorMeter;
import io.planexec.executor.metrics.ExecutorMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A fenced transaction on {@link MockProducer}s and a clock the test moves: one the coordinator aborted for its
 * timeout is sent again by a new producer; one fenced sooner, or after the process was paused, stops the loop.
 */
class TransactionsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final TopicPartition TASKS = new TopicPartition("steps.fast", 0);
    private static final String FENCED =
            "There is a newer producer with the same transactionalId which fences the" + " current one.";

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final AtomicBoolean paused = new AtomicBoolean();
    private final List<Producer> made = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Transactions transactions = new Transactions(
            () -> {
                Producer p = new Producer();
                made.add(p);
                return p;
            },
            "planexec-executor-exec-1-fast",
            "fast",
            new ExecutorMetrics(registry),
            TIMEOUT,
            clock::get,
            since -> paused.get());

    @Test
    void shouldSendTheRecordsAgainWithANewProducerWhenTheCoordinatorAbortedATransactionForItsTimeout() {
        // Given a transaction whose records are held up (a broker out of reach) past the transaction timeout, and the
        // coordinator's abort, which bumped the epoch, reported to the producer as fenced
        transactions.init();
        Producer first = made.get(0);
        first.takes = TIMEOUT.plusSeconds(2);
        first.fence = true;

        // When it commits
        boolean committed = transactions.commit(List.of(record("r1")), offsets(7), group());

        // Then it did not commit, but may be tried again: a new producer holds the transactional id
        assertThat(committed).isFalse();
        assertThat(made).hasSize(2);
        assertThat(first.closed()).isTrue();
        Producer second = made.get(1);
        assertThat(second.transactionInitialized()).isTrue();

        // and the next try commits the records and offsets with it
        assertThat(transactions.commit(List.of(record("r1")), offsets(7), group()))
                .isTrue();
        assertThat(second.history())
                .extracting(r -> new String(r.value(), UTF_8))
                .containsExactly("r1");
        assertThat(second.consumerGroupOffsetsHistory()).hasSize(1);
        assertThat(registry.get(ExecutorMeter.TRANSACTION_FAILURES.meterName())
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldStopWhenFencedBeforeTheTimeoutCouldHaveEndedTheTransaction() {
        // Given a transaction fenced after 2 s: only another producer with the id can have done that
        transactions.init();
        made.get(0).takes = Duration.ofSeconds(2);
        made.get(0).fence = true;

        // Then the loop stops, saying why, and no producer takes the id back
        assertThatThrownBy(() -> transactions.commit(List.of(record("r1")), offsets(7), group()))
                .isInstanceOf(FatalLoopException.class)
                .hasMessageContaining("another executor process with the same executor.instance.id took over"
                        + " transactional id 'planexec-executor-exec-1-fast'");
        assertThat(made).hasSize(1);
    }

    @Test
    void shouldStopWhenFencedAfterThisProcessWasPaused() {
        // Given a transaction open past the timeout because the process was frozen: it may have been replaced
        transactions.init();
        made.get(0).takes = TIMEOUT.plusSeconds(5);
        made.get(0).fence = true;
        paused.set(true);

        // Then the loop stops rather than fence a process that replaced this one
        assertThatThrownBy(() -> transactions.commit(List.of(record("r1")), offsets(7), group()))
                .isInstanceOf(FatalLoopException.class)
                .hasMessageContaining("after this process was paused");
        assertThat(made).hasSize(1);
    }

    @Test
    void shouldRecogniseAFenceWrappedInTheProducersErrorState() {
        // Given a producer that reports the fence wrapped, as its later calls do once it is in an error state
        transactions.init();
        made.get(0).takes = TIMEOUT.plusSeconds(1);
        made.get(0).wrapped = true;

        assertThat(transactions.commit(List.of(record("r1")), offsets(7), group()))
                .isFalse();
        assertThat(made).hasSize(2);
    }

    @Test
    void shouldTryInitialisingTransactionsAgainAfterATimeout() {
        // Given a coordinator that does not answer the first two tries (max.block.ms passes)
        Producer first = new Producer();
        first.initTimeouts = 2;
        Transactions t = new Transactions(
                () -> first, "tx", "fast", new ExecutorMetrics(registry), TIMEOUT, clock::get, since -> false);

        t.init();

        assertThat(first.transactionInitialized()).isTrue();

        // and gives up after the third
        Producer never = new Producer();
        never.initTimeouts = 3;
        Transactions t2 = new Transactions(
                () -> never, "tx", "fast", new ExecutorMetrics(registry), TIMEOUT, clock::get, since -> false);
        assertThatThrownBy(t2::init)
                .isInstanceOf(FatalLoopException.class)
                .hasMessageContaining("cannot initialise transactions (timed out 3 times)");
    }

    @Test
    void shouldNoticeAPauseOfTheProcessFromTheMonitorsTicks() {
        AtomicLong now = new AtomicLong(0);
        ProcessPauses pauses = new ProcessPauses(now::get);
        long began = TimeUnit.MILLISECONDS.toNanos(50);

        // ticks every 100 ms: no pause
        for (int i = 1; i <= 5; i++) {
            now.set(TimeUnit.MILLISECONDS.toNanos(100L * i));
            pauses.tick();
        }
        assertThat(pauses.pausedSince(began)).isFalse();

        // frozen for 15 s: before the monitor has woken, it seems paused now; after, the pause is remembered
        now.addAndGet(TimeUnit.SECONDS.toNanos(15));
        assertThat(pauses.pausedSince(began)).isTrue();
        pauses.tick();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        pauses.tick();
        assertThat(pauses.pausedSince(began)).isTrue();
        assertThat(pauses.pausedSince(now.get())).isFalse();
    }

    private static ProducerRecord<byte[], byte[]> record(String value) {
        return new ProducerRecord<>("step-results", value.getBytes(UTF_8));
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(long offset) {
        return Map.of(TASKS, new OffsetAndMetadata(offset));
    }

    @SuppressWarnings("removal") // a group's metadata without a consumer: Kafka makes it only inside a real one
    private static ConsumerGroupMetadata group() {
        return new ConsumerGroupMetadata("planexec-executor-fast", 1, "member-1", Optional.empty());
    }

    /** A mock producer whose commit takes a while on the test's clock and may end fenced. */
    private final class Producer extends MockProducer<byte[], byte[]> {
        Duration takes = Duration.ZERO;
        boolean fence;
        boolean wrapped;
        int initTimeouts;

        Producer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized void initTransactions() {
            if (initTimeouts-- > 0) {
                throw new TimeoutException("Timeout expired after 60000ms while awaiting InitProducerId");
            }
            super.initTransactions();
        }

        @Override
        public synchronized void commitTransaction() {
            clock.addAndGet(takes.toNanos());
            if (fence) {
                throw new ProducerFencedException(FENCED);
            }
            if (wrapped) {
                throw new KafkaException(
                        "Cannot execute transactional method because we are in an error state",
                        new ProducerFencedException(FENCED));
            }
            super.commitTransaction();
        }
    }
}
