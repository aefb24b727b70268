package io.planexec.executor.call;

import static io.planexec.executor.Tasks.withDeadline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.planexec.executor.schedule.Backoff;
import io.planexec.executor.tool.NonRetryableException;
import io.planexec.executor.tool.PreparedCall;
import io.planexec.executor.tool.Tool;
import io.planexec.model.Attempt;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.ToolSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskCallTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final ManualDelays delays = new ManualDelays(clock);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Recorder recorder = new Recorder();
    /** Backoff 100 ms doubling up to 1 s, no jitter. */
    private final CallEnvironment env = new CallEnvironment(
            clock, delays, Runnable::run, new Backoff(100, 1_000, 0), () -> 0.5, "ex-1", CallEvents.NONE);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void shouldReportTheOutputAndTheAttemptOfASuccessfulCall() {
        // Given a tool that returns a record
        record Weather(String city, int tempF) {}
        TaskCall call = call(task(0, true), Tool.sync(spec(), (args, ctx) -> new Weather("SF", 72)));

        // When it runs
        call.start();

        // Then the output is the record as JSON and the attempt carries its times and executor
        CallOutcome outcome = recorder.single();
        assertThat(outcome.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(outcome.output()).isEqualTo(Map.of("city", "SF", "tempF", 72));
        assertThat(outcome.attempts()).containsExactly(new Attempt(1, T0, T0, StepStatus.SUCCEEDED, null, "ex-1"));
        assertThat(recorder.settled).isTrue();
    }

    @Test
    void shouldRetryAnIdempotentToolWithExponentialBackoffUntilItSucceeds() {
        // Given a tool that fails twice, with three retries allowed
        AtomicInteger calls = new AtomicInteger();
        TaskCall call = call(task(3, true), Tool.sync(spec(), (args, ctx) -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("busy");
            }
            return "ok";
        }));

        // When it runs, the retries wait 100 ms then 200 ms
        call.start();
        assertThat(delays.pendingDelays()).containsExactly(100L);
        delays.advance(Duration.ofMillis(99));
        assertThat(calls).hasValue(1);
        delays.advance(Duration.ofMillis(1));
        assertThat(calls).hasValue(2);
        assertThat(delays.pendingDelays()).containsExactly(200L);
        delays.advance(Duration.ofMillis(200));

        // Then the third attempt succeeds and all three are reported with their times
        CallOutcome outcome = recorder.single();
        assertThat(outcome.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(outcome.attempts())
                .extracting(Attempt::number, Attempt::status, Attempt::error, Attempt::startedAt)
                .containsExactly(
                        tuple(1, StepStatus.FAILED, "busy", T0),
                        tuple(2, StepStatus.FAILED, "busy", T0.plusMillis(100)),
                        tuple(3, StepStatus.SUCCEEDED, null, T0.plusMillis(300)));
    }

    @Test
    void shouldStopRetryingWhenTheRetriesAreUsedUp() {
        TaskCall call = call(task(1, true), Tool.sync(spec(), (args, ctx) -> {
            throw new IllegalStateException("down");
        }));

        call.start();
        delays.advance(Duration.ofMillis(100));

        CallOutcome outcome = recorder.single();
        assertThat(outcome.status()).isEqualTo(StepStatus.FAILED);
        assertThat(outcome.error()).isEqualTo("tool 'demo' failed after 2 attempts: down");
        assertThat(delays.pendingDelays()).isEmpty();
    }

    @Test
    void shouldNeverRetryANonIdempotentTool() {
        AtomicInteger calls = new AtomicInteger();
        TaskCall call = call(task(5, false), Tool.sync(spec(), (args, ctx) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("declined");
        }));

        call.start();
        delays.advance(Duration.ofSeconds(10));

        assertThat(calls).hasValue(1);
        assertThat(recorder.single().error()).isEqualTo("tool 'demo' failed: declined");
    }

    @Test
    void shouldNotRetryAnErrorTheToolMarksAsNotRetryable() {
        TaskCall call = call(task(5, true), Tool.sync(spec(), (args, ctx) -> {
            throw new NonRetryableException("no such user 'bob'");
        }));

        call.start();

        assertThat(recorder.single().attempts()).hasSize(1);
        assertThat(recorder.single().error()).isEqualTo("tool 'demo' failed: no such user 'bob'");
    }

    @Test
    void shouldCancelTheFutureOfAnAsyncCallAtItsTimeoutAndRetry() {
        // Given an async tool whose futures never complete on their own, 500 ms timeout, one retry
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        TaskCall call = call(task(1, true, 500), Tool.async(spec(), (args, ctx) -> {
            CompletableFuture<Object> f = new CompletableFuture<>();
            futures.add(f);
            return f;
        }));

        // When both attempts run into their timeouts
        call.start();
        delays.advance(Duration.ofMillis(500));
        assertThat(futures).hasSize(1);
        assertThat(futures.get(0)).isCancelled();
        delays.advance(Duration.ofMillis(100));
        assertThat(futures).hasSize(2);
        delays.advance(Duration.ofMillis(500));

        // Then the step timed out after two attempts, each cancelled
        CallOutcome outcome = recorder.single();
        assertThat(outcome.status()).isEqualTo(StepStatus.TIMED_OUT);
        assertThat(outcome.error()).isEqualTo("tool 'demo' timed out after 500 ms (2 attempts)");
        assertThat(futures).allMatch(CompletableFuture::isCancelled);
        assertThat(outcome.attempts())
                .extracting(Attempt::status, Attempt::error)
                .containsOnly(tuple(StepStatus.TIMED_OUT, "timed out after 500 ms"));
    }

    @Test
    void shouldNotStartACallAfterTheDeadline() {
        AtomicBoolean called = new AtomicBoolean();
        StepTask late = withDeadline(task(0, true), T0.minusMillis(1));
        TaskCall call = call(late, Tool.sync(spec(), (args, ctx) -> called.getAndSet(true)));

        call.start();

        assertThat(called).isFalse();
        assertThat(recorder.single().status()).isEqualTo(StepStatus.TIMED_OUT);
        assertThat(recorder.single().error())
                .isEqualTo("the plan's deadline 2025-12-31T23:59:59.999Z passed before tool 'demo' could start; it"
                        + " was not called");
        assertThat(recorder.single().attempts()).isEmpty();
        assertThat(recorder.settled).isTrue();
    }

    @Test
    void shouldCancelACallAtThePlansDeadlineWithoutRetrying() {
        // Given a deadline 300 ms away, a 10 s timeout and retries allowed
        CompletableFuture<Object> future = new CompletableFuture<>();
        StepTask task = withDeadline(task(3, true, 10_000), T0.plusMillis(300));
        TaskCall call = call(task, Tool.async(spec(), (args, ctx) -> {
            assertThat(ctx.cancelAt()).isEqualTo(T0.plusMillis(300));
            return future;
        }));

        call.start();
        delays.advance(Duration.ofMillis(300));

        assertThat(future).isCancelled();
        assertThat(recorder.single().status()).isEqualTo(StepStatus.TIMED_OUT);
        assertThat(recorder.single().error())
                .isEqualTo("tool 'demo' was cancelled at the plan's deadline 2026-01-01T00:00:00.300Z");
        assertThat(delays.pendingDelays()).isEmpty();
    }

    @Test
    void shouldNotRetryPastTheDeadline() {
        // Given a deadline 150 ms away and a first retry due after 100 + 100 ms of backoff
        TaskCall call = call(withDeadline(task(3, true, 10_000), T0.plusMillis(150)), Tool.sync(spec(), (a, c) -> {
            throw new IllegalStateException("flaky");
        }));
        clock.advance(Duration.ofMillis(100));

        call.start();
        delays.advance(Duration.ofMillis(100));

        assertThat(recorder.single().status()).isEqualTo(StepStatus.FAILED);
        assertThat(recorder.single().error())
                .isEqualTo("tool 'demo' failed: flaky; no further attempt: the plan's deadline"
                        + " 2026-01-01T00:00:00.150Z passed");
    }

    @Test
    void shouldInterruptASyncCallAtItsTimeoutAndHoldItsSlotUntilTheThreadReturns() throws Exception {
        // Given a sync tool on a real thread that ignores the first interruption and then returns
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        CallEnvironment threaded = new CallEnvironment(
                clock, delays, threads, new Backoff(100, 1_000, 0), () -> 0.5, "ex-1", CallEvents.NONE);
        TaskCall call = new TaskCall(
                threaded,
                task(0, true, 1_000),
                true,
                Tool.sync(spec(), (args, ctx) -> {
                            started.countDown();
                            try {
                                Thread.sleep(60_000);
                            } catch (InterruptedException e) {
                                interrupted.set(true);
                                assertThat(ctx.isCancelled()).isTrue();
                            }
                            release.await();
                            return "late";
                        })
                        .prepare(Map.of()),
                recorder,
                null,
                TaskCall.StartGate.OPEN);
        call.start();
        started.await();

        // When the timeout passes
        delays.advance(Duration.ofSeconds(1));

        // Then the step is reported TIMED_OUT at once, but the call is settled only when its thread returns
        await().untilAsserted(() -> assertThat(interrupted).isTrue());
        assertThat(recorder.single().status()).isEqualTo(StepStatus.TIMED_OUT);
        assertThat(recorder.settled).isFalse();
        assertThat(call.isRunning()).isTrue();
        release.countDown();
        await().untilAsserted(() -> assertThat(recorder.settled).isTrue());
        assertThat(recorder.outcomes).hasSize(1);
    }

    @Test
    void shouldReportACancelledCallWithTheReason() {
        CompletableFuture<Object> future = new CompletableFuture<>();
        TaskCall call = call(task(3, true), Tool.async(spec(), (args, ctx) -> future));
        call.start();

        boolean cancelled = call.cancel("the executor shut down");

        assertThat(cancelled).isTrue();
        assertThat(future).isCancelled();
        assertThat(recorder.single().status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(recorder.single().error()).isEqualTo("the executor shut down");
        assertThat(recorder.single().attempts()).extracting(Attempt::status).containsExactly(StepStatus.CANCELLED);
        assertThat(call.cancel("again")).isFalse();
        assertThat(recorder.settled).isTrue();
    }

    @Test
    void shouldFailAStepWhoseOutputHasNoJsonForm() {
        TaskCall call = call(task(3, true), Tool.sync(spec(), (args, ctx) -> new Object()));

        call.start();

        assertThat(recorder.single().status()).isEqualTo(StepStatus.FAILED);
        assertThat(recorder.single().error())
                .startsWith("tool 'demo' returned output that cannot be sent: the output at $ is a java.lang.Object");
        assertThat(recorder.single().attempts()).hasSize(1);
    }

    @Test
    void shouldPassTheContextOfTheAttemptToTheTool() {
        List<String> seen = new CopyOnWriteArrayList<>();
        TaskCall call = call(task(1, true), Tool.sync(spec(), (args, ctx) -> {
            seen.add(ctx.planId() + " " + ctx.stepId() + " " + ctx.release() + " " + ctx.attempt() + " "
                    + ctx.idempotencyKey() + " " + ctx.executor());
            if (ctx.attempt() == 1) {
                throw new IllegalStateException("again");
            }
            return null;
        }));

        call.start();
        delays.advance(Duration.ofMillis(100));

        assertThat(seen).containsExactly("p s 1 1 p/s/1 ex-1", "p s 1 2 p/s/1 ex-1");
        assertThat(recorder.single().output()).isNull();
    }

    private TaskCall call(StepTask task, Tool tool) {
        PreparedCall prepared = tool.prepare(task.args());
        return new TaskCall(env, task, task.idempotent(), prepared, recorder, null, TaskCall.StartGate.OPEN);
    }

    private static ToolSpec spec() {
        return ToolSpec.builder("demo").latencyClass(LatencyClass.FAST).build();
    }

    private static StepTask task(int maxRetries, boolean idempotent) {
        return task(maxRetries, idempotent, 10_000);
    }

    private static StepTask task(int maxRetries, boolean idempotent, long timeoutMs) {
        return new StepTask(
                "p",
                "s",
                "demo",
                Map.of(),
                1,
                "p/s",
                LatencyClass.FAST,
                T0.plusSeconds(3600),
                timeoutMs,
                idempotent,
                maxRetries,
                "p/s/1",
                T0,
                null);
    }

    /** Collects what a call reports. */
    private static final class Recorder implements TaskCall.Listener {
        final List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();
        volatile boolean settled;

        @Override
        public void outcome(TaskCall call, CallOutcome outcome) {
            assertThat(settled).as("outcome before settled").isFalse();
            outcomes.add(outcome);
        }

        @Override
        public void settled(TaskCall call) {
            assertThat(outcomes).as("settled after the outcome").hasSize(1);
            settled = true;
        }

        CallOutcome single() {
            assertThat(outcomes).hasSize(1);
            return outcomes.get(0);
        }
    }
}
