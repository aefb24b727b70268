package io.planexec.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.model.AgentRequest;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepOutcome;
import io.planexec.model.StepStatus;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The in-process design's promises, end to end: the whole system (planner, executor with the demo tools) on a real
 * broker, driven through the Java client as an agent would.
 */
@ExtendWith(KafkaClusterExtension.class)
class SeedScenariosIT {

    private static Standalone planexec;
    private static PlanexecClient client;
    private static KafkaCluster cluster;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        cluster = kafka;
        planexec = Standalone.builder()
                .bootstrap(kafka.bootstrapServers())
                .topicPrefix(kafka.uniquePrefix("seed"))
                .start();
        client = PlanexecClient.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topicPrefix(planexec.topics().prefix())
                .build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (planexec != null) {
            planexec.close();
        }
    }

    @Test
    void shouldRunThreeIndependentTwoSecondToolsInAboutTwoSecondsNotSix() throws Exception {
        // Given weather, news and a sleep, each taking 2 s and touching different resources
        AgentRequest request = Requests.openAi("seed-three")
                .call("call_1", "get_weather", Map.of("city", "SF"))
                .call("call_2", "get_news", Map.of("topic", "tech"))
                .call("call_3", "sleep", Map.of("ms", 2000, "value", "rested"))
                .build();

        // When the agent submits them at once
        PlanResult result = run(request);

        // Then they all ran at the same time: about 2 s in all, where one after another takes 6 s
        assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
        assertThat(result.stats().makespanMs()).isBetween(2_000L, 3_500L);
        assertThat(result.stats().serialMs()).isGreaterThanOrEqualTo(6_000L);
        assertOverlap(result, "call_1", "call_2");
        assertOverlap(result, "call_2", "call_3");
        assertThat(result.messages())
                .extracting(m -> m.get("content"))
                .containsExactly(
                        "Weather in SF: 72°F, sunny",
                        "News about tech: planexec runs tool calls in parallel",
                        "rested");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCreateListAndUpdateAUserStrictlyInOrder() throws Exception {
        // Given create, list and update of the same table, the update naming the created id
        AgentRequest request = Requests.openAi("seed-users")
                .call("create", "create_user", Map.of("name", "Ann"))
                .call("list", "list_users", Map.of())
                .call("update", "update_user", Map.of("id", Requests.ref("create", "/id"), "name", "Ann B."))
                .build();

        PlanResult result = run(request);

        // Then each waited for the one before, the list saw the new user, and the update renamed it
        assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
        assertBefore(result, "create", "list");
        assertBefore(result, "list", "update");
        Map<String, Object> created =
                (Map<String, Object>) result.steps().get("create").output();
        assertThat((List<Object>) result.steps().get("list").output()).contains(created);
        assertThat(result.steps().get("update").output()).isEqualTo(Map.of("id", created.get("id"), "name", "Ann B."));
    }

    @Test
    void shouldExportOnlyAfterFetchingThroughAnArtifact() throws Exception {
        AgentRequest request = Requests.steps("seed-export")
                .step("export", "export_users", Map.of("users", Requests.artifact("users"), "filename", "users.csv"))
                .step("fetch", "fetch_users", Map.of("limit", 100))
                .produces("users")
                .build();

        PlanResult result = run(request);

        assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
        assertBefore(result, "fetch", "export");
        int fetched = ((List<?>) result.steps().get("fetch").output()).size();
        assertThat(result.steps().get("export").output())
                .isEqualTo(Map.of("filename", "users.csv", "written", fetched));
    }

    @Test
    void shouldRejectACycleNamingItsPath() throws Exception {
        AgentRequest request = Requests.steps("seed-cycle")
                .step("a", "sleep", Map.of("value", Requests.ref("c")))
                .step("b", "sleep", Map.of())
                .dependsOn("a")
                .step("c", "sleep", Map.of())
                .dependsOn("b")
                .build();

        PlanResult result = run(request);

        assertThat(result.status()).isEqualTo(PlanStatus.REJECTED);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.message()).isEqualTo("cycle: a -> b -> c -> a");
            assertThat(e.steps()).containsExactly("a", "b", "c", "a");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldFailAnUnknownToolListingTheKnownOnesWhileIndependentStepsSucceed() throws Exception {
        AgentRequest request = Requests.anthropic("seed-unknown")
                .call("toolu_1", "get_wether", Map.of("city", "SF"))
                .call("toolu_2", "sleep", Map.of("ms", 10, "value", "fine"))
                .build();

        PlanResult result = run(request);

        assertThat(result.status()).isEqualTo(PlanStatus.PARTIAL);
        assertThat(result.steps().get("toolu_1").status()).isEqualTo(StepStatus.FAILED);
        assertThat(result.steps().get("toolu_1").error())
                .contains("unknown tool 'get_wether'")
                .contains("get_weather")
                .contains("list_users");
        assertThat(result.steps().get("toolu_2").status()).isEqualTo(StepStatus.SUCCEEDED);
        // One user message of tool_result blocks, the failed one marked as an error
        assertThat(result.messages()).singleElement().satisfies(m -> {
            assertThat(m.get("role")).isEqualTo("user");
            List<Object> isError = new java.util.ArrayList<>();
            for (Object block : (List<?>) m.get("content")) {
                isError.add(((Map<?, ?>) block).get("is_error"));
            }
            assertThat(isError).containsExactly(true, false);
        });
    }

    @Test
    void shouldRetryAFlakyIdempotentToolToSuccess() throws Exception {
        AgentRequest request = Requests.openAi("seed-flaky")
                .call("call_1", "flaky", Map.of("fail_times", 2, "key", "seed-flaky"))
                .maxRetries(3)
                .build();

        PlanResult result = run(request);

        assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
        assertThat(result.steps().get("call_1").attempts()).isEqualTo(3);
        assertThat(result.steps().get("call_1").output()).isEqualTo(Map.of("key", "seed-flaky", "attempts", 3));
    }

    @Test
    void shouldSkipWhatDependsOnAFailureAndRunTheRest() throws Exception {
        AgentRequest request = Requests.steps("seed-skip")
                .step("boom", "fail", Map.of("message", "disk full"))
                .step("after", "sleep", Map.of("value", Requests.ref("boom")))
                .step("aside", "sleep", Map.of("value", "independent"))
                .build();

        PlanResult result = run(request);

        assertThat(result.status()).isEqualTo(PlanStatus.PARTIAL);
        assertThat(result.steps().get("boom").error()).contains("disk full");
        assertThat(result.steps().get("after").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(result.steps().get("aside").status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void shouldEndAPlanPastItsDeadlineTimedOut() throws Exception {
        AgentRequest request = Requests.openAi("seed-deadline")
                .call("call_1", "sleep", Map.of("ms", 10_000, "value", "too late"))
                .deadlineMs(500)
                .build();

        long start = System.nanoTime();
        PlanResult result = run(request);

        assertThat(result.status()).isEqualTo(PlanStatus.TIMED_OUT);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        assertThat(result.steps().get("call_1").status()).isIn(StepStatus.CANCELLED, StepStatus.TIMED_OUT);
    }

    @Test
    void shouldDeliverEveryOutputOfATenThousandStepPlan() throws Exception {
        // Given a plan of 10,000 independent steps, each returning its own 16-character output (a result of about
        // 3 MB, three times the largest record)
        Requests.Builder builder = Requests.steps("seed-10k");
        for (int i = 0; i < 10_000; i++) {
            builder.step("s" + i, "sleep", Map.of("value", "%016d".formatted(i)));
        }

        // When the agent runs it
        PlanResult result =
                client.submit(builder.build(), Duration.ofMinutes(2)).get(130, TimeUnit.SECONDS);

        // Then it succeeded, and its one result, delivered in parts, carries every output
        assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
        assertThat(result.steps()).hasSize(10_000);
        assertThat(result.errors()).isEmpty();
        for (int i = 0; i < 10_000; i += 997) {
            assertThat(result.steps().get("s" + i).output()).isEqualTo("%016d".formatted(i));
        }
        assertThat(result.steps().values())
                .extracting(StepOutcome::output)
                .doesNotContainNull()
                .hasSize(10_000);
        assertThat(cluster.readAll(planexec.topics().planResults()))
                .filteredOn(r -> r.key().equals("seed-10k"))
                .hasSizeGreaterThanOrEqualTo(3);
    }

    private static PlanResult run(AgentRequest request) throws Exception {
        return client.submit(request, Duration.ofSeconds(60)).get(70, TimeUnit.SECONDS);
    }

    private static void assertOverlap(PlanResult result, String a, String b) {
        StepOutcome x = result.steps().get(a);
        StepOutcome y = result.steps().get(b);
        assertThat(x.startedAt()).as("%s starts before %s ends", a, b).isBefore(y.finishedAt());
        assertThat(y.startedAt()).as("%s starts before %s ends", b, a).isBefore(x.finishedAt());
    }

    private static void assertBefore(PlanResult result, String first, String then) {
        StepOutcome x = result.steps().get(first);
        StepOutcome y = result.steps().get(then);
        assertThat(y.startedAt()).as("%s starts after %s ended", then, first).isAfterOrEqualTo(x.finishedAt());
    }
}
