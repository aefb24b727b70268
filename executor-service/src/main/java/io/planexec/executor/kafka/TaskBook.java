package io.planexec.executor.kafka;

import io.planexec.executor.call.CallEnvironment;
import io.planexec.executor.call.CallOutcome;
import io.planexec.executor.call.TaskCall;
import io.planexec.executor.metrics.ExecutorMetrics;
import io.planexec.executor.schedule.InFlightLimit;
import io.planexec.executor.schedule.KeyedQueue;
import io.planexec.executor.schedule.ToolPermits;
import io.planexec.executor.tool.InvalidArgumentsException;
import io.planexec.executor.tool.PreparedCall;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolSelection;
import io.planexec.faults.CrashPoint;
import io.planexec.model.RateLimit;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks of one consumer loop, from arrival to end: queued by key ({@link KeyedQueue}), admitted under the tool's
 * cap and the in-flight limit, checked (tool served, arguments, deadline, start-by time), run ({@link TaskCall}), and turned into
 * records in the {@link Outbox}. A non-idempotent task first puts a STARTED notice in the outbox; its call is made
 * only once the transaction holding the notice has committed ({@link #committed}).
 *
 * <p>Touched only by the loop thread, except {@link #completions}, which worker threads fill.
 */
final class TaskBook implements CommitPipeline.CommitListener {

    private static final Logger LOGGER = LoggerFactory.getLogger(TaskBook.class);

    private final String stepQueue;
    private final ToolSelection tools;
    private final ToolPermits permits;
    private final InFlightLimit inFlight;
    private final CallEnvironment env;
    private final ExecutorMetrics metrics;
    private final TaskRecords records;
    private final LoopSignal signal;
    private final Predicate<PartitionState> owned;

    private final KeyedQueue<TaskEntry> queue = new KeyedQueue<>();
    private final Set<TaskEntry> active = new LinkedHashSet<>();
    private final Set<TaskEntry> awaitingStart = new LinkedHashSet<>();
    private final Outbox outbox = new Outbox();
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final CommitLinger<TaskEntry> linger;
    /** When a task waiting for its tool's rate limit may start (the earliest such); 0 when none waits. */
    private long rateWakeAtNanos;

    TaskBook(
            String stepQueue,
            ToolSelection tools,
            ToolPermits permits,
            InFlightLimit inFlight,
            CallEnvironment env,
            ExecutorMetrics metrics,
            TaskRecords records,
            LoopSignal signal,
            Predicate<PartitionState> owned,
            long commitLingerNanos) {
        this.stepQueue = stepQueue;
        this.tools = tools;
        this.permits = permits;
        this.inFlight = inFlight;
        this.env = env;
        this.metrics = metrics;
        this.records = records;
        this.signal = signal;
        this.owned = owned;
        this.linger = new CommitLinger<>(
                commitLingerNanos, entry -> !entry.reported() && entry.stage() == TaskEntry.Stage.RUNNING);
    }

    Outbox outbox() {
        return outbox;
    }

    /** Whether results wait for calls that started moments ago (see {@link CommitLinger}). */
    CommitLinger<TaskEntry> linger() {
        return linger;
    }

    void add(TaskEntry entry) {
        queue.add(entry);
    }

    /** Tasks waiting to start. */
    int buffered() {
        return queue.size();
    }

    boolean hasCompletions() {
        return !completions.isEmpty();
    }

    boolean hasActive(Predicate<PartitionState> partitions) {
        for (TaskEntry entry : active) {
            if (partitions.test(entry.owner())) {
                return true;
            }
        }
        return false;
    }

    int active() {
        return active.size();
    }

    // ---- starting ----

    /** Starts every task that may start now. */
    void dispatch() {
        rateWakeAtNanos = 0;
        while (inFlight.tryAcquire()) {
            TaskEntry entry = queue.next(this::toolAdmits, this::mayStart);
            if (entry == null) {
                inFlight.release();
                return;
            }
            if (!admit(entry)) {
                return;
            }
        }
    }

    private boolean toolAdmits(String tool) {
        ToolSpec spec = tools.tool(tool).map(Tool::spec).orElse(null);
        if (spec == null) {
            return true; // admitted to be failed: the tool is not served
        }
        if (!permits.available(tool, spec.concurrencyCap())) {
            return false;
        }
        long wait = permits.rates().nanosUntilAvailable(tool, spec.rateLimit());
        if (wait > 0) {
            long at = System.nanoTime() + wait;
            rateWakeAtNanos = rateWakeAtNanos == 0 ? at : Math.min(rateWakeAtNanos, at);
            return false;
        }
        return true;
    }

    /**
     * How long the loop may wait before it must look again because a tool's rate limit lets a waiting task start:
     * {@code Long.MAX_VALUE} when none waits for one.
     */
    long wakeInNanos() {
        if (rateWakeAtNanos == 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, rateWakeAtNanos - System.nanoTime());
    }

    private boolean mayStart(TaskEntry entry) {
        PartitionState partition = entry.owner();
        return !partition.revoking() && partition.offsets().mayStart(entry.offset());
    }

    /** Starts or ends a task handed out by the queue; {@code false} when it had to go back (its cap filled up). */
    private boolean admit(TaskEntry entry) {
        StepTask task = entry.task();
        Optional<Tool> tool = tools.tool(task.tool());
        Integer cap = tool.map(t -> t.spec().concurrencyCap()).orElse(null);
        if (!permits.tryAcquire(task.tool(), cap)) {
            // Another class loop running the same tool took the last permit since next() looked.
            queue.putBack(entry);
            inFlight.release();
            return false;
        }
        RateLimit rate = tool.map(t -> t.spec().rateLimit()).orElse(null);
        if (!permits.rates().tryReserve(task.tool(), rate)) {
            // Another loop, or a retry, started a call of the tool since next() looked.
            permits.release(task.tool());
            queue.putBack(entry);
            inFlight.release();
            return false;
        }
        entry.rateReservation(rate);
        active.add(entry);
        if (tool.isEmpty()) {
            List<String> served = tools.names(stepQueue);
            endNow(
                    entry,
                    StepStatus.FAILED,
                    "tool '" + task.tool() + "' is not served by executor '" + env.executor() + "', which consumes"
                            + " queue '" + stepQueue + "' for the tools "
                            + (served.isEmpty() ? "(none)" : String.join(", ", served))
                            + ". Executors with different tools must consume different queues: start the executor"
                            + " of '" + task.tool() + "' with --queue NAME (executor.queue), so its tools' steps go"
                            + " to a topic of their own");
            return true;
        }
        PreparedCall prepared;
        try {
            prepared = tool.get().prepare(task.args());
        } catch (InvalidArgumentsException e) {
            endNow(entry, StepStatus.FAILED, e.getMessage());
            return true;
        }
        if (!env.clock().instant().isBefore(task.deadline())) {
            endNow(
                    entry,
                    StepStatus.TIMED_OUT,
                    "the plan's deadline " + task.deadline() + " passed before tool '" + task.tool()
                            + "' could start; it was not called");
            return true;
        }
        if (task.startBy() != null && !env.clock().instant().isBefore(task.startBy())) {
            endNow(
                    entry,
                    StepStatus.FAILED,
                    "the step was released at " + task.releasedAt() + " while no executor serving tool '"
                            + task.tool() + "' was running, and none started it by " + task.startBy()
                            + " (planner.unserved.timeout.ms); it was not called");
            return true;
        }
        boolean idempotent = task.idempotent() && tool.get().spec().idempotent();
        entry.admitted(idempotent, prepared, cap);
        if (idempotent) {
            launch(entry);
        } else {
            entry.stage(TaskEntry.Stage.AWAITING_START);
            awaitingStart.add(entry);
            entry.owner().offsets().started(entry.offset());
            outbox.add(new Outbox.Item(
                    Outbox.Kind.STARTED,
                    records.started(task, env.clock().instant(), entry.trace()),
                    entry,
                    entry.owner()));
        }
        return true;
    }

    private void launch(TaskEntry entry) {
        CrashPoint.EXECUTOR_BEFORE_CALL.reach();
        String tool = entry.tool();
        RateLimit rate = entry.rateReservation();
        // the call takes the reservation over: it is counted when the tool is invoked, or given back
        entry.rateReservation(null);
        TaskCall call = new TaskCall(
                env,
                entry.task(),
                entry.idempotent(),
                entry.prepared(),
                new Listener(entry),
                entry.trace(),
                rate == null ? TaskCall.StartGate.OPEN : new RateGate(tool, rate));
        entry.call(call);
        entry.stage(TaskEntry.Stage.RUNNING);
        linger.launched(entry, System.nanoTime());
        metrics.queueWait(stepQueue, System.nanoTime() - entry.receivedNanos());
        call.start();
    }

    /** A tool's rate limit as a call's attempts pass it. */
    private final class RateGate implements TaskCall.StartGate {
        private final String tool;
        private final RateLimit rate;

        RateGate(String tool, RateLimit rate) {
            this.tool = tool;
            this.rate = rate;
        }

        @Override
        public long tryReserve() {
            return permits.rates().tryReserve(tool, rate) ? 0 : permits.rates().nanosUntilAvailable(tool, rate);
        }

        @Override
        public void started() {
            permits.rates().start(tool, rate);
        }

        @Override
        public void cancelled() {
            permits.rates().cancel(tool, rate);
        }
    }

    /** Ends a task without a call (tool not served, bad arguments, deadline or start-by time passed). */
    private void endNow(TaskEntry entry, StepStatus status, String error) {
        onOutcome(entry, new CallOutcome(status, null, error, List.of()));
        onSettled(entry);
    }

    /**
     * A transaction is being committed with these records: the tasks whose STARTED notices it holds can no longer be
     * dropped (the notice may be committed whatever happens to this process next).
     */
    @Override
    public void committing(List<Outbox.Item> items) {
        for (Outbox.Item item : items) {
            if (item.kind() == Outbox.Kind.STARTED && item.entry().stage() == TaskEntry.Stage.AWAITING_START) {
                item.entry().stage(TaskEntry.Stage.NOTICE_COMMITTING);
            }
        }
    }

    /**
     * A transaction with these records did not commit: its STARTED notices wait for the next one, or, when their
     * partition has moved to another executor meanwhile, are dropped with their tasks (the new owner runs them).
     */
    @Override
    public void notCommitted(List<Outbox.Item> items) {
        for (Outbox.Item item : items) {
            TaskEntry entry = item.entry();
            if (item.kind() != Outbox.Kind.STARTED || entry.stage() != TaskEntry.Stage.NOTICE_COMMITTING) {
                continue;
            }
            entry.stage(TaskEntry.Stage.AWAITING_START);
            if (!owned.test(entry.owner())) {
                awaitingStart.remove(entry);
                outbox.dropStarted(entry);
                onSettled(entry);
            }
        }
    }

    /**
     * A transaction committed these records: the calls whose STARTED notices it held are made now. A committed notice is
     * a promise that the call is made: it is kept even when the task's partition has moved to another executor since
     * (that executor skips the task, which is marked STARTED; the result is published here without an offset, as for
     * a call running when its partition was handed over).
     *
     * @param nowNanos when it committed, for the pass time of the results it held
     */
    @Override
    public void committed(List<Outbox.Item> items, long nowNanos) {
        List<TaskEntry> toLaunch = new ArrayList<>();
        for (Outbox.Item item : items) {
            if (item.kind() == Outbox.Kind.RESULT) {
                metrics.pass(stepQueue, nowNanos - item.entry().receivedNanos());
            } else if (item.kind() == Outbox.Kind.STARTED) {
                toLaunch.add(item.entry());
            }
        }
        for (TaskEntry entry : toLaunch) {
            awaitingStart.remove(entry);
            if (entry.stage() != TaskEntry.Stage.NOTICE_COMMITTING) {
                continue;
            }
            if (!owned.test(entry.owner())) {
                LOGGER.info(
                        "task={} call=made_after_hand_over reason=\"its STARTED notice committed as its partition"
                                + " moved; the new owner skips it, its result is published without an offset\"",
                        entry);
            }
            launch(entry);
        }
    }

    // ---- ending ----

    /** Handles every outcome and settlement the calls reported. */
    void drainCompletions() {
        Completion completion;
        while ((completion = completions.poll()) != null) {
            if (completion instanceof Completion.Outcome outcome) {
                CrashPoint.EXECUTOR_CALL_RETURNED.reach();
                onOutcome(outcome.entry(), outcome.outcome());
            } else {
                onSettled(completion.entry());
            }
        }
    }

    private void onOutcome(TaskEntry entry, CallOutcome outcome) {
        entry.markReported();
        boolean stillOwned = owned.test(entry.owner());
        if (entry.outcomeDropped() || (!stillOwned && entry.idempotent())) {
            LOGGER.debug("task={} outcome=dropped status={} reason=\"partition handed over\"", entry, outcome.status());
            return;
        }
        TaskRecords.Finished finished =
                records.finished(entry.task(), outcome, env.clock().instant(), entry.trace());
        outbox.add(new Outbox.Item(Outbox.Kind.RESULT, finished.record(), entry, entry.owner()));
        metrics.result(stepQueue, finished.status());
        if (stillOwned) {
            entry.owner().offsets().done(entry.offset());
        } else {
            LOGGER.info(
                    "task={} status={} published_without_offset=true reason=\"partition handed over while the"
                            + " non-idempotent call ran; the new owner does not run it again\"",
                    entry,
                    finished.status());
        }
    }

    private void onSettled(TaskEntry entry) {
        if (!active.remove(entry)) {
            return;
        }
        entry.stage(TaskEntry.Stage.ENDED);
        queue.done(entry);
        if (entry.rateReservation() != null) {
            permits.rates().cancel(entry.tool(), entry.rateReservation());
            entry.rateReservation(null);
        }
        permits.release(entry.tool());
        inFlight.release();
    }

    // ---- hand-over and shutdown ----

    /**
     * Drops the tasks of the matching partitions that have not started: the waiting ones, and those whose STARTED
     * notice is still in the outbox (the notice is dropped and the offset is pending again). Another executor runs
     * them. Tasks whose notice is in a transaction being committed stay: that notice may be committed already, so their
     * calls are made when it is ({@link #committed}).
     */
    int dropNotStarted(Predicate<PartitionState> partitions) {
        int dropped = queue.removeIf(entry -> partitions.test(entry.owner())).size();
        for (TaskEntry entry : new ArrayList<>(awaitingStart)) {
            if (partitions.test(entry.owner()) && entry.stage() == TaskEntry.Stage.AWAITING_START) {
                awaitingStart.remove(entry);
                outbox.dropStarted(entry);
                entry.owner().offsets().revertStarted(entry.offset());
                onSettled(entry);
                dropped++;
            }
        }
        return dropped;
    }

    /**
     * Lets go of the running calls of the matching partitions: idempotent calls are cancelled and their outcomes
     * dropped (the next owner runs them again); non-idempotent calls are cancelled with {@code cancelReason} and
     * reported, or, when it is {@code null}, left to finish and reported then.
     */
    void releaseRunning(Predicate<PartitionState> partitions, String cancelReason) {
        for (TaskEntry entry : new ArrayList<>(active)) {
            if (!partitions.test(entry.owner()) || entry.call() == null) {
                continue;
            }
            if (entry.idempotent()) {
                entry.dropOutcome();
                entry.call().cancel("the executor let the call go (partition handed over or shutdown)");
            } else if (cancelReason != null) {
                entry.call().cancel(cancelReason);
            }
        }
    }

    private final class Listener implements TaskCall.Listener {
        private final TaskEntry entry;

        Listener(TaskEntry entry) {
            this.entry = entry;
        }

        @Override
        public void outcome(TaskCall call, CallOutcome outcome) {
            completions.add(new Completion.Outcome(entry, outcome));
            signal.signal();
        }

        @Override
        public void settled(TaskCall call) {
            completions.add(new Completion.Settled(entry));
            signal.signal();
        }
    }
}
