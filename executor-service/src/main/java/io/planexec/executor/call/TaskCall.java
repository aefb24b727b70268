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
 * <p>Thread-safe: driven by worker threads, the delay thread and the consumer loop.
 */
public final class TaskCall {

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

    private final CallEnvironment env;
    private final StepTask task;
    private final boolean idempotent;
    private final PreparedCall call;
    private final Listener listener;
    private final TraceContext trace;

    private final Object lock = new Object();
    private final Object delivery = new Object();

    // guarded by lock
    private final List<Attempt> attempts = new ArrayList<>();
    private int attempt;
    private boolean attemptOpen;
    private boolean attemptRunning;
    private Instant attemptStartedAt;
    private long attemptStartNanos;
    private CallContext context;
    private Thread thread;
    private CompletableFuture<?> future;
    private Delays.Scheduled timeout;
    private Delays.Scheduled backoffTimer;
    private final StartGate startGate;
    /** Whether the next attempt to invoke the tool holds a reservation of the start gate. */
    private boolean startReserved;

    private int nextAttempt;
    private boolean retryDue;
    private boolean finished;
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

    /** Makes the first attempt (or reports TIMED_OUT at once if the plan's deadline has passed). */
    public void start() {
        Runnable run;
        synchronized (lock) {
            if (attempt != 0) {
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
            if (finished) {
                return false;
            }
            dropRetry();
            if (attemptOpen) {
                toCancel = stopAttempt();
                record(StepStatus.CANCELLED, reason);
            }
            decide(StepStatus.CANCELLED, null, reason);
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
            return attemptRunning || nextAttempt != 0;
        }
    }

    // ---- attempts ----

    /** Begins attempt {@code n}; returns what to run on a worker, or {@code null} when the task ended instead. */
    private Runnable beginAttempt(int n) {
        Instant now = env.clock().instant();
        if (!now.isBefore(task.deadline())) {
            if (attempts.isEmpty()) {
                decide(
                        StepStatus.TIMED_OUT,
                        null,
                        "the plan's deadline " + task.deadline() + " passed before tool '" + task.tool()
                                + "' could start; it was not called");
            } else {
                Attempt last = attempts.get(attempts.size() - 1);
                decide(
                        last.status(),
                        null,
                        finalMessage(last.status(), last.error()) + "; no further attempt: the plan's deadline "
                                + task.deadline() + " passed");
            }
            releaseStart();
            return null;
        }
        attempt = n;
        attemptOpen = true;
        attemptRunning = true;
        attemptStartedAt = now;
        attemptStartNanos = System.nanoTime();
        Instant byTimeout = now.plusMillis(task.timeoutMs());
        boolean deadlineFirst = task.deadline().isBefore(byTimeout);
        Instant cancelAt = deadlineFirst ? task.deadline() : byTimeout;
        CallContext ctx = new CallContext(task, n, cancelAt, env.executor(), trace);
        context = ctx;
        future = null;
        timeout = env.delays().schedule(Duration.between(now, cancelAt).toMillis(), () -> onTimeout(n, deadlineFirst));
        env.events().attemptStarted(task.tool());
        return () -> run(n, ctx);
    }

    private void run(int n, CallContext ctx) {
        boolean proceed;
        synchronized (lock) {
            proceed = attempt == n && attemptOpen;
            if (proceed) {
                thread = Thread.currentThread();
                if (startReserved) {
                    startReserved = false;
                    startGate.started();
                }
            } else {
                releaseStart();
            }
        }
        if (!proceed) {
            settle(n);
            return;
        }
        Object result = null;
        Throwable failure = null;
        try {
            result = call.invoke(ctx);
        } catch (Throwable t) {
            failure = t;
        }
        if (failure == null && call.isAsync()) {
            CompletableFuture<?> f = ((CompletionStage<?>) result).toCompletableFuture();
            boolean cancelNow;
            synchronized (lock) {
                thread = null;
                Thread.interrupted();
                future = f;
                cancelNow = attempt != n || !attemptOpen;
            }
            if (cancelNow) {
                f.cancel(true);
            }
            CompletableFuture<?> unused = f.whenComplete((value, error) -> {
                ended(n, value, error);
                settle(n);
            });
            return;
        }
        synchronized (lock) {
            thread = null;
            Thread.interrupted();
        }
        ended(n, result, failure);
        settle(n);
    }

    private void ended(int n, Object value, Throwable failure) {
        synchronized (lock) {
            if (attempt != n || !attemptOpen) {
                return;
            }
            attemptOpen = false;
            timeout.cancel();
            if (failure == null) {
                Object output;
                try {
                    output = ToolOutputs.toJsonValue(value);
                } catch (IllegalArgumentException e) {
                    String message = "returned output that cannot be sent: " + e.getMessage();
                    record(StepStatus.FAILED, message);
                    decide(StepStatus.FAILED, null, "tool '" + task.tool() + "' " + message);
                    return;
                }
                record(StepStatus.SUCCEEDED, null);
                decide(StepStatus.SUCCEEDED, output, null);
                return;
            }
            Throwable cause = ToolErrors.unwrap(failure);
            String message = cause instanceof CancellationException
                    ? "the call's future was cancelled by the tool"
                    : ToolErrors.message(cause);
            record(StepStatus.FAILED, message);
            if (mayRetry(n) && ToolErrors.isRetryable(cause)) {
                scheduleRetry(n);
            } else {
                decide(StepStatus.FAILED, null, finalMessage(StepStatus.FAILED, message));
            }
        }
    }

    private void onTimeout(int n, boolean deadline) {
        CompletableFuture<?> toCancel;
        synchronized (lock) {
            if (attempt != n || !attemptOpen) {
                return;
            }
            toCancel = stopAttempt();
            if (deadline) {
                String message = "cancelled at the plan's deadline " + task.deadline();
                record(StepStatus.TIMED_OUT, message);
                decide(StepStatus.TIMED_OUT, null, "tool '" + task.tool() + "' was " + message);
            } else {
                env.events().timedOut(task.tool());
                String message = "timed out after " + task.timeoutMs() + " ms";
                record(StepStatus.TIMED_OUT, message);
                if (mayRetry(n)) {
                    scheduleRetry(n);
                } else {
                    decide(StepStatus.TIMED_OUT, null, finalMessage(StepStatus.TIMED_OUT, message));
                }
            }
        }
        if (toCancel != null) {
            toCancel.cancel(true);
        }
        flush();
    }

    /** Ends the open attempt from outside: interrupts its thread; returns its future to cancel outside the lock. */
    private CompletableFuture<?> stopAttempt() {
        attemptOpen = false;
        timeout.cancel();
        context.cancel();
        if (thread != null) {
            thread.interrupt();
        }
        return future;
    }

    private boolean mayRetry(int n) {
        return idempotent && n <= task.maxRetries();
    }

    private void scheduleRetry(int n) {
        long delay = env.backoff().delayMs(n, env.random().getAsDouble());
        env.events().retried(task.tool());
        nextAttempt = n + 1;
        retryDue = false;
        backoffTimer = env.delays().schedule(delay, () -> onBackoff(n + 1));
    }

    private void onBackoff(int n) {
        Runnable run;
        synchronized (lock) {
            if (nextAttempt != n) {
                return;
            }
            retryDue = true;
            run = retryIfReady();
        }
        execute(run);
        flush();
    }

    private void settle(int n) {
        Runnable run = null;
        synchronized (lock) {
            if (settleLocked(n)) {
                run = retryIfReady();
            }
        }
        execute(run);
        flush();
    }

    private boolean settleLocked(int n) {
        if (attempt == n && attemptRunning) {
            attemptRunning = false;
            env.events().attemptSettled(task.tool());
            return true;
        }
        return false;
    }

    private Runnable retryIfReady() {
        if (nextAttempt != 0 && retryDue && !attemptRunning && !finished) {
            long wait = startGate.tryReserve();
            if (wait > 0) {
                int due = nextAttempt;
                retryDue = false;
                backoffTimer = env.delays().schedule((wait + 999_999) / 1_000_000, () -> onBackoff(due));
                return null;
            }
            startReserved = startGate != StartGate.OPEN;
            int n = nextAttempt;
            nextAttempt = 0;
            retryDue = false;
            return beginAttempt(n);
        }
        return null;
    }

    /** Gives back the start gate's reservation of an attempt that will not invoke the tool. */
    private void releaseStart() {
        if (startReserved) {
            startReserved = false;
            startGate.cancelled();
        }
    }

    private void dropRetry() {
        nextAttempt = 0;
        retryDue = false;
        if (backoffTimer != null) {
            backoffTimer.cancel();
        }
    }

    private void record(StepStatus status, String error) {
        Instant end = env.clock().instant();
        attempts.add(new Attempt(attempt, attemptStartedAt, end, status, error, env.executor()));
        env.events().attemptEnded(task.tool(), status, System.nanoTime() - attemptStartNanos);
    }

    /** The step's error after its last attempt failed or timed out with {@code error}. */
    private String finalMessage(StepStatus status, String error) {
        String tries = attempts.size() > 1 ? attempts.size() + " attempts" : null;
        if (status == StepStatus.TIMED_OUT) {
            return "tool '" + task.tool() + "' " + error + (tries == null ? "" : " (" + tries + ")");
        }
        return "tool '" + task.tool() + "' failed" + (tries == null ? "" : " after " + tries) + ": " + error;
    }

    private void decide(StepStatus status, Object output, String error) {
        if (finished) {
            return;
        }
        finished = true;
        dropRetry();
        undelivered = new CallOutcome(status, output, error, attempts);
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
                settled = finished && !attemptRunning && nextAttempt == 0 && !settledDelivered;
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
