package io.planexec.executor.kafka;

import io.planexec.executor.metrics.ExecutorMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApplicationRecoverableException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer loop's transactional producer: each commit publishes a batch of records together with the consumed
 * offsets (EOS v2: {@code sendOffsetsToTransaction} with the consumer's group metadata), all or nothing.
 *
 * <p>A fenced producer means one of two things. Another process took over the transactional id (an executor started
 * with this one's instance id): this one must stop, as a zombie. Or the transaction coordinator aborted a transaction
 * that stayed open longer than {@code transaction.timeout.ms} (a broker out of reach held up its records) and bumped
 * the epoch, which the producer then reports as fenced, as Kafka does. Kafka Streams treats both alike: it makes a new
 * producer. Here the second is told from the first by two facts: the transaction was open at least the timeout, and
 * this process was not paused meanwhile (a paused process may have been replaced; {@link ProcessPauses}). Then a new
 * producer takes the transactional id back and the aborted records are sent again in the next transaction, instead of
 * the process stopping and the results of the calls it made being lost.
 */
final class Transactions {

    private static final Logger LOGGER = LoggerFactory.getLogger(Transactions.class);
    private static final int TIMEOUT_RETRIES = 3;

    private final Supplier<Producer<byte[], byte[]>> producers;
    private final String transactionalId;
    private final String queue;
    private final ExecutorMetrics metrics;
    private final long timeoutNanos;
    private final LongSupplier nanoClock;
    private final LongPredicate pausedSince;
    /** The producer in use; replaced (on the commit thread) after a timed-out transaction. */
    private volatile Producer<byte[], byte[]> producer;

    /**
     * @param producers makes the loop's transactional producer: once now, and again after a timed-out transaction
     * @param transactionTimeout the producers' {@code transaction.timeout.ms}
     * @param pausedSince whether this process was paused after a time of {@code nanoClock}
     */
    Transactions(
            Supplier<Producer<byte[], byte[]>> producers,
            String transactionalId,
            String queue,
            ExecutorMetrics metrics,
            Duration transactionTimeout,
            LongSupplier nanoClock,
            LongPredicate pausedSince) {
        this.producers = producers;
        this.transactionalId = transactionalId;
        this.queue = queue;
        this.metrics = metrics;
        this.timeoutNanos = transactionTimeout.toNanos();
        this.nanoClock = nanoClock;
        this.pausedSince = pausedSince;
        this.producer = producers.get();
    }

    /** Registers the transactional id, fencing any earlier producer with it and ending its open transaction. */
    void init() {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.initTransactions();
                return;
            } catch (TimeoutException e) {
                // initTransactions may be called again after a timeout (the cluster, or its coordinator, was away)
                if (attempt >= TIMEOUT_RETRIES) {
                    throw fatal("cannot initialise transactions (timed out " + attempt + " times)", e);
                }
                LOGGER.warn("transaction=init_timeout transactional_id={} attempt={}", transactionalId, attempt);
            } catch (KafkaException e) {
                throw fatal("cannot initialise transactions", e);
            }
        }
    }

    /**
     * Publishes the records and commits the offsets in one transaction.
     *
     * @return {@code true} when committed; {@code false} when the transaction was aborted and may be tried again
     * @throws FatalLoopException when the producer cannot go on (fenced by another process, not authorised, broken)
     */
    @SuppressWarnings("FutureReturnValueIgnored") // a failed send fails the transaction's commit, which is checked
    boolean commit(
            List<ProducerRecord<byte[], byte[]>> records,
            Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group) {
        long begun = nanoClock.getAsLong();
        try {
            producer.beginTransaction();
            // Records first, as Kafka Streams does: the produce requests travel while sendOffsetsToTransaction waits
            // for the group coordinator, instead of starting only after it returned (see docs/architecture.md).
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record);
            }
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, group);
            }
            commitTransaction();
            metrics.transaction(queue, nanoClock.getAsLong() - begun, records.size());
            return true;
        } catch (KafkaException e) {
            if (fenced(e)) {
                return timedOut(begun, records.size(), e);
            }
            if (e instanceof ApplicationRecoverableException
                    || e instanceof AuthorizationException
                    || e instanceof UnsupportedVersionException
                    || e instanceof OutOfOrderSequenceException) {
                throw fatal("transaction failed", e);
            }
            metrics.transactionFailed(queue);
            LOGGER.warn(
                    "transaction=aborted transactional_id={} records={} partitions={} error=\"{}\"",
                    transactionalId,
                    records.size(),
                    offsets.keySet(),
                    e.toString());
            abort();
            return false;
        } catch (IllegalStateException e) {
            throw fatal("transaction failed", e);
        }
    }

    /**
     * A fenced transaction: when it was open at least the transaction timeout and the process was not paused, the
     * coordinator aborted it; a new producer takes the id back ({@code false}: try again). Else another process has
     * taken over (fatal).
     */
    private boolean timedOut(long begun, int records, KafkaException e) {
        long openNanos = nanoClock.getAsLong() - begun;
        if (openNanos < timeoutNanos) {
            throw fatal("transaction failed", e);
        }
        if (pausedSince.test(begun)) {
            throw fatal("transaction fenced after this process was paused (another process may have replaced it)", e);
        }
        metrics.transactionFailed(queue);
        LOGGER.warn(
                "transaction=timed_out transactional_id={} records={} open_ms={} error=\"{}\" effect=\"the"
                        + " coordinator aborted the transaction after transaction.timeout.ms; a new producer takes the"
                        + " transactional id back and the records are sent again\"",
                transactionalId,
                records,
                TimeUnit.NANOSECONDS.toMillis(openNanos),
                e.toString());
        Producer<byte[], byte[]> fencedProducer = producer;
        try {
            fencedProducer.close(Duration.ZERO);
        } catch (RuntimeException closeFailed) {
            LOGGER.warn(
                    "transactional_id={} fenced_producer_close_failed=\"{}\"", transactionalId, closeFailed.toString());
        }
        producer = producers.get();
        init();
        return false;
    }

    /** Whether the producer was fenced (by the coordinator's epoch bump, or by another producer with the id). */
    private static boolean fenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    private void commitTransaction() {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt >= TIMEOUT_RETRIES) {
                    throw fatal("the transaction's commit timed out " + attempt + " times", e);
                }
                LOGGER.warn("transaction=commit_timeout transactional_id={} attempt={}", transactionalId, attempt);
            }
        }
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            throw fatal("cannot abort a failed transaction", e);
        }
    }

    /** Closes the producer in use. */
    void close(Duration timeout) {
        producer.close(timeout);
    }

    private FatalLoopException fatal(String what, Exception e) {
        String why = fenced(e)
                ? "another executor process with the same executor.instance.id took over transactional id '"
                        + transactionalId + "' (give each process its own id)"
                : e.toString();
        return new FatalLoopException(
                "queue " + queue + ": " + what + " (transactional id '" + transactionalId + "'): " + why, e);
    }
}
