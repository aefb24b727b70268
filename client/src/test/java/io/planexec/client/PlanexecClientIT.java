package io.planexec.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.planexec.model.AgentRequest;
import io.planexec.model.CancelRequest;
import io.planexec.model.Dialect;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.RequestMessage;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.ResultRecords;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client against a real broker, with the test playing the planner on the real topics. */
@ExtendWith(KafkaClusterExtension.class)
class PlanexecClientIT {

    private static final int RESULT_PARTITIONS = 6;

    private final WireFormat wire = new WireFormat();

    @Test
    void shouldCompleteTheFutureWithTheResultReadFromTheResultsTopicWithoutATopicOfItsOwn(KafkaCluster kafka)
            throws Exception {
        // Given a client and a request, and the cluster's topics before the client starts
        Topics topics = topicsFor(kafka);
        Set<String> topicsBefore = topicNames(kafka);
        try (PlanexecClient client = client(kafka, topics, "c1")) {
            AgentRequest request = Requests.openAi("p-1")
                    .call("call_1", "get_weather", Map.of("city", "SF"))
                    .build();

            // When it is submitted and the planner answers on the results topic
            CompletableFuture<PlanResult> future = client.submit(request);
            AgentRequest received =
                    (AgentRequest) awaitRequests(kafka, topics, 1).get(0);
            assertThat(received.replyTo()).isNull();
            assertThat(received.steps()).isEqualTo(request.steps());
            reply(kafka, topics.planResults(), result("p-1", PlanStatus.SUCCEEDED));

            // Then the future completes with that result; the client read only the plan's partition, and created no
            // topic
            assertThat(future.get(30, TimeUnit.SECONDS).status()).isEqualTo(PlanStatus.SUCCEEDED);
            assertThat(client.replyTopic()).isEqualTo(topics.planResults());
            assertThat(client.replyPartitionsRead()).containsExactly(partitionOf("p-1"));
            assertThat(topicNames(kafka)).isEqualTo(topicsBefore);
        }
        assertThat(topicNames(kafka)).isEqualTo(topicsBefore);
    }

    @Test
    void shouldReturnThePendingFutureForAResubmittedPlanIdAndIgnoreOtherPlansResults(KafkaCluster kafka)
            throws Exception {
        Topics topics = topicsFor(kafka);
        try (PlanexecClient client = client(kafka, topics, "c2")) {
            AgentRequest request =
                    Requests.steps("p-2").step("a", "sleep", Map.of()).build();

            CompletableFuture<PlanResult> first = client.submit(request);
            CompletableFuture<PlanResult> second = client.submit(request);
            assertThat(second).isSameAs(first);

            // A result for a plan this client never submitted does not complete anything
            reply(kafka, topics.planResults(), result("someone-else", PlanStatus.FAILED));
            reply(kafka, topics.planResults(), result("p-2", PlanStatus.PARTIAL));

            assertThat(first.get(30, TimeUnit.SECONDS).planId()).isEqualTo("p-2");
            assertThat(awaitRequests(kafka, topics, 1)).hasSize(1);
        }
    }

    @Test
    void shouldPutAResultSentInPartsBackTogether(KafkaCluster kafka) throws Exception {
        // Given a pending plan whose result is larger than one record
        Topics topics = topicsFor(kafka);
        try (PlanexecClient client = client(kafka, topics, "c-parts")) {
            CompletableFuture<PlanResult> future = client.submit(
                    Requests.openAi("p-big").call("c", "t", Map.of()).build());
            awaitRequests(kafka, topics, 1);
            String big = "x".repeat(50_000);
            PlanResult whole = new PlanResult(
                    "p-big",
                    PlanStatus.SUCCEEDED,
                    Dialect.OPENAI,
                    List.of(Map.of("role", "tool", "tool_call_id", "c", "content", big)),
                    Map.of(),
                    null,
                    List.of());
            byte[] bytes = wire.writePlanResult(whole);

            // When the planner publishes it in parts of 16 KB (as it does above planner.max.message.bytes)
            List<byte[]> parts = ResultRecords.split(bytes, 16 * 1024);
            try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
                for (int i = 0; i < parts.size(); i++) {
                    ProducerRecord<String, byte[]> record =
                            new ProducerRecord<>(topics.planResults(), "p-big", parts.get(i));
                    record.headers()
                            .add(
                                    ResultRecords.PART,
                                    new ResultRecords.Part(i + 1, parts.size())
                                            .text()
                                            .getBytes(StandardCharsets.UTF_8));
                    record.headers().add(ResultRecords.RESULT_ID, "42".getBytes(StandardCharsets.UTF_8));
                    producer.send(record).get();
                }
            }

            // Then the future completes with the whole result
            assertThat(parts).hasSizeGreaterThan(2);
            assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo(whole);
        }
    }

    @Test
    void shouldReadResultsFromAReplyTopicOfTheAgentsOwn(KafkaCluster kafka) throws Exception {
        // Given an agent with a topic of its own (created by an operator)
        Topics topics = topicsFor(kafka);
        String agentTopic = topics.prefix() + ".agent-7";
        kafka.createTopics(2, agentTopic);
        try (PlanexecClient client = PlanexecClient.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topicPrefix(topics.prefix())
                .replyTopic(agentTopic)
                .build()) {
            // When it submits, the request names that topic, and the result copied there completes the future
            CompletableFuture<PlanResult> future = client.submit(
                    Requests.openAi("p-own").call("c", "t", Map.of()).build());
            assertThat(((AgentRequest) awaitRequests(kafka, topics, 1).get(0)).replyTo())
                    .isEqualTo(agentTopic);
            reply(kafka, agentTopic, result("p-own", PlanStatus.SUCCEEDED));
            assertThat(future.get(30, TimeUnit.SECONDS).status()).isEqualTo(PlanStatus.SUCCEEDED);
        }
    }

    @Test
    void shouldTimeOutWhenNoResultComes(KafkaCluster kafka) throws Exception {
        Topics topics = topicsFor(kafka);
        try (PlanexecClient client = client(kafka, topics, "c3")) {
            CompletableFuture<PlanResult> future = client.submit(
                    Requests.openAi("p-3").call("c", "t", Map.of()).build(), Duration.ofMillis(300));

            assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void shouldPublishCancelRequestsAndDeliverPlanEvents(KafkaCluster kafka) throws Exception {
        Topics topics = topicsFor(kafka);
        try (PlanexecClient client = client(kafka, topics, "c4")) {
            List<PlanEvent> seen = new CopyOnWriteArrayList<>();
            try (AutoCloseable subscription = client.onEvents("p-4", seen::add)) {
                // When a cancel is sent and events for two plans are published
                client.cancel("p-4", "user changed their mind");
                PlanEvent mine = new PlanEvent(
                        "p-4", PlanEventType.PLAN_ACCEPTED, null, "RUNNING", null, null, Instant.now(), null);
                PlanEvent other = new PlanEvent(
                        "p-x", PlanEventType.PLAN_ACCEPTED, null, "RUNNING", null, null, Instant.now(), null);
                try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
                    producer.send(new ProducerRecord<>(topics.events(), "p-x", wire.writePlanEvent(other)));
                    producer.send(new ProducerRecord<>(topics.events(), "p-4", wire.writePlanEvent(mine)));
                }

                // Then the cancel request is on the requests topic, and only this plan's event reaches the listener
                assertThat(awaitRequests(kafka, topics, 1).get(0))
                        .isEqualTo(new CancelRequest("p-4", "user changed their mind"));
                await().atMost(Duration.ofSeconds(30)).until(() -> !seen.isEmpty());
                assertThat(seen).containsExactly(mine);
            }
        }
    }

    @Test
    void shouldFailPendingFuturesOnCloseAndRefuseNewRequests(KafkaCluster kafka) throws Exception {
        Topics topics = topicsFor(kafka);
        PlanexecClient client = client(kafka, topics, "c5");
        CompletableFuture<PlanResult> pending =
                client.submit(Requests.openAi("p-5").call("c", "t", Map.of()).build());

        client.close();

        assertThat(pending).isCompletedExceptionally();
        assertThatThrownBy(() -> client.submit(
                        Requests.openAi("p-6").call("c", "t", Map.of()).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void shouldSayWhenTheResultsTopicIsMissing(KafkaCluster kafka) {
        Topics topics = new Topics(kafka.uniquePrefix("client-missing"));
        assertThatThrownBy(() -> PlanexecClient.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topicPrefix(topics.prefix())
                        .startTimeout(Duration.ofSeconds(20))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot read results from '" + topics.planResults() + "' at " + kafka.bootstrapServers()
                        + ": topic '" + topics.planResults() + "' does not exist");
    }

    @Test
    void shouldRefuseARequestAddressedToAnotherReplyTopic(KafkaCluster kafka) throws Exception {
        Topics topics = topicsFor(kafka);
        try (PlanexecClient client = client(kafka, topics, "c6")) {
            AgentRequest elsewhere = Requests.openAi("p-7")
                    .call("c", "t", Map.of())
                    .replyTo("somewhere.else")
                    .build();
            assertThatThrownBy(() -> client.submit(elsewhere))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("somewhere.else")
                    .hasMessageContaining(client.replyTopic());
        }
    }

    @Test
    void shouldSayWhichClusterIsUnreachable() {
        assertThatThrownBy(() -> PlanexecClient.builder()
                        .bootstrapServers("127.0.0.1:1")
                        .startTimeout(Duration.ofSeconds(2))
                        .kafkaProperty("request.timeout.ms", 1000)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:1");
    }

    private static Topics topicsFor(KafkaCluster kafka) {
        Topics topics = new Topics(kafka.uniquePrefix("client"));
        kafka.createTopics(1, topics.requests(), topics.events());
        kafka.createTopics(RESULT_PARTITIONS, topics.planResults());
        return topics;
    }

    private static int partitionOf(String planId) {
        return Utils.toPositive(Utils.murmur2(planId.getBytes(StandardCharsets.UTF_8))) % RESULT_PARTITIONS;
    }

    private static Set<String> topicNames(KafkaCluster kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private static PlanexecClient client(KafkaCluster kafka, Topics topics, String id) throws InterruptedException {
        return PlanexecClient.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topicPrefix(topics.prefix())
                .clientId(topics.prefix() + "-" + id)
                .build();
    }

    private List<RequestMessage> awaitRequests(KafkaCluster kafka, Topics topics, int count) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> kafka.readAll(topics.requests()).stream()
                                .map(ConsumerRecord::value)
                                .map(wire::readRequest)
                                .toList(),
                        list -> list.size() >= count);
    }

    private void reply(KafkaCluster kafka, String topic, PlanResult result) throws Exception {
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(topic, result.planId(), wire.writePlanResult(result)))
                    .get();
        }
    }

    private static PlanResult result(String planId, PlanStatus status) {
        return new PlanResult(planId, status, Dialect.OPENAI, List.of(), Map.of(), null, List.of());
    }
}
