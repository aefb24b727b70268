package io.planexec.executor.kafka;

import io.planexec.executor.offsets.PartitionOffsets;
import org.apache.kafka.common.TopicPartition;

/**
 * One owned partition: its offset tracking and what was last committed for it. A new object per assignment, so a task
 * of an earlier assignment is recognised as an orphan ({@code loop.owner(p) != task.partition()}).
 */
final class PartitionState {

    private final TopicPartition topicPartition;
    private final PartitionOffsets offsets;
    private long committedOffset;
    private String committedMetadata;
    private boolean revoking;

    PartitionState(TopicPartition topicPartition, PartitionOffsets offsets, long committedOffset, String metadata) {
        this.topicPartition = topicPartition;
        this.offsets = offsets;
        this.committedOffset = committedOffset;
        this.committedMetadata = metadata == null ? "" : metadata;
    }

    TopicPartition topicPartition() {
        return topicPartition;
    }

    int partition() {
        return topicPartition.partition();
    }

    PartitionOffsets offsets() {
        return offsets;
    }

    /** Whether the offset or its metadata changed since the last commit. */
    boolean needsCommit() {
        long offset = offsets.commitOffset();
        return offset >= 0 && (offset != committedOffset || !offsets.metadata().equals(committedMetadata));
    }

    void committed(long offset, String metadata) {
        committedOffset = offset;
        committedMetadata = metadata;
    }

    /** Being handed over: no task of it may start. */
    boolean revoking() {
        return revoking;
    }

    void revoke() {
        revoking = true;
    }

    @Override
    public String toString() {
        return topicPartition.toString();
    }
}
