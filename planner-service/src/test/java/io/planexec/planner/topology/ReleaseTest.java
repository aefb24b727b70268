package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.LatencyClass;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReleaseTest {

    private final PlannerDriver planner = new PlannerDriver().register(TestTools.ALL);

    @AfterEach
    void close() {
        planner.close();
    }

    @Test
    void shouldReleaseEveryIndependentStepAtOnce() {
        // Given three independent tool calls
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-par", "tool_calls": [
                  {"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"SF\\"}"}},
                  {"id": "c2", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"NY\\"}"}},
                  {"id": "c3", "type": "function", "function": {"name": "get_news", "arguments": "{\\"topic\\": \\"tech\\"}"}}]}
                """);

        // Then all three are released in the same pass, to their latency-class topics
        List<StepTask> tasks = planner.tasks();
        assertThat(tasks).extracting(StepTask::stepId).containsExactlyInAnyOrder("c1", "c2", "c3");
        assertThat(tasks)
                .filteredOn(t -> t.stepId().equals("c3"))
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.latencyClass()).isEqualTo(LatencyClass.MEDIUM);
                    assertThat(t.release()).isEqualTo(1);
                    assertThat(t.routingKey()).isEqualTo("p-par/c3");
                    assertThat(t.idempotencyKey()).isEqualTo("p-par/c3/1");
                    assertThat(t.idempotent()).isTrue();
                    assertThat(t.maxRetries()).isEqualTo(2);
                    assertThat(t.args()).containsEntry("topic", "tech");
                    assertThat(t.releasedAt()).isEqualTo(PlannerDriver.START);
                    assertThat(t.deadline()).isEqualTo(PlannerDriver.START.plus(Duration.ofMinutes(5)));
                });
        assertThat(planner.events(PlanEventType.STEP_RELEASED)).hasSize(3);
        assertThat(planner.metrics.activePlans()).isEqualTo(1.0);

        // When the executor answers all three
        planner.advance(Duration.ofMillis(20));
        tasks.forEach(t -> planner.succeed(t, Map.of("for", t.stepId())));

        // Then the plan ends with one result
        List<PlanResult> results = planner.results();
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(PlanStatus.SUCCEEDED);
            assertThat(r.steps()).containsOnlyKeys("c1", "c2", "c3");
            assertThat(r.stats().makespanMs()).isEqualTo(20);
        });
        assertThat(planner.metrics.activePlans()).isEqualTo(0.0);
    }

    @Test
    void shouldOrderStepsThatTouchTheSameResource() {
        // Given a create, a list and an update of the same table (the update uses the create's output)
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-users", "steps": [
                  {"id": "create", "tool": "create_user", "args": {"name": "Ann"}},
                  {"id": "list", "tool": "list_users", "args": {}},
                  {"id": "create2", "tool": "create_user", "args": {"name": "Bob"}}]}
                """);

        // Then only the first writer is released, keyed by the resource it writes
        List<TestRecord<String, byte[]>> first = planner.taskRecords(LatencyClass.FAST);
        assertThat(first).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("database:users"));
        StepTask create = planner.wire.readStepTask(first.get(0).value());
        assertThat(create.stepId()).isEqualTo("create");

        // When it fails, the reader still runs after it (an ordering edge), then the second writer
        planner.fail(create, StepStatus.FAILED, "duplicate user");
        List<StepTask> second = planner.tasks();
        assertThat(second).extracting(StepTask::stepId).containsExactly("list");
        assertThat(second.get(0).routingKey()).isEqualTo("p-users/list");
        planner.succeed(second.get(0), List.of());
        List<StepTask> third = planner.tasks();
        assertThat(third).extracting(StepTask::stepId).containsExactly("create2");
        planner.succeed(third.get(0), Map.of("id", 2));

        assertThat(planner.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(PlanStatus.PARTIAL);
            assertThat(r.steps().get("create").status()).isEqualTo(StepStatus.FAILED);
            assertThat(r.steps().get("create").error()).isEqualTo("duplicate user");
        });
    }

    @Test
    void shouldResolveReferencesAndArtifactsWithPointersFromStoredOutputs() {
        // Given a fetch whose output feeds two steps: one by artifact, one by $ref with a JSON pointer
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-refs", "steps": [
                  {"id": "fetch", "tool": "fetch_users", "args": {"limit": 2}, "produces": ["users"]},
                  {"id": "export", "tool": "export_users",
                   "args": {"users": {"$artifact": "users"}, "filename": "users.json"}},
                  {"id": "mail", "tool": "send_email",
                   "args": {"to": {"$ref": "fetch", "path": "/items/1/email"}, "count": {"$ref": "fetch", "path": "/total"},
                            "all": [{"$artifact": "users", "path": "/items/0"}]}}]}
                """);
        StepTask fetch = planner.tasks().get(0);
        assertThat(fetch.stepId()).isEqualTo("fetch");

        // When it succeeds
        planner.succeed(
                fetch,
                Map.of(
                        "items",
                        List.of(Map.of("email", "ann@example.com"), Map.of("email", "bob@example.com")),
                        "total",
                        2));

        // Then both dependents are released with concrete arguments
        List<StepTask> next = planner.tasks();
        assertThat(next).extracting(StepTask::stepId).containsExactlyInAnyOrder("export", "mail");
        StepTask export = next.stream()
                .filter(t -> t.stepId().equals("export"))
                .findFirst()
                .orElseThrow();
        StepTask mail =
                next.stream().filter(t -> t.stepId().equals("mail")).findFirst().orElseThrow();
        assertThat(export.routingKey()).isEqualTo("file:users.json");
        assertThat(export.latencyClass()).isEqualTo(LatencyClass.SLOW);
        assertThat(export.args().get("users")).isInstanceOf(Map.class);
        assertThat(mail.args()).containsEntry("to", "bob@example.com");
        assertThat(((Number) mail.args().get("count")).intValue()).isEqualTo(2);
        assertThat(mail.args().get("all")).isEqualTo(List.of(Map.of("email", "ann@example.com")));
    }

    @Test
    void shouldReleaseALiteralArgumentAsWrittenWithoutWaitingForAnything() {
        // Given a step whose argument is a JSON Schema holding $ref, passed as a literal, and a file name as a literal
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-literal", "steps": [
                  {"id": "export", "tool": "export_users",
                   "args": {"users": {"$literal": {"$ref": "#/definitions/User", "definitions": {"User": {}}}},
                            "filename": {"$literal": "users.json"}}}]}
                """);

        // Then the plan is accepted and the step released at once, with the literals' values exactly, keyed by the
        // file the literal names
        StepTask export = planner.tasks().get(0);
        assertThat(export.args())
                .containsEntry("users", Map.of("$ref", "#/definitions/User", "definitions", Map.of("User", Map.of())))
                .containsEntry("filename", "users.json");
        assertThat(export.routingKey()).isEqualTo("file:users.json");
    }

    @Test
    void shouldFailAStepWhosePointerSelectsNothingAndSkipItsDependents() {
        // Given a step that reads /items/5 of an output with two items, and one that needs that step
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-badptr", "steps": [
                  {"id": "fetch", "tool": "fetch_users", "args": {}},
                  {"id": "mail", "tool": "send_email", "args": {"to": {"$ref": "fetch", "path": "/items/5"}}},
                  {"id": "after", "tool": "get_weather", "args": {"x": {"$ref": "mail"}}}]}
                """);

        // When fetch succeeds
        planner.succeed(planner.tasks().get(0), Map.of("items", List.of(1, 2)));

        // Then mail fails without being released, naming the reference, and its dependent is skipped
        assertThat(planner.tasks()).isEmpty();
        PlanResult result = planner.results().get(0);
        assertThat(result.steps().get("mail").status()).isEqualTo(StepStatus.FAILED);
        assertThat(result.steps().get("mail").error())
                .isEqualTo("its arguments cannot be resolved: args.to: $ref 'fetch' path '/items/5': no element 5 at"
                        + " /items/5 (the array has 2)");
        assertThat(result.steps().get("after").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(result.status()).isEqualTo(PlanStatus.PARTIAL);
    }

    @Test
    void shouldReleaseEachLevelOfAChainWhenItsPredecessorSucceeds() {
        // Given a chain of three
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-chain", "steps": [
                  {"id": "a", "tool": "get_weather", "args": {}},
                  {"id": "b", "tool": "get_weather", "args": {"in": {"$ref": "a"}}},
                  {"id": "c", "tool": "get_weather", "args": {"in": {"$ref": "b"}}}]}
                """);

        // When each step succeeds, the next is released in the same pass
        for (String expected : List.of("a", "b", "c")) {
            List<StepTask> tasks = planner.tasks();
            assertThat(tasks).extracting(StepTask::stepId).containsExactly(expected);
            planner.advance(Duration.ofMillis(10));
            planner.succeed(tasks.get(0), expected + "-out");
        }

        // Then the result reports times and the critical path actually taken
        PlanResult result = planner.results().get(0);
        assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
        assertThat(result.steps().get("c").readyAt()).isEqualTo(PlannerDriver.START.plusMillis(20));
        assertThat(result.steps().get("c").finishedAt()).isEqualTo(PlannerDriver.START.plusMillis(30));
        assertThat(result.stats().makespanMs()).isEqualTo(30);
        assertThat(planner.tasks()).isEmpty();
    }
}
