package io.planexec.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The records validate themselves and say what is wrong; the state machines allow only their transitions. */
class ModelValidationTest {

    private static final Instant T = Instant.parse("2026-01-31T12:00:00Z");

    @Test
    void shouldValidateRequests() {
        List<PlanStep> one = List.of(PlanStep.of("a", "t", Map.of()));

        assertThatThrownBy(() -> new AgentRequest("p 1", null, Dialect.STEPS, one, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plan_id must match [A-Za-z0-9_.:-]{1,200}, got 'p 1'");
        assertThatThrownBy(() -> new AgentRequest(null, null, Dialect.STEPS, one, null))
                .hasMessage("plan_id must match [A-Za-z0-9_.:-]{1,200}, got null");
        assertThatThrownBy(() -> new AgentRequest("p", "no/slash", Dialect.STEPS, one, null))
                .hasMessage("reply_to is not a valid Kafka topic name: 'no/slash'");
        assertThatThrownBy(() -> new AgentRequest("p", null, null, one, null))
                .hasMessage("plan 'p': dialect must be given");
        assertThatThrownBy(() -> new AgentRequest("p", null, Dialect.OPENAI, List.of(), null))
                .hasMessage("plan 'p': a plan needs at least one step");
        assertThat(new AgentRequest("p", null, Dialect.STEPS, one, null).options())
                .isEqualTo(RequestOptions.DEFAULTS);
    }

    /** The plan id check is a loop, for speed; the documented pattern is the specification it must match exactly. */
    @Test
    void shouldAcceptExactlyThePlanIdsOfTheDocumentedPattern() {
        Pattern documented = Pattern.compile("[A-Za-z0-9_.:\\-]{1,200}");
        Random random = new Random(20261202);
        List<String> candidates = new ArrayList<>(List.of(
                "",
                "a",
                "Z",
                "0",
                "_",
                ".",
                ":",
                "-",
                "p-1.2:3_x",
                "a".repeat(200),
                "a".repeat(201),
                "p 1",
                "p/1",
                "p\u00e9",
                "p\u0000",
                "p\n",
                "[]",
                "p+1",
                "p@1",
                "p`1",
                "p{1",
                "p~1",
                "p,1"));
        for (int i = 0; i < 20_000; i++) {
            char[] chars = new char[1 + random.nextInt(12)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) (random.nextInt(8) == 0 ? random.nextInt(0x3000) : 0x20 + random.nextInt(0x5f));
            }
            candidates.add(new String(chars));
        }
        for (String id : candidates) {
            boolean accepted;
            try {
                AgentRequest.requirePlanId(id);
                accepted = true;
            } catch (IllegalArgumentException e) {
                accepted = false;
            }
            assertThat(accepted)
                    .as("plan id '%s'", id)
                    .isEqualTo(documented.matcher(id).matches());
        }
    }

    @Test
    void shouldValidateOptions() {
        assertThatThrownBy(() -> new RequestOptions(-1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("options.max_retries must be between 0 and 100, got -1");
        assertThatThrownBy(() -> new RequestOptions(null, 0L))
                .hasMessage("options.deadline_ms must be positive, got 0");
    }

    @Test
    void shouldValidateSteps() {
        assertThatThrownBy(() -> PlanStep.of("", "t", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("step id must not be empty");
        assertThatThrownBy(() -> PlanStep.of("a", "", Map.of())).hasMessage("step 'a': tool must not be empty");
        assertThatThrownBy(() -> new PlanStep("a", "t", Map.of(), Arrays.asList("b", null), null, null, null, null))
                .hasMessage("step 'a': depends_on must not contain null");
        assertThatThrownBy(() -> new PlanStep("a", "t", Map.of(), null, null, null, "bad", null))
                .hasMessage("step 'a': argumentsError and rawArguments are given together or not at all");
        assertThatThrownBy(() -> PlanStep.of("a", "t", Map.of("x", new Object())))
                .hasMessage("not a JSON value: java.lang.Object");
        assertThatThrownBy(() -> PlanStep.of("a", "t", Map.of("x", List.of(Double.NaN))))
                .hasMessage("not a JSON value: NaN (JSON numbers are finite)");
        assertThatThrownBy(() -> StepResult.finished(
                        "p", "s", 1, StepStatus.SUCCEEDED, Float.POSITIVE_INFINITY, null, null, "e", T))
                .hasMessage("not a JSON value: Infinity (JSON numbers are finite)");
    }

    @Test
    void shouldFreezeArgumentsDeeply() {
        List<Object> inner = new ArrayList<>(List.of(1));
        PlanStep step = PlanStep.of("a", "t", Map.of("list", inner));
        inner.add(2);

        assertThat(step.args()).isEqualTo(Map.of("list", List.of(1)));
        assertThatThrownBy(() -> ((List<?>) step.args().get("list")).add(null))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldValidateToolSpecsNamingTheTool() {
        assertThatThrownBy(() -> ToolSpec.builder("a b").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tool name must match [A-Za-z0-9_.-]{1,128}, got 'a b'");
        assertThatThrownBy(() -> ToolSpec.builder("t").concurrencyCap(0).build())
                .hasMessage("tool 't': concurrency_cap must be at least 1, got 0");
        assertThatThrownBy(() -> ToolSpec.builder("t").timeoutMs(0).build())
                .hasMessage("tool 't': timeout_ms must be positive, got 0");
        assertThatThrownBy(() -> ToolSpec.builder("t").maxRetries(-1).build())
                .hasMessage("tool 't': max_retries must not be negative, got -1");
        assertThatThrownBy(() -> ToolSpec.builder("t").writes("file:{").build())
                .hasMessage("tool 't': writes: resource 'file:{': '{' at position 5 is not closed");
        assertThatThrownBy(() -> ToolSpec.builder("t").routingKey(" ").build())
                .hasMessage("tool 't': routing_key must not be blank");
        assertThatThrownBy(() -> ToolSpec.builder("t").queue("gpu.a").build())
                .hasMessage("tool 't': queue must match [A-Za-z0-9_-]{1,100} (it becomes part of the topic name"
                        + " <prefix>.steps.<queue>), got 'gpu.a'");
    }

    @Test
    void shouldTreatOneMissingResourceListAsEmptyAndBothMissingAsUnknown() {
        ToolSpec readsOnly = ToolSpec.builder("r").reads("db:x").build();
        ToolSpec unknown = ToolSpec.builder("u").build();

        assertThat(readsOnly.writes()).isEmpty();
        assertThat(readsOnly.hasResourceInfo()).isTrue();
        assertThat(unknown.reads()).isNull();
        assertThat(unknown.hasResourceInfo()).isFalse();
        assertThat(unknown.latencyClass()).isEqualTo(LatencyClass.MEDIUM);
        assertThat(unknown.timeoutMs()).isEqualTo(ToolSpec.DEFAULT_TIMEOUT_MS);
    }

    @Test
    void shouldValidateResultsAndAttempts() {
        assertThatThrownBy(() -> new StepResult(
                        "p", "s", 1, StepResult.Kind.STARTED, StepStatus.RUNNING, null, null, null, "e", T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a STARTED notice has no status");
        assertThatThrownBy(() -> StepResult.finished("p", "s", 1, StepStatus.RUNNING, null, null, null, "e", T))
                .hasMessage("a FINISHED result's status is SUCCEEDED, FAILED, TIMED_OUT or CANCELLED, got RUNNING"
                        + " (SKIPPED and UNKNOWN are the planner's to decide)");
        assertThatThrownBy(() -> StepResult.finished("p", "s", 1, StepStatus.UNKNOWN, null, null, null, "e", T))
                .hasMessageContaining("got UNKNOWN");
        assertThatThrownBy(() -> StepResult.started("p", "s", 0, "e", T))
                .hasMessage("release must be at least 1, got 0");
        assertThatThrownBy(() -> new Attempt(1, T, T, StepStatus.RUNNING, null, "e"))
                .hasMessage("attempt 1: status must be terminal, got RUNNING");
        assertThatThrownBy(() -> new Attempt(0, T, T, StepStatus.FAILED, null, "e"))
                .hasMessage("attempt number must be at least 1, got 0");
        assertThatThrownBy(() -> new PlanResult("p", PlanStatus.RUNNING, null, null, null, null, null))
                .hasMessage("plan 'p': a result needs a terminal status, got RUNNING");
        assertThatThrownBy(() -> new PlanError(List.of("a"), "")).hasMessage("a plan error needs a message");
    }

    @Test
    void shouldAllowOnlyTheDrawnStepTransitions() {
        assertThat(StepStatus.PENDING.canTransitionTo(StepStatus.RELEASED)).isTrue();
        assertThat(StepStatus.PENDING.canTransitionTo(StepStatus.SKIPPED)).isTrue();
        assertThat(StepStatus.PENDING.canTransitionTo(StepStatus.FAILED)).isTrue();
        assertThat(StepStatus.PENDING.canTransitionTo(StepStatus.RUNNING)).isFalse();
        assertThat(StepStatus.RELEASED.canTransitionTo(StepStatus.RUNNING)).isTrue();
        assertThat(StepStatus.RELEASED.canTransitionTo(StepStatus.SUCCEEDED)).isTrue();
        assertThat(StepStatus.RELEASED.canTransitionTo(StepStatus.SKIPPED)).isFalse();
        assertThat(StepStatus.RUNNING.canTransitionTo(StepStatus.UNKNOWN)).isTrue();
        assertThat(StepStatus.RUNNING.canTransitionTo(StepStatus.PENDING)).isFalse();
        for (StepStatus terminal : StepStatus.values()) {
            if (terminal.isTerminal()) {
                for (StepStatus next : StepStatus.values()) {
                    assertThat(terminal.canTransitionTo(next)).isFalse();
                }
            }
        }
    }

    @Test
    void shouldEndEveryPlanOnceFromRunning() {
        assertThat(PlanStatus.RUNNING.isTerminal()).isFalse();
        for (PlanStatus next : PlanStatus.values()) {
            assertThat(PlanStatus.RUNNING.canTransitionTo(next)).isEqualTo(next != PlanStatus.RUNNING);
            assertThat(PlanStatus.SUCCEEDED.canTransitionTo(next)).isFalse();
        }
    }

    @Test
    void shouldNameTopicsByLatencyClass() {
        assertThat(LatencyClass.VERY_SLOW.topicSuffix()).isEqualTo("very_slow");
        assertThat(LatencyClass.FAST.defaultEstimateMs()).isEqualTo(100);
    }

    @Test
    void shouldPublishAToolToItsOwnQueueOrElseToItsLatencyClasssQueue() {
        ToolSpec plain = ToolSpec.builder("a").latencyClass(LatencyClass.SLOW).build();
        ToolSpec queued = ToolSpec.builder("b")
                .latencyClass(LatencyClass.SLOW)
                .queue("gpu")
                .build();

        assertThat(plain.queue()).isNull();
        assertThat(plain.effectiveQueue()).isEqualTo("slow");
        assertThat(queued.effectiveQueue()).isEqualTo("gpu");
        assertThat(plain.withQueue("notes").effectiveQueue()).isEqualTo("notes");
        assertThat(plain.withQueue("notes").withQueue(null)).isEqualTo(plain);
        assertThat(io.planexec.topics.Topics.DEFAULT.steps(queued.effectiveQueue()))
                .isEqualTo("planexec.steps.gpu");
        assertThat(io.planexec.topics.Topics.DEFAULT.steps(LatencyClass.SLOW))
                .isEqualTo(io.planexec.topics.Topics.DEFAULT.steps(plain.effectiveQueue()));
        assertThat(StepQueues.latencyClass("very_slow")).contains(LatencyClass.VERY_SLOW);
        assertThat(StepQueues.latencyClass("gpu")).isEmpty();
    }

    @Test
    void shouldCountAnExecutorAsRunningUntilItStopsOrMissesThreeHeartbeats() {
        Instant seen = Instant.parse("2026-01-31T12:00:00Z");
        ExecutorHeartbeat beat = new ExecutorHeartbeat("e-1", List.of("fast"), List.of("t"), seen, seen, 1_000, null);

        assertThat(beat.liveAt(seen.plusMillis(2_999))).isTrue();
        assertThat(beat.liveAt(seen.plusMillis(3_000))).isFalse();
        assertThat(beat.stopped(seen.plusMillis(10)).liveAt(seen.plusMillis(20)))
                .isFalse();
        assertThat(beat.stopped(seen.plusMillis(10)).seen(seen.plusMillis(30)).liveAt(seen.plusMillis(40)))
                .isTrue();
        assertThatThrownBy(() -> new ExecutorHeartbeat("e-1", null, null, seen, seen, 0, null))
                .hasMessage("interval_ms must be positive, got 0");
    }
}
