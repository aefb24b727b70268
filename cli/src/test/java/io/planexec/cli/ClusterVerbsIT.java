package io.planexec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.planexec.cli.cluster.DevState;
import io.planexec.model.AgentRequest;
import io.planexec.model.CancelRequest;
import io.planexec.model.Dialect;
import io.planexec.model.ExecutorHeartbeat;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.RequestMessage;
import io.planexec.model.StepOutcome;
import io.planexec.model.StepStatus;
import io.planexec.model.ToolSpec;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The verbs that talk to a cluster, against a real broker, with the test playing planner and executors. */
@ExtendWith(KafkaClusterExtension.class)
class ClusterVerbsIT {

    private static final String OPENAI_REQUEST = """
            {"schema_version": 1, "plan_id": "%s",
             "tool_calls": [{"id": "call_1", "type": "function",
                             "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"SF\\"}"}}]}
            """;

    private final WireFormat wire = new WireFormat();

    @Test
    void shouldSubmitAndPrintTheResultWithAnExitCodeForItsStatus(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        // Given a request file and a planner that answers it
        Topics topics = topics(kafka);
        Path file = Files.writeString(dir.resolve("req.json"), OPENAI_REQUEST.formatted("p-ok"));
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> cli(kafka, topics, "submit", file.toString()));
        AgentRequest request = (AgentRequest) awaitRequest(kafka, topics);
        assertThat(request.replyTo()).isNull();
        reply(kafka, topics.planResults(), succeeded(request.planId()));

        // Then the command prints the result and exits 0
        Run done = run.get();
        assertThat(done.code()).as(done.err()).isEqualTo(ExitCodes.OK);
        assertThat(done.out())
                .contains("plan p-ok: SUCCEEDED")
                .contains("call_1")
                .contains("\"72F\"")
                .contains("\"tool_call_id\":\"call_1\"");
    }

    @Test
    void shouldExitOneWhenThePlanDidNotSucceed(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        Topics topics = topics(kafka);
        Path file = Files.writeString(dir.resolve("req.json"), OPENAI_REQUEST.formatted("p-bad"));
        CompletableFuture<Run> run =
                CompletableFuture.supplyAsync(() -> cli(kafka, topics, "submit", file.toString(), "--format", "json"));
        // the client reads the results from the end before it sends its request: answer only once it has
        awaitRequest(kafka, topics);

        reply(
                kafka,
                topics.planResults(),
                new PlanResult("p-bad", PlanStatus.FAILED, Dialect.OPENAI, List.of(), Map.of(), null, List.of()));

        Run done = run.get();
        assertThat(done.code()).isEqualTo(ExitCodes.NOT_SUCCESSFUL);
        assertThat(wire.readPlanResult(done.out().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(PlanStatus.FAILED);
    }

    @Test
    void shouldPublishWithoutWaiting(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        Topics topics = topics(kafka);
        Path file = Files.writeString(dir.resolve("req.json"), OPENAI_REQUEST.formatted("p-nowait"));

        Run done = cli(kafka, topics, "submit", file.toString(), "--no-wait");

        assertThat(done.code()).isEqualTo(ExitCodes.OK);
        assertThat(done.out()).contains("plan p-nowait published").contains(topics.planResults());
        assertThat(((AgentRequest) awaitRequest(kafka, topics)).replyTo()).isNull();
    }

    @Test
    void shouldSayWhenNoResultCameInTime(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        Topics topics = topics(kafka);
        Path file = Files.writeString(dir.resolve("req.json"), OPENAI_REQUEST.formatted("p-slow"));

        Run done = cli(kafka, topics, "submit", file.toString(), "--timeout", "300ms");

        assertThat(done.code()).isEqualTo(ExitCodes.NOT_SUCCESSFUL);
        assertThat(done.err()).contains("no result for plan p-slow").contains("./planexec watch p-slow");
    }

    @Test
    void shouldRejectABadRequestFileWithUsageCode(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        Topics topics = topics(kafka);
        Path file = Files.writeString(dir.resolve("req.json"), "{\"schema_version\": 1, \"plan_id\": \"p\"}");

        Run done = cli(kafka, topics, "submit", file.toString());

        assertThat(done.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(done.err()).contains("req.json").contains("tool_calls");
    }

    @Test
    void shouldListRegisteredToolsAsTableOrToolsFile(KafkaCluster kafka) throws Exception {
        Topics topics = topics(kafka);
        ToolSpec weather = ToolSpec.builder("get_weather")
                .writes("cache:weather")
                .idempotent(true)
                .build();
        ToolSpec unspecified = ToolSpec.builder("legacy_tool").build();
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(topics.tools(), "get_weather", wire.writeToolSpec(weather)));
            producer.send(new ProducerRecord<>(topics.tools(), "legacy_tool", wire.writeToolSpec(unspecified)));
            Instant now = Instant.now();
            ExecutorHeartbeat running = new ExecutorHeartbeat(
                    "exec-1", List.of("slow"), List.of("get_weather"), now, now.minusSeconds(2), 10_000, null);
            ExecutorHeartbeat stopped = new ExecutorHeartbeat(
                            "exec-0", List.of("slow"), List.of("get_weather"), now, now, 10_000, null)
                    .stopped(now.minus(Duration.ofMinutes(3)));
            for (ExecutorHeartbeat beat : List.of(running, stopped)) {
                producer.send(
                        new ProducerRecord<>(topics.executors(), beat.instance(), wire.writeExecutorHeartbeat(beat)));
            }
        }

        Run text = cli(kafka, topics, "tools");
        Run json = cli(kafka, topics, "tools", "--format", "json");

        assertThat(text.code()).isZero();
        assertThat(text.out())
                .contains("get_weather")
                .contains("writes cache:weather")
                .contains("legacy_tool")
                .contains("unknown (runs alone)");
        assertThat(text.out().lines().filter(l -> l.startsWith("get_weather")))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .contains(" MEDIUM ", " medium ")
                        .contains("exec-0 (stopped 3 min")
                        .containsPattern("exec-1 \\(seen \\d+ s ago\\)"));
        assertThat(text.out().lines().filter(l -> l.startsWith("legacy_tool")))
                .singleElement()
                .satisfies(l -> assertThat(l).endsWith("none seen"));
        assertThat(wire.readToolSpecs(json.out().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .containsExactly(weather, unspecified);
    }

    @Test
    void shouldPublishACancelRequestWithoutWaiting(KafkaCluster kafka) {
        Topics topics = topics(kafka);

        Run done = cli(kafka, topics, "cancel", "p-9", "--reason", "no longer needed", "--no-wait");

        assertThat(done.code()).isZero();
        assertThat(done.out()).contains("cancel request for plan p-9 published");
        assertThat(awaitRequest(kafka, topics)).isEqualTo(new CancelRequest("p-9", "no longer needed"));
    }

    @Test
    void shouldSayWhatTheCancelDidAsThePlannerAnswers(KafkaCluster kafka) throws Exception {
        // Given a planner (played by the test) that answers a cancel of an unknown plan
        Topics topics = topics(kafka);
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        CompletableFuture<Run> ignored = CompletableFuture.supplyAsync(() -> cli(kafka, topics, "cancel", "nobody"));
        awaitRequest(kafka, topics);
        publishEvents(
                kafka,
                topics,
                List.of(new PlanEvent(
                        "nobody",
                        PlanEventType.CANCEL_IGNORED,
                        null,
                        null,
                        null,
                        null,
                        t,
                        "no plan has this id (never accepted, or its result was purged after planner.retention.ms)")));

        // Then the command says so and exits 1
        Run done = ignored.get(60, TimeUnit.SECONDS);
        assertThat(done.code()).isEqualTo(ExitCodes.NOT_SUCCESSFUL);
        assertThat(done.out())
                .contains("plan nobody: cancel changed nothing: no plan has this id (never accepted, or its result"
                        + " was purged after planner.retention.ms)");

        // And with no planner at all, it says it got no answer
        Run unanswered = cli(kafka, topics, "cancel", "p-1", "--timeout", "1s");
        assertThat(unanswered.code()).isEqualTo(ExitCodes.NOT_SUCCESSFUL);
        assertThat(unanswered.err())
                .contains("the cancel request for plan p-1 was published, but the planner did not answer within 1 s"
                        + " (is it running?)");
    }

    @Test
    void shouldSayThatAWatchedPlanHasNoEventYetAndGiveUpAfterTheTimeout(KafkaCluster kafka) {
        Topics topics = topics(kafka);

        Run done = cli(kafka, topics, "watch", "never-existed", "--timeout", "2s");

        assertThat(done.code()).isEqualTo(ExitCodes.NOT_SUCCESSFUL);
        assertThat(done.err())
                .contains("no event of plan never-existed is retained on " + topics.events()
                        + "; waiting for it to start for up to 2 s")
                .contains("plan never-existed did not end within 2 s");
    }

    @Test
    void shouldWatchOnePlanFromItsStartUntilItEnds(KafkaCluster kafka) throws Exception {
        // Given a plan's events already published, and its end published later
        Topics topics = topics(kafka);
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        publishEvents(
                kafka,
                topics,
                List.of(
                        new PlanEvent("p-w", PlanEventType.PLAN_ACCEPTED, null, "RUNNING", null, null, t, "2 steps"),
                        new PlanEvent("other", PlanEventType.PLAN_ACCEPTED, null, "RUNNING", null, null, t, null),
                        new PlanEvent(
                                "p-w", PlanEventType.STEP_RELEASED, "a", "RELEASED", 1, null, t.plusMillis(1), null)));
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> cli(kafka, topics, "watch", "p-w"));
        publishEvents(
                kafka,
                topics,
                List.of(new PlanEvent(
                        "p-w", PlanEventType.PLAN_FINISHED, null, "PARTIAL", null, null, t.plusMillis(9), null)));

        // Then it prints this plan's transitions and exits with the plan's outcome
        Run done = run.get();
        assertThat(done.code()).isEqualTo(ExitCodes.NOT_SUCCESSFUL);
        assertThat(done.out().lines())
                .hasSize(3)
                .anySatisfy(l ->
                        assertThat(l).contains("STEP_RELEASED").contains("a").contains("release 1"))
                .noneSatisfy(l -> assertThat(l).contains("other"));
    }

    @Test
    void shouldSayHowToNameAClusterWhenNoneIsGiven(@TempDir Path home) {
        String previous = System.getProperty(DevState.HOME_PROPERTY);
        System.setProperty(DevState.HOME_PROPERTY, home.toString());
        try {
            Run done = run("tools");
            assertThat(done.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(done.err()).contains("--bootstrap").contains("./planexec dev");
        } finally {
            if (previous == null) {
                System.clearProperty(DevState.HOME_PROPERTY);
            } else {
                System.setProperty(DevState.HOME_PROPERTY, previous);
            }
        }
    }

    private static Topics topics(KafkaCluster kafka) {
        Topics topics = new Topics(kafka.uniquePrefix("cli"));
        kafka.createTopics(
                1, topics.requests(), topics.events(), topics.tools(), topics.executors(), topics.planResults());
        return topics;
    }

    private RequestMessage awaitRequest(KafkaCluster kafka, Topics topics) {
        List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.readAll(topics.requests()), list -> !list.isEmpty());
        return wire.readRequest(records.get(0).value());
    }

    private void reply(KafkaCluster kafka, String topic, PlanResult result) throws Exception {
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(topic, result.planId(), wire.writePlanResult(result)))
                    .get();
        }
    }

    private void publishEvents(KafkaCluster kafka, Topics topics, List<PlanEvent> events) throws Exception {
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            for (PlanEvent e : events) {
                producer.send(new ProducerRecord<>(topics.events(), e.planId(), wire.writePlanEvent(e)))
                        .get();
            }
        }
    }

    private static PlanResult succeeded(String planId) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        StepOutcome step =
                new StepOutcome(StepStatus.SUCCEEDED, 1, t, t.plusMillis(2), t.plusMillis(5), "exec-1", "72F", null);
        return new PlanResult(
                planId,
                PlanStatus.SUCCEEDED,
                Dialect.OPENAI,
                List.of(Map.of("role", "tool", "tool_call_id", "call_1", "content", "72F")),
                Map.of("call_1", step),
                null,
                List.of());
    }

    private static Run cli(KafkaCluster kafka, Topics topics, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--bootstrap";
        all[args.length + 1] = kafka.bootstrapServers();
        all[args.length + 2] = "--topic-prefix";
        all[args.length + 3] = topics.prefix();
        return run(all);
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PlanexecCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {}
}
