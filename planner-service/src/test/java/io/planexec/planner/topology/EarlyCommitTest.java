package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.planner.run.PassOutput.Destination;
import io.planexec.planner.service.PlannerConfig;
import io.planexec.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/** The planner asks Kafka Streams to commit at once as its configured rules say (the rules: EagerCommitsTest). */
class EarlyCommitTest {

    private static final long NOW = 1_000_000;

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final ForwardingPassOutput output = new ForwardingPassOutput(context);
    private final PlannerTopology.Dependencies deps = TopologyFixtures.dependencies(
            new Topics("t"), new PlannerConfig(Map.of("bootstrap.servers", "k:9092")).eagerCommits());

    @Test
    void shouldCommitAtOnceAStaleRecordThatReleasedAStepOnAQuietThread() {
        // Given the default settings and a record 100 ms old (stale) that released a step
        context.setCurrentSystemTimeMs(NOW);
        sendTask();

        // When it is processed on a thread with nothing else to do
        PlannerTopology.commitIfAwaited(context, deps, output, NOW - 100);

        // Then the planner asks for a commit at once
        assertThat(context.committed()).isTrue();
    }

    @Test
    void shouldLeaveABusyThreadsStaleRecordsToTheIntervalCommit() {
        // Given a thread that processed 50 records in this commit interval
        context.setCurrentSystemTimeMs(NOW);
        for (int i = 0; i < 50; i++) {
            PlannerTopology.commitIfAwaited(context, deps, output, NOW - 100);
        }
        context.resetCommit();

        // When a stale record releases a step, then a fresh one does
        sendTask();
        PlannerTopology.commitIfAwaited(context, deps, output, NOW - 100);
        boolean staleCommitted = context.committed();
        sendTask();
        PlannerTopology.commitIfAwaited(context, deps, output, NOW - 2);

        // Then only the fresh one is committed at once
        assertThat(staleCommitted).isFalse();
        assertThat(context.committed()).isTrue();
    }

    @Test
    void shouldNotCommitEarlyForARecordThatOnlySentEvents() {
        context.setCurrentSystemTimeMs(NOW);
        output.send(Destination.PLAN_EVENTS, "t.events", "p1", "{}".getBytes(StandardCharsets.UTF_8));

        PlannerTopology.commitIfAwaited(context, deps, output, NOW);

        assertThat(context.committed()).isFalse();
    }

    @Test
    void shouldCommitAfterEveryClockTickAndLeaveTheNextRecordNoFlag() {
        // Given a clock tick that releases a step (a retry after its backoff)
        context.setCurrentSystemTimeMs(NOW);
        PlannerTopology.clockTick(context, output, now -> sendTask()).accept(NOW);

        // Then the tick itself is committed
        assertThat(context.committed()).isTrue();
        context.resetCommit();

        // And the next record, which sends nothing awaited, does not ask for a commit on the tick's behalf
        PlannerTopology.commitIfAwaited(context, deps, output, NOW);
        assertThat(context.committed()).isFalse();
    }

    @Test
    void shouldCommitAfterAClockTickWhoseLogicFailed() {
        // Given a tick that sent a task and then failed
        context.setCurrentSystemTimeMs(NOW);
        PlannerTopology.clockTick(context, output, now -> {
                    sendTask();
                    throw new IllegalStateException("a bug in the plan logic");
                })
                .accept(NOW);

        // Then what it sent is committed all the same, and the clock goes on (the failure is logged)
        assertThat(context.committed()).isTrue();
        context.resetCommit();
        PlannerTopology.commitIfAwaited(context, deps, output, NOW);
        assertThat(context.committed()).isFalse();
    }

    private void sendTask() {
        output.send(Destination.STEP_TASKS, "t.steps.fast", "p1", "{}".getBytes(StandardCharsets.UTF_8));
    }
}
