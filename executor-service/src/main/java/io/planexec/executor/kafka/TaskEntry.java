package io.planexec.executor.kafka;

import io.planexec.executor.call.TaskCall;
import io.planexec.executor.schedule.Schedulable;
import io.planexec.executor.tool.PreparedCall;
import io.planexec.model.RateLimit;
import io.planexec.model.StepTask;
import io.planexec.model.TraceContext;

/** A task received by a consumer loop, from its arrival to its end. Touched only by the loop thread. */
final class TaskEntry implements Schedulable {

    /**
     * Where the task is. The moves a stage allows are checked ({@link #canMoveTo}): a move outside them is a bug in
     * the loop, and fails loudly rather than run or drop a call it should not.
     *
     * <pre>
     *   QUEUED ────────────────────────────────────▶ RUNNING ──▶ ENDED
     *     │  (not idempotent)                          ▲
     *     ├──▶ AWAITING_START ──▶ NOTICE_COMMITTING ───┘ (its STARTED notice committed)
     *     │         ▲   │               │
     *     │         │   │               └──▶ AWAITING_START (the transaction did not commit)
     *     │         │   └──▶ ENDED (dropped: its partition was handed over, or shutdown)
     *     └──▶ ENDED (without a call: tool not served, bad arguments, deadline or start-by time passed)
     * </pre>
     */
    enum Stage {
        /** Received, waiting for its key, its tool's cap and rate, and a slot. */
        QUEUED,
        /** Its STARTED notice must commit before the call (non-idempotent). */
        AWAITING_START,
        /**
         * Its STARTED notice is in a transaction being committed: it may be committed already, so the task can no
         * longer be dropped; the call is made once the transaction commits (or it goes back to AWAITING_START).
         */
        NOTICE_COMMITTING,
        /** Its call runs (with its retries). */
        RUNNING,
        /** Settled: its key, cap slot and in-flight slot are free again. */
        ENDED;

        /** Whether a task may move from this stage to {@code next}. */
        boolean canMoveTo(Stage next) {
            return switch (this) {
                case QUEUED -> next == AWAITING_START || next == RUNNING || next == ENDED;
                case AWAITING_START -> next == NOTICE_COMMITTING || next == ENDED;
                case NOTICE_COMMITTING -> next == AWAITING_START || next == RUNNING;
                case RUNNING -> next == ENDED;
                case ENDED -> false;
            };
        }
    }

    private final PartitionState partition;
    private final long offset;
    private final long sequence;
    private final String key;
    private final StepTask task;
    private final long receivedNanos;
    private final TraceContext trace;

    private Stage stage = Stage.QUEUED;
    private boolean idempotent;
    private PreparedCall prepared;
    private TaskCall call;
    private Integer cap;
    private RateLimit rateReservation;
    private boolean outcomeDropped;
    private boolean reported;

    /** @param trace the plan's trace context from the task's record headers, or {@code null} */
    TaskEntry(
            PartitionState partition,
            long offset,
            long sequence,
            String key,
            StepTask task,
            long receivedNanos,
            TraceContext trace) {
        this.trace = trace;
        this.partition = partition;
        this.offset = offset;
        this.sequence = sequence;
        this.key = key;
        this.task = task;
        this.receivedNanos = receivedNanos;
    }

    @Override
    public String orderingKey() {
        return key;
    }

    @Override
    public String tool() {
        return task.tool();
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public int partition() {
        return partition.partition();
    }

    PartitionState owner() {
        return partition;
    }

    long offset() {
        return offset;
    }

    StepTask task() {
        return task;
    }

    /** The plan's trace context, carried on to the tool and on the records this task's results go in. */
    TraceContext trace() {
        return trace;
    }

    long receivedNanos() {
        return receivedNanos;
    }

    Stage stage() {
        return stage;
    }

    /** Moves the task to {@code next}; throws when the stage it is in does not allow the move. */
    void stage(Stage next) {
        if (!stage.canMoveTo(next)) {
            throw new IllegalStateException("task " + this + " cannot go from " + stage + " to " + next);
        }
        this.stage = next;
    }

    boolean idempotent() {
        return idempotent;
    }

    PreparedCall prepared() {
        return prepared;
    }

    Integer cap() {
        return cap;
    }

    void admitted(boolean idempotent, PreparedCall prepared, Integer cap) {
        this.idempotent = idempotent;
        this.prepared = prepared;
        this.cap = cap;
    }

    TaskCall call() {
        return call;
    }

    /** The rate limit it holds a reservation of (admitted, its call not started yet); {@code null} for none. */
    RateLimit rateReservation() {
        return rateReservation;
    }

    void rateReservation(RateLimit rateReservation) {
        this.rateReservation = rateReservation;
    }

    void call(TaskCall call) {
        this.call = call;
    }

    /** Whether its call's outcome has been handled (its result is in the outbox, or it was dropped). */
    boolean reported() {
        return reported;
    }

    void markReported() {
        reported = true;
    }

    /** Its outcome must not be published (an idempotent call cancelled for a hand-over: another executor re-runs it). */
    boolean outcomeDropped() {
        return outcomeDropped;
    }

    void dropOutcome() {
        outcomeDropped = true;
    }

    @Override
    public String toString() {
        return partition + "@" + offset + " " + task.idempotencyKey();
    }
}
