package io.planexec.executor.call;

import io.planexec.executor.tool.PreparedCall;
import io.planexec.executor.tool.ToolErrors;
import io.planexec.executor.tool.ToolOutputs;
import io.planexec.model.Attempt;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.TraceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The calls made for one task: the first attempt, and for an idempotent tool the retries after retryable failures and
 * timeouts, with exponential backoff, until one succeeds, {@code max_retries} is used up, or the plan's deadline
 * passes. Each attempt is cancelled when its timeout (or the deadline) passes: the future of an asynchronous tool is
 * cancelled, the thread of a synchronous one interrupted.
 *
 * <p>Two things are reported to the {@link Listener}, in this order and once each: the <em>outcome</em>, as soon as it
 * is known (a timed-out call is reported at its timeout), and <em>settled</em>, when no call of the task runs any more
 * (a synchronous tool that ignores interruption holds its cap and its key until it returns). A retry starts only after
 * the previous attempt has settled, so attempts of one task never overlap.
 *
 * <p>A call moves through the {@link Phase}s of a checked table (docs/architecture.md, "Calls"); any other move is a bug
 * and throws. Thread-safe: driven by worker threads, the delay thread and the consumer loop, under one lock.
 */
public final class TaskCall {

    /**
     * Where a call is. The <em>handler</em> of an attempt is its tool's code: a synchronous tool's thread, or an
     * asynchronous tool's future; it keeps the task's key and cap slot until it returns, even after its outcome is known.
     */
    enum Phase {
        /** Created; {@link #start()} not called yet. */
        NEW,
        /** An attempt is open: its handler is queued or runs, its timeout is armed, its outcome is not known. */
        CALLING,
        /** The task's outcome is decided, but the last attempt's handler has not returned yet. */
        DRAINING,
        /** The attempt failed or timed out and will be retried; its handler has not returned, the backoff runs. */
        DRAINING_TO_RETRY,
        /** The backoff has passed; the retry starts once the previous attempt's handler returns. */
        RETRY_DUE,
        /** No handler runs; the retry starts when its timer fires (the backoff, or the wait the rate limit asks). */
        BACKING_OFF,
        /** The outcome is decided and no handler runs: nothing more happens. */
        ENDED;

        /** Whether a call may move from this phase to {@code next}. */
        boolean canMoveTo(Phase next) {
            return switch (this) {
                case NEW -> next == CALLING || next == ENDED;
                case CALLING -> next == DRAINING || next == DRAINING_TO_RETRY;
                case DRAINING -> next == ENDED;
                case DRAINING_TO_RETRY -> next == RETRY_DUE || next == BACKING_OFF || next == DRAINING;
                case RETRY_DUE -> next == CALLING || next == BACKING_OFF || next == ENDED || next == DRAINING;
                case BACKING_OFF -> next == CALLING || next == ENDED;
                case ENDED -> false;
            };
        }
    }

    /** Sees a move between two phases, under the call's lock; for tests. */
    interface MoveWatcher {
        MoveWatcher NONE = (from, to) -> {};

        void moved(Phase from, Phase to);
    }

    /**
     * A tool's rate limit, as the call's attempts pass it: every attempt starts with a reservation, counted as a start
     * when the tool is invoked on the worker (so the window holds for the calls as the tool sees them), or given back
     * when the attempt does not run. The first attempt's reservation is made before the call is created; each retry
     * makes its own. Called under the call's lock; must be quick.
     */
    public interface StartGate {
        /** No limit. */
        StartGate OPEN = new StartGate() {
            @Override
            public long tryReserve() {
                return 0;
            }

            @Override
            public void started() {}

            @Override
            public void cancelled() {}
        };

        /** Reserves a start for a retry: 0 when reserved, otherwise how long until one may be (nanoseconds). */
        long tryReserve();

        /** The reserved attempt invokes the tool now. */
        void started();

        /** The reserved attempt will not run. */
        void cancelled();
    }

    /** Hears how the task ends. Called from worker and delay threads; must be quick and must not block. */
    public interface Listener {
        void outcome(TaskCall call, CallOutcome outcome);

        void settled(TaskCall call);
    }

    /** One attempt: its number, times and context, and the handles to stop its handler with. */
    private static final class Open {
        final int number;
        final Instant startedAt;
        final long startNanos;
        final CallContext context;
        Delays.Scheduled timeout;
        /** The worker thread of a synchronous handler while it runs. */
        Thread thread;
        /** The future an asynchronous handler returned. */
        CompletableFuture<?> future;

        Open(int number, Instant startedAt, long startNanos, CallContext context) {
            this.number = number;
            this.startedAt = startedAt;
            this.startNanos = startNanos;
            this.context = context;
        }
    }

    private final CallEnvironment env;
    private final StepTask task;
    private final boolean idempotent;
    private final PreparedCall call;
    private final Listener listener;
    private final TraceContext trace;
    private final StartGate startGate;

    private final Object lock = new Object();
    private final Object delivery = new Object();

    // guarded by lock
    private Phase phase = Phase.NEW;
    private MoveWatcher watcher = MoveWatcher.NONE;
    private final List<Attempt> attempts = new ArrayList<>();
    /** The latest attempt; {@code null} before the first. */
    private Open current;
    /** The timer of the pending retry (backoff or rate-limit wait), while one is pending. */
    private Delays.Scheduled retryTimer;
    /** Whether the next attempt to invoke the tool holds a reservation of the start gate. */
    private boolean startReserved;
    /** The outcome once decided, until delivered. */
    private CallOutcome undelivered;

    private boolean settledDelivered;

    /**
     * @param idempotent whether retries are allowed
     * @param call the tool call, its arguments already bound
     * @param trace the plan's trace context from the task's record, given to the tool; {@code null} for none
     * @param startGate the tool's rate limit, which every attempt passes ({@link StartGate#OPEN}: none); the first
     *     attempt's start is reserved already
     */
    public TaskCall(
            CallEnvironment env,
            StepTask task,
            boolean idempotent,
            PreparedCall call,
            Listener listener,
            TraceContext trace,
            StartGate startGate) {
        this.startGate = startGate;
        this.startReserved = startGate != StartGate.OPEN;
        this.trace = trace;
        this.env = env;
        this.task = task;
        this.idempotent = idempotent;
        this.call = call;
        this.listener = listener;
    }

    public StepTask task() {
        return task;
    }

    /**
     * Makes the first attempt (or reports TIMED_OUT at once if the plan's deadline has passed). Does nothing on a call
     * cancelled before it started.
     */
    public void start() {
        Runnable run;
        synchronized (lock) {
            if (phase == Phase.ENDED) {
                return;
            }
            if (phase != Phase.NEW) {
                throw new IllegalStateException("task " + task.idempotencyKey() + " already started");
            }
            run = beginAttempt(1);
        }
        execute(run);
        flush();
    }

    /**
     * Cancels the call: the running attempt is interrupted (or its future cancelled), a pending retry is dropped, and
     * the outcome is CANCELLED with {@code reason} as its error.
     *
     * @return {@code false} when the outcome was already known
     */
    public boolean cancel(String reason) {
        CompletableFuture<?> toCancel = null;
        synchronized (lock) {
            switch (phase) {
                case DRAINING, ENDED -> {
                    return false;
                }
                case NEW -> {
                    releaseStart();
                    decide(Phase.ENDED, StepStatus.CANCELLED, null, reason);
                }
                case CALLING -> {
                    toCancel = stopAttempt(current);
                    record(StepStatus.CANCELLED, reason);
                    decide(Phase.DRAINING, StepStatus.CANCELLED, null, reason);
                }
                case DRAINING_TO_RETRY, RETRY_DUE -> decide(Phase.DRAINING, StepStatus.CANCELLED, null, reason);
                case BACKING_OFF -> decide(Phase.ENDED, StepStatus.CANCELLED, null, reason);
            }
        }
        if (toCancel != null) {
            toCancel.cancel(true);
        }
        flush();
        return true;
    }

    /** Whether a call of the task still runs (or will: a retry is pending). */
    public boolean isRunning() {
        synchronized (lock) {
            return phase != Phase.NEW && phase != Phase.ENDED;
        }
    }

    Phase phase() {
        synchronized (lock) {
            return phase;
        }
    }

    /** Lets {@code watcher} see every move from now on (tests). */
    void watch(MoveWatcher watcher) {
        synchronized (lock) {
            this.watcher = watcher;
        }
    }

    // ---- attempts ----

    /**
     * Begins attempt {@code n} (from NEW, RETRY_DUE or BACKING_OFF); returns what to run on a worker, or {@code null}
     * when the task ended instead because the plan's deadline has passed.
     */
    private Runnable beginAttempt(int n) {
        Instant now = env.clock().instant();
        if (!now.isBefore(task.deadline())) {
            releaseStart();
            if (attempts.isEmpty()) {
                decide(
                        Phase.ENDED,
                        StepStatus.TIMED_OUT,
                        null,
                        "the plan's deadline " + task.deadline() + " passed before tool '" + task.tool()
                                + "' could start; it was not called");
            } else {
                Attempt last = attempts.get(attempts.size() - 1);
                decide(
                        Phase.ENDED,
                        last.status(),
                        null,
                        finalMessage(last.status(), last.error()) + "; no further attempt: the plan's deadline "
                                + task.deadline() + " passed");
            }
            return null;
        }
        Instant byTimeout = now.plusMillis(task.timeoutMs());
        boolean deadlineFirst = task.deadline().isBefore(byTimeout);
        Instant cancelAt = deadlineFirst ? task.deadline() : byTimeout;
        Open open = new Open(n, now, System.nanoTime(), new CallContext(task, n, cancelAt, env.executor(), trace));
        current = open;
        moveTo(Phase.CALLING);
        open.timeout =
                env.delays().schedule(Duration.between(now, cancelAt).toMillis(), () -> onTimeout(open, deadlineFirst));
        env.events().attemptStarted(task.tool());
        return () -> run(open);
    }

    /** Runs the attempt's handler on a worker thread, unless the attempt was stopped while it was queued. */
    private void run(Open open) {
        boolean proceed;
        synchronized (lock) {
            proceed = isOpen(open);
            if (proceed) {
                open.thread = Thread.currentThread();
                if (startReserved) {
                    startReserved = false;
                    startGate.started();
                }
            } else {
                releaseStart();
            }
        }
        if (!proceed) {
            settle(open);
            return;
        }
        Object result = null;
        Throwable failure = null;
        try {
            result = call.invoke(open.context);
        } catch (Throwable t) {
            failure = t;
        }
        if (failure == null && call.isAsync()) {
            CompletableFuture<?> f = ((CompletionStage<?>) result).toCompletableFuture();
            boolean cancelNow;
            synchronized (lock) {
                open.thread = null;
                Thread.interrupted();
                open.future = f;
                cancelNow = !isOpen(open);
            }
            if (cancelNow) {
                f.cancel(true);
            }
            CompletableFuture<?> unused = f.whenComplete((value, error) -> {
                ended(open, value, error);
                settle(open);
            });
            return;
        }
        synchronized (lock) {
            open.thread = null;
            Thread.interrupted();
        }
        ended(open, result, failure);
        settle(open);
    }

    /** Whether {@code open} is the attempt in CALLING: its outcome is still to be decided by its handler or timeout. */
    private boolean isOpen(Open open) {
        return current == open && phase == Phase.CALLING;
    }

    /** The handler returned {@code value} or threw {@code failure}: CALLING to DRAINING or DRAINING_TO_RETRY. */
    private void ended(Open open, Object value, Throwable failure) {
        synchronized (lock) {
            if (!isOpen(open)) {
                return;
            }
            open.timeout.cancel();
            if (failure == null) {
                Object output;
                try {
                    output = ToolOutputs.toJsonValue(value);
                } catch (IllegalArgumentException e) {
                    String message = "returned output that cannot be sent: " + e.getMessage();
                    record(StepStatus.FAILED, message);
                    decide(Phase.DRAINING, StepStatus.FAILED, null, "tool '" + task.tool() + "' " + message);
                    return;
                }
                record(StepStatus.SUCCEEDED, null);
                decide(Phase.DRAINING, StepStatus.SUCCEEDED, output, null);
                return;
            }
            Throwable cause = ToolErrors.unwrap(failure);
            String message = cause instanceof CancellationException
                    ? "the call's future was cancelled by the tool"
                    : ToolErrors.message(cause);
            record(StepStatus.FAILED, message);
            if (mayRetry(open) && ToolErrors.isRetryable(cause)) {
                scheduleRetry(open);
            } else {
                decide(Phase.DRAINING, StepStatus.FAILED, null, finalMessage(StepStatus.FAILED, message));
            }
        }
    }

    /** The attempt's timeout or the plan's deadline passed: CALLING to DRAINING or DRAINING_TO_RETRY. */
    private void onTimeout(Open open, boolean deadline) {
        CompletableFuture<?> toCancel;
        synchronized (lock) {
            if (!isOpen(open)) {
                return;
            }
            toCancel = stopAttempt(open);
            if (deadline) {
                String message = "cancelled at the plan's deadline " + task.deadline();
                record(StepStatus.TIMED_OUT, message);
                decide(Phase.DRAINING, StepStatus.TIMED_OUT, null, "tool '" + task.tool() + "' was " + message);
            } else {
                env.events().timedOut(task.tool());
                String message = "timed out after " + task.timeoutMs() + " ms";
                record(StepStatus.TIMED_OUT, message);
                if (mayRetry(open)) {
                    scheduleRetry(open);
                } else {
                    decide(Phase.DRAINING, StepStatus.TIMED_OUT, null, finalMessage(StepStatus.TIMED_OUT, message));
                }
            }
        }
        if (toCancel != null) {
            toCancel.cancel(true);
        }
        flush();
    }

    /** Stops the open attempt's handler: interrupts its thread; returns its future, to cancel outside the lock. */
    private CompletableFuture<?> stopAttempt(Open open) {
        open.timeout.cancel();
        open.context.cancel();
        if (open.thread != null) {
            open.thread.interrupt();
        }
        return open.future;
    }

    private boolean mayRetry(Open open) {
        return idempotent && open.number <= task.maxRetries();
    }

    private void scheduleRetry(Open open) {
        long delay = env.backoff().delayMs(open.number, env.random().getAsDouble());
        env.events().retried(task.tool());
        moveTo(Phase.DRAINING_TO_RETRY);
        retryTimer = env.delays().schedule(delay, () -> onRetryTimer(open));
    }

    /** The retry's timer fired: DRAINING_TO_RETRY to RETRY_DUE, or from BACKING_OFF the retry starts. */
    private void onRetryTimer(Open previous) {
        Runnable run = null;
        synchronized (lock) {
            if (current != previous) {
                return;
            }
            retryTimer = null;
            if (phase == Phase.DRAINING_TO_RETRY) {
                moveTo(Phase.RETRY_DUE);
            } else if (phase == Phase.BACKING_OFF) {
                run = startRetry(previous);
            }
        }
        execute(run);
        flush();
    }

    /** The attempt's handler returned: the cap slot and the key are free unless a retry starts now. */
    private void settle(Open open) {
        Runnable run = null;
        synchronized (lock) {
            if (current != open) {
                return;
            }
            switch (phase) {
                case DRAINING -> moveTo(Phase.ENDED);
                case DRAINING_TO_RETRY -> moveTo(Phase.BACKING_OFF);
                case RETRY_DUE -> run = startRetry(open);
                default -> {
                    return;
                }
            }
            env.events().attemptSettled(task.tool());
        }
        execute(run);
        flush();
    }

    /**
     * Starts the retry after {@code previous} (from RETRY_DUE or BACKING_OFF, no handler running), or, while the rate
     * limit asks to wait, waits in BACKING_OFF.
     */
    private Runnable startRetry(Open previous) {
        long wait = startGate.tryReserve();
        if (wait > 0) {
            if (phase != Phase.BACKING_OFF) {
                moveTo(Phase.BACKING_OFF);
            }
            retryTimer = env.delays().schedule((wait + 999_999) / 1_000_000, () -> onRetryTimer(previous));
            return null;
        }
        startReserved = startGate != StartGate.OPEN;
        return beginAttempt(previous.number + 1);
    }

    /** Gives back the start gate's reservation of an attempt that will not invoke the tool. */
    private void releaseStart() {
        if (startReserved) {
            startReserved = false;
            startGate.cancelled();
        }
    }

    private void record(StepStatus status, String error) {
        Instant end = env.clock().instant();
        attempts.add(new Attempt(current.number, current.startedAt, end, status, error, env.executor()));
        env.events().attemptEnded(task.tool(), status, System.nanoTime() - current.startNanos);
    }

    /** The step's error after its last attempt failed or timed out with {@code error}. */
    private String finalMessage(StepStatus status, String error) {
        String tries = attempts.size() > 1 ? attempts.size() + " attempts" : null;
        if (status == StepStatus.TIMED_OUT) {
            return "tool '" + task.tool() + "' " + error + (tries == null ? "" : " (" + tries + ")");
        }
        return "tool '" + task.tool() + "' failed" + (tries == null ? "" : " after " + tries) + ": " + error;
    }

    /** Decides the outcome, moving to {@code next} (DRAINING or ENDED); a pending retry is dropped. */
    private void decide(Phase next, StepStatus status, Object output, String error) {
        if (retryTimer != null) {
            retryTimer.cancel();
            retryTimer = null;
        }
        moveTo(next);
        undelivered = new CallOutcome(status, output, error, attempts);
    }

    private void moveTo(Phase next) {
        if (!phase.canMoveTo(next)) {
            throw new IllegalStateException(
                    "the call of task " + task.idempotencyKey() + " cannot move from " + phase + " to " + next);
        }
        Phase from = phase;
        phase = next;
        watcher.moved(from, next);
    }

    // ---- delivery ----

    private void execute(Runnable run) {
        if (run != null) {
            env.workers().execute(run);
        }
    }

    /** Delivers the outcome, then "settled", each once, in that order. Never called while holding {@code lock}. */
    private void flush() {
        synchronized (delivery) {
            CallOutcome outcome;
            boolean settled;
            synchronized (lock) {
                outcome = undelivered;
                undelivered = null;
                settled = phase == Phase.ENDED && !settledDelivered;
                if (settled) {
                    settledDelivered = true;
                }
            }
            if (outcome != null) {
                listener.outcome(this, outcome);
            }
            if (settled) {
                listener.settled(this);
            }
        }
    }
}
