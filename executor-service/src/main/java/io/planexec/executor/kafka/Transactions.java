package io.planexec.executor.kafka;

import io.planexec.executor.metrics.ExecutorMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApplicationRecoverableException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer loop's transactional producer: each commit publishes a batch of records together with the consumed
 * offsets (EOS v2: {@code sendOffsetsToTransaction} with the consumer's group metadata), all or nothing.
 */
final class Transactions {

    private static final Logger LOGGER = LoggerFactory.getLogger(Transactions.class);
    private static final int COMMIT_TIMEOUT_RETRIES = 3;

    private final Producer<byte[], byte[]> producer;
    private final String transactionalId;
    private final String queue;
    private final ExecutorMetrics metrics;

    Transactions(Producer<byte[], byte[]> producer, String transactionalId, String queue, ExecutorMetrics metrics) {
        this.producer = producer;
        this.transactionalId = transactionalId;
        this.queue = queue;
        this.metrics = metrics;
    }

    /** Registers the transactional id, fencing any earlier producer with it and ending its open transaction. */
    void init() {
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            throw fatal("cannot initialise transactions", e);
        }
    }

    /**
     * Publishes the records and commits the offsets in one transaction.
     *
     * @return {@code true} when committed; {@code false} when the transaction was aborted and may be tried again
     * @throws FatalLoopException when the producer cannot go on (fenced, not authorised, broken)
     */
    @SuppressWarnings("FutureReturnValueIgnored") // a failed send fails the transaction's commit, which is checked
    boolean commit(
            List<ProducerRecord<byte[], byte[]>> records,
            Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group) {
        long start = System.nanoTime();
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
            metrics.transaction(queue, System.nanoTime() - start, records.size());
            return true;
        } catch (ApplicationRecoverableException
                | AuthorizationException
                | UnsupportedVersionException
                | OutOfOrderSequenceException
                | IllegalStateException e) {
            throw fatal("transaction failed", e);
        } catch (KafkaException e) {
            metrics.transactionFailed(queue);
            LOGGER.warn(
                    "transaction=aborted transactional_id={} records={} partitions={} error=\"{}\"",
                    transactionalId,
                    records.size(),
                    offsets.keySet(),
                    e.toString());
            abort();
            return false;
        }
    }

    private void commitTransaction() {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt >= COMMIT_TIMEOUT_RETRIES) {
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

    private FatalLoopException fatal(String what, Exception e) {
        String why = e instanceof ProducerFencedException
                ? "another executor process with the same executor.instance.id took over transactional id '"
                        + transactionalId + "' (give each process its own id)"
                : e.toString();
        return new FatalLoopException(
                "queue " + queue + ": " + what + " (transactional id '" + transactionalId + "'): " + why, e);
    }
}
