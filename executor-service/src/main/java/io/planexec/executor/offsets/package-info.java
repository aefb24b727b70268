/**
 * Offset tracking beyond the contiguous prefix: per partition, which tasks are finished or have started a
 * non-idempotent call, committed as compact offset metadata ({@link io.planexec.executor.offsets.OffsetMarks}) so a
 * consumer taking the partition over never re-runs or re-reports them.
 */
package io.planexec.executor.offsets;
