package io.planexec.executor.call;

import static io.planexec.executor.call.TaskCall.Phase.BACKING_OFF;
import static io.planexec.executor.call.TaskCall.Phase.CALLING;
import static io.planexec.executor.call.TaskCall.Phase.DRAINING;
import static io.planexec.executor.call.TaskCall.Phase.DRAINING_TO_RETRY;
import static io.planexec.executor.call.TaskCall.Phase.ENDED;
import static io.planexec.executor.call.TaskCall.Phase.NEW;
import static io.planexec.executor.call.TaskCall.Phase.RETRY_DUE;
import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.executor.call.TaskCall.Phase;
import io.planexec.executor.schedule.Backoff;
import io.planexec.executor.tool.SyncToolHandler;
import io.planexec.executor.tool.Tool;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.ToolSpec;
import io.planexec.testing.TransitionTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every move between two phases of a call, allowed or not, against the table of docs/architecture.md ("Calls"); and a
 * scenario that reaches each allowed move, driven by a hand-moved clock and a worker queue the test runs by hand (so a
 * handler can be "still running" while its attempt times out, is cancelled or its retry falls due).
 */
class TaskCallPhaseTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final Map<Phase, Set<Phase>> ALLOWED = Map.of(
            NEW, EnumSet.of(CALLING, ENDED),
            CALLING, EnumSet.of(DRAINING, DRAINING_TO_RETRY),
            DRAINING, EnumSet.of(ENDED),
            DRAINING_TO_RETRY, EnumSet.of(RETRY_DUE, BACKING_OFF, DRAINING),
            RETRY_DUE, EnumSet.of(CALLING, BACKING_OFF, ENDED, DRAINING),
            BACKING_OFF, EnumSet.of(CALLING, ENDED),
            ENDED, EnumSet.noneOf(Phase.class));

    @Test
    void shouldDocumentExactlyTheMovesOfTheTable() {
        assertThat(TransitionTable.read(Path.of("..", "docs", "architecture.md"), Phase.class))
                .isEqualTo(ALLOWED);
    }

    @Test
    void shouldAllowExactlyTheMovesOfTheTable() {
        for (Phase from : Phase.values()) {
            for (Phase to : Phase.values()) {
                assertThat(from.canMoveTo(to))
                        .as("%s -> %s", from, to)
                        .isEqualTo(ALLOWED.get(from).contains(to));
            }
        }
    }

    @Test
    void shouldReachEveryMoveOfTheTableInTheScenarios() {
        Set<Move> reached = new HashSet<>();
        for (Supplier<List<Move>> scenario : List.<Supplier<List<Move>>>of(
                TaskCallPhaseTest::succeeds,
                TaskCallPhaseTest::startsAfterTheDeadline,
                TaskCallPhaseTest::isCancelledBeforeItStarts,
                TaskCallPhaseTest::isCancelledWhileCalling,
                TaskCallPhaseTest::failsAndBacksOff,
                TaskCallPhaseTest::timesOutWhileQueued,
                TaskCallPhaseTest::waitsForTheRateLimit,
                TaskCallPhaseTest::meetsTheDeadlineWhenTheRetryIsDue,
                TaskCallPhaseTest::meetsTheDeadlineWhileBackingOff,
                TaskCallPhaseTest::isCancelledWhenTheRetryIsDue,
                TaskCallPhaseTest::isCancelledWhileDrainingToRetry,
                TaskCallPhaseTest::isCancelledWhileBackingOff)) {
            reached.addAll(scenario.get());
        }
        Set<Move> allowed = new HashSet<>();
        ALLOWED.forEach((from, tos) -> tos.forEach(to -> allowed.add(new Move(from, to))));
        assertThat(reached).containsExactlyInAnyOrderElementsOf(allowed);
    }

    @Test
    void shouldEndAfterTheHandlerOfASuccessfulCallReturns() {
        assertThat(succeeds()).containsExactly(m(NEW, CALLING), m(CALLING, DRAINING), m(DRAINING, ENDED));
    }

    @Test
    void shouldEndWithoutCallingWhenTheDeadlineHasPassed() {
        assertThat(startsAfterTheDeadline()).containsExactly(m(NEW, ENDED));
    }

    @Test
    void shouldNeverCallATaskCancelledBeforeItStarted() {
        assertThat(isCancelledBeforeItStarts()).containsExactly(m(NEW, ENDED));
    }

    @Test
    void shouldDrainACancelledCallUntilItsHandlerReturns() {
        assertThat(isCancelledWhileCalling())
                .containsExactly(m(NEW, CALLING), m(CALLING, DRAINING), m(DRAINING, ENDED));
    }

    @Test
    void shouldBackOffAfterAFailureWhoseHandlerReturned() {
        assertThat(failsAndBacksOff())
                .containsExactly(
                        m(NEW, CALLING),
                        m(CALLING, DRAINING_TO_RETRY),
                        m(DRAINING_TO_RETRY, BACKING_OFF),
                        m(BACKING_OFF, CALLING),
                        m(CALLING, DRAINING),
                        m(DRAINING, ENDED));
    }

    @Test
    void shouldStartTheRetryOnlyWhenThePreviousHandlerReturns() {
        assertThat(timesOutWhileQueued())
                .containsExactly(
                        m(NEW, CALLING),
                        m(CALLING, DRAINING_TO_RETRY),
                        m(DRAINING_TO_RETRY, RETRY_DUE),
                        m(RETRY_DUE, CALLING),
                        m(CALLING, DRAINING),
                        m(DRAINING, ENDED));
    }

    @Test
    void shouldBackOffAgainWhileTheRateLimitAsksToWait() {
        assertThat(waitsForTheRateLimit())
                .containsExactly(
                        m(NEW, CALLING),
                        m(CALLING, DRAINING_TO_RETRY),
                        m(DRAINING_TO_RETRY, RETRY_DUE),
                        m(RETRY_DUE, BACKING_OFF),
                        m(BACKING_OFF, CALLING),
                        m(CALLING, DRAINING),
                        m(DRAINING, ENDED));
    }

    @Test
    void shouldEndWhenTheDeadlinePassesBeforeTheRetryCanStart() {
        assertThat(meetsTheDeadlineWhenTheRetryIsDue())
                .containsExactly(
                        m(NEW, CALLING),
                        m(CALLING, DRAINING_TO_RETRY),
                        m(DRAINING_TO_RETRY, RETRY_DUE),
                        m(RETRY_DUE, ENDED));
        assertThat(meetsTheDeadlineWhileBackingOff())
                .containsExactly(
                        m(NEW, CALLING),
                        m(CALLING, DRAINING_TO_RETRY),
                        m(DRAINING_TO_RETRY, BACKING_OFF),
                        m(BACKING_OFF, ENDED));
    }

    @Test
    void shouldDropAPendingRetryWhenCancelled() {
        assertThat(isCancelledWhenTheRetryIsDue())
                .containsExactly(
                        m(NEW, CALLING),
                        m(CALLING, DRAINING_TO_RETRY),
                        m(DRAINING_TO_RETRY, RETRY_DUE),
                        m(RETRY_DUE, DRAINING),
                        m(DRAINING, ENDED));
        assertThat(isCancelledWhileDrainingToRetry())
                .containsExactly(
                        m(NEW, CALLING),
                        m(CALLING, DRAINING_TO_RETRY),
                        m(DRAINING_TO_RETRY, DRAINING),
                        m(DRAINING, ENDED));
        assertThat(isCancelledWhileBackingOff())
                .containsExactly(
                        m(NEW, CALLING),
                        m(CALLING, DRAINING_TO_RETRY),
                        m(DRAINING_TO_RETRY, BACKING_OFF),
                        m(BACKING_OFF, ENDED));
    }

    // ---- scenarios: each drives one call and returns the moves it made, checking the outcome on the way ----

    private static List<Move> succeeds() {
        Harness h = new Harness(0, T0.plusSeconds(3600), (args, ctx) -> "ok");
        h.call.start();
        h.expect(CALLING);
        h.runWorkers();
        h.expectOutcome(StepStatus.SUCCEEDED, 1);
        return h.moves;
    }

    private static List<Move> startsAfterTheDeadline() {
        Harness h = new Harness(0, T0, (args, ctx) -> "never");
        h.call.start();
        assertThat(h.work).as("nothing to run").isEmpty();
        h.expectOutcome(StepStatus.TIMED_OUT, 0);
        return h.moves;
    }

    private static List<Move> isCancelledBeforeItStarts() {
        Harness h = new Harness(0, T0.plusSeconds(3600), (args, ctx) -> "never");
        assertThat(h.call.cancel("shutting down")).isTrue();
        h.call.start();
        assertThat(h.work).as("nothing to run").isEmpty();
        h.expectOutcome(StepStatus.CANCELLED, 0);
        return h.moves;
    }

    private static List<Move> isCancelledWhileCalling() {
        Harness h = new Harness(0, T0.plusSeconds(3600), (args, ctx) -> "never");
        h.call.start();
        h.call.cancel("shutting down");
        h.expect(DRAINING);
        assertThat(h.recorder.settled).as("settled while the handler is queued").isFalse();
        h.runWorkers();
        assertThat(h.calls).as("a cancelled attempt never invokes the tool").hasValue(0);
        h.expectOutcome(StepStatus.CANCELLED, 1);
        return h.moves;
    }

    private static List<Move> failsAndBacksOff() {
        Harness h = new Harness(1, T0.plusSeconds(3600), failingOnce());
        h.call.start();
        h.runWorkers();
        h.expect(BACKING_OFF);
        h.advance(100);
        h.expect(CALLING);
        h.runWorkers();
        h.expectOutcome(StepStatus.SUCCEEDED, 2);
        return h.moves;
    }

    private static List<Move> timesOutWhileQueued() {
        Harness h = new Harness(1, T0.plusSeconds(3600), (args, ctx) -> "ok");
        h.call.start();
        h.advance(1_000);
        h.expect(DRAINING_TO_RETRY);
        h.advance(100);
        h.expect(RETRY_DUE);
        h.runWorkers();
        h.expectOutcome(StepStatus.SUCCEEDED, 2);
        assertThat(h.calls).as("the timed-out attempt never invoked the tool").hasValue(1);
        return h.moves;
    }

    private static List<Move> waitsForTheRateLimit() {
        Harness h = new Harness(1, T0.plusSeconds(3600), (args, ctx) -> "ok");
        h.gate.waitNanos.add(50_000_000L);
        h.call.start();
        h.advance(1_000);
        h.advance(100);
        h.expect(RETRY_DUE);
        h.runOne();
        h.expect(BACKING_OFF);
        assertThat(h.delays.pendingDelays()).containsExactly(50L);
        h.advance(50);
        h.expect(CALLING);
        h.runWorkers();
        h.expectOutcome(StepStatus.SUCCEEDED, 2);
        assertThat(h.gate.started).as("the retry started with a reservation").hasValue(1);
        return h.moves;
    }

    private static List<Move> meetsTheDeadlineWhenTheRetryIsDue() {
        Harness h = new Harness(1, T0.plusMillis(1_100), (args, ctx) -> "ok");
        h.call.start();
        h.advance(1_000);
        h.advance(100);
        h.expect(RETRY_DUE);
        h.runWorkers();
        h.expectOutcome(StepStatus.TIMED_OUT, 1);
        assertThat(h.recorder.single().error()).contains("no further attempt: the plan's deadline");
        return h.moves;
    }

    private static List<Move> meetsTheDeadlineWhileBackingOff() {
        Harness h = new Harness(1, T0.plusMillis(50), failingOnce());
        h.call.start();
        h.runWorkers();
        h.expect(BACKING_OFF);
        h.advance(100);
        h.expectOutcome(StepStatus.FAILED, 1);
        return h.moves;
    }

    private static List<Move> isCancelledWhenTheRetryIsDue() {
        Harness h = new Harness(1, T0.plusSeconds(3600), (args, ctx) -> "ok");
        h.call.start();
        h.advance(1_100);
        h.expect(RETRY_DUE);
        h.call.cancel("shutting down");
        h.expect(DRAINING);
        h.runWorkers();
        h.expectOutcome(StepStatus.CANCELLED, 1);
        assertThat(h.calls).hasValue(0);
        return h.moves;
    }

    private static List<Move> isCancelledWhileDrainingToRetry() {
        Harness h = new Harness(1, T0.plusSeconds(3600), (args, ctx) -> "ok");
        h.call.start();
        h.advance(1_000);
        h.call.cancel("shutting down");
        assertThat(h.delays.pendingDelays()).as("the backoff is dropped").isEmpty();
        h.runWorkers();
        h.expectOutcome(StepStatus.CANCELLED, 1);
        return h.moves;
    }

    private static List<Move> isCancelledWhileBackingOff() {
        Harness h = new Harness(1, T0.plusSeconds(3600), failingOnce());
        h.call.start();
        h.runWorkers();
        h.call.cancel("shutting down");
        assertThat(h.delays.pendingDelays()).as("the backoff is dropped").isEmpty();
        h.expectOutcome(StepStatus.CANCELLED, 1);
        return h.moves;
    }

    private static SyncToolHandler failingOnce() {
        AtomicInteger calls = new AtomicInteger();
        return (args, ctx) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("busy");
            }
            return "ok";
        };
    }

    private static Move m(Phase from, Phase to) {
        return new Move(from, to);
    }

    record Move(Phase from, Phase to) {}

    /** A rate limit that asks to wait the given times first, then reserves. */
    private static final class Gate implements TaskCall.StartGate {
        final Queue<Long> waitNanos = new ArrayDeque<>();
        final AtomicInteger started = new AtomicInteger();

        @Override
        public long tryReserve() {
            Long wait = waitNanos.poll();
            return wait == null ? 0 : wait;
        }

        @Override
        public void started() {
            started.incrementAndGet();
        }

        @Override
        public void cancelled() {}
    }

    /**
     * One call of a tool with a 1 s timeout and a backoff of 100 ms, whose attempts wait in {@link #work} until the
     * test runs them.
     */
    private static final class Harness {
        final ManualClock clock = new ManualClock(T0);
        final ManualDelays delays = new ManualDelays(clock);
        final Queue<Runnable> work = new ArrayDeque<>();
        final Recorder recorder = new Recorder();
        final Gate gate = new Gate();
        final AtomicInteger calls = new AtomicInteger();
        final List<Move> moves = new ArrayList<>();
        final TaskCall call;

        Harness(int maxRetries, Instant deadline, SyncToolHandler handler) {
            CallEnvironment env = new CallEnvironment(
                    clock, delays, work::add, new Backoff(100, 1_000, 0), () -> 0.5, "ex-1", CallEvents.NONE);
            StepTask task = new StepTask(
                    "p",
                    "s",
                    "demo",
                    Map.of(),
                    1,
                    "p/s",
                    LatencyClass.FAST,
                    deadline,
                    1_000,
                    true,
                    maxRetries,
                    "p/s/1",
                    T0,
                    null);
            Tool tool = Tool.sync(
                    ToolSpec.builder("demo").latencyClass(LatencyClass.FAST).build(), (args, ctx) -> {
                        calls.incrementAndGet();
                        return handler.call(args, ctx);
                    });
            call = new TaskCall(env, task, true, tool.prepare(Map.of()), recorder, null, gate);
            call.watch((from, to) -> moves.add(new Move(from, to)));
            assertThat(call.phase()).isEqualTo(NEW);
        }

        void runOne() {
            Runnable next = work.poll();
            assertThat(next).as("an attempt waiting for a worker").isNotNull();
            next.run();
        }

        void runWorkers() {
            while (!work.isEmpty()) {
                runOne();
            }
        }

        void advance(long ms) {
            delays.advance(Duration.ofMillis(ms));
        }

        void expect(Phase phase) {
            assertThat(call.phase()).isEqualTo(phase);
        }

        void expectOutcome(StepStatus status, int attempts) {
            expect(ENDED);
            assertThat(recorder.single().status()).isEqualTo(status);
            assertThat(recorder.single().attempts()).hasSize(attempts);
            assertThat(recorder.settled).isTrue();
            assertThat(call.isRunning()).isFalse();
        }
    }

    /** Collects what a call reports, checking the order: the outcome once, then settled once. */
    private static final class Recorder implements TaskCall.Listener {
        final List<CallOutcome> outcomes = new ArrayList<>();
        boolean settled;

        @Override
        public void outcome(TaskCall call, CallOutcome outcome) {
            assertThat(settled).as("outcome before settled").isFalse();
            outcomes.add(outcome);
        }

        @Override
        public void settled(TaskCall call) {
            assertThat(outcomes).as("settled after the outcome").hasSize(1);
            assertThat(settled).as("settled once").isFalse();
            settled = true;
        }

        CallOutcome single() {
            assertThat(outcomes).hasSize(1);
            return outcomes.get(0);
        }
    }
}
