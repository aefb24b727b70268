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
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client against a real broker, with the test playing the planner on the real topics. */
@ExtendWith(KafkaClusterExtension.class)
class PlanexecClientIT {

    private final WireFormat wire = new WireFormat();

    @Test
    void shouldCompleteTheFutureWithTheResultSentToItsOwnReplyTopic(KafkaCluster kafka) throws Exception {
        // Given a client and a request
        Topics topics = topicsFor(kafka);
        try (PlanexecClient client = client(kafka, topics, "c1")) {
            AgentRequest request = Requests.openAi("p-1")
                    .call("call_1", "get_weather", Map.of("city", "SF"))
                    .build();

            // When it is submitted and the planner answers on the request's reply_to
            CompletableFuture<PlanResult> future = client.submit(request);
            AgentRequest received =
                    (AgentRequest) awaitRequests(kafka, topics, 1).get(0);
            assertThat(received.replyTo()).isEqualTo(client.replyTopic());
            assertThat(received.steps()).isEqualTo(request.steps());
            reply(kafka, received.replyTo(), result("p-1", PlanStatus.SUCCEEDED));

            // Then the future completes with that result
            assertThat(future.get(30, java.util.concurrent.TimeUnit.SECONDS).status())
                    .isEqualTo(PlanStatus.SUCCEEDED);
        }
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
            reply(kafka, client.replyTopic(), result("someone-else", PlanStatus.FAILED));
            reply(kafka, client.replyTopic(), result("p-2", PlanStatus.PARTIAL));

            assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS).planId())
                    .isEqualTo("p-2");
            assertThat(awaitRequests(kafka, topics, 1)).hasSize(1);
        }
    }

    @Test
    void shouldTimeOutWhenNoResultComes(KafkaCluster kafka) throws Exception {
        Topics topics = topicsFor(kafka);
        try (PlanexecClient client = client(kafka, topics, "c3")) {
            CompletableFuture<PlanResult> future = client.submit(
                    Requests.openAi("p-3").call("c", "t", Map.of()).build(), Duration.ofMillis(300));

            assertThatThrownBy(() -> future.get(30, java.util.concurrent.TimeUnit.SECONDS))
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
                PlanEvent mine =
                        new PlanEvent("p-4", PlanEventType.PLAN_ACCEPTED, null, "RUNNING", null, Instant.now(), null);
                PlanEvent other =
                        new PlanEvent("p-x", PlanEventType.PLAN_ACCEPTED, null, "RUNNING", null, Instant.now(), null);
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
    void shouldDeleteItsReplyTopicOnCloseAndFailPendingFutures(KafkaCluster kafka) throws Exception {
        Topics topics = topicsFor(kafka);
        PlanexecClient client = client(kafka, topics, "c5");
        String replyTopic = client.replyTopic();
        CompletableFuture<PlanResult> pending =
                client.submit(Requests.openAi("p-5").call("c", "t", Map.of()).build());

        client.close();

        assertThat(pending).isCompletedExceptionally();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !admin.listTopics().names().get().contains(replyTopic));
        }
        assertThatThrownBy(() -> client.submit(
                        Requests.openAi("p-6").call("c", "t", Map.of()).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
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
        return topics;
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
