package io.planexec.executor.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of one consumer loop.
 *
 * @param queue the task queue served
 * @param topic its step topic
 * @param executor the instance id reported in results
 * @param transactionalId the loop's transactional id
 * @param pollMax the longest wait in {@code poll} while idle
 * @param revokeGrace how long calls of partitions being handed over may finish
 * @param shutdownGrace how long running calls may finish on shutdown
 * @param maxBuffered tasks waiting to start at which fetching pauses
 * @param maxOffsetSpan how far above its partition's oldest unfinished task a task may start
 * @param commitLinger how long a result may wait for calls started less than this long ago, to share a transaction
 * @param stallConfirm after a stall of the loop this long, fetched tasks start only once a transaction with the
 *     consumer's group metadata has committed (zero: never)
 * @param leaveGroupOnClose whether the consumer leaves its group when the loop closes, also as a static member
 * @param transactionTimeout the producer's {@code transaction.timeout.ms}: a transaction fenced after being open this
 *     long was aborted by its coordinator, not taken over (see {@link Transactions})
 */
public record LoopSettings(
        String queue,
        String topic,
        String executor,
        String transactionalId,
        Duration pollMax,
        Duration revokeGrace,
        Duration shutdownGrace,
        int maxBuffered,
        int maxOffsetSpan,
        Duration commitLinger,
        Duration stallConfirm,
        boolean leaveGroupOnClose,
        Duration transactionTimeout) {

    public LoopSettings {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(pollMax, "pollMax");
        Objects.requireNonNull(revokeGrace, "revokeGrace");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(commitLinger, "commitLinger");
        Objects.requireNonNull(stallConfirm, "stallConfirm");
        Objects.requireNonNull(transactionTimeout, "transactionTimeout");
    }
}
