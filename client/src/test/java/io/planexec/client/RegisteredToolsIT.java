package io.planexec.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.planexec.model.LatencyClass;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.ToolSpec;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class RegisteredToolsIT {

    private final WireFormat wire = new WireFormat();

    @Test
    void shouldListTheLatestSpecOfEachToolAndLeaveOutRemovedUnreadableAndMisnamedOnes(KafkaCluster kafka)
            throws Exception {
        // Given a tools topic with an update, a removal and a broken record
        Topics topics = new Topics(kafka.uniquePrefix("tools"));
        kafka.createTopics(1, topics.tools());
        ToolSpec weatherV1 =
                ToolSpec.builder("get_weather").writes("cache:weather").build();
        ToolSpec weatherV2 = ToolSpec.builder("get_weather")
                .writes("cache:weather")
                .idempotent(true)
                .latencyClass(LatencyClass.SLOW)
                .build();
        ToolSpec news = ToolSpec.builder("get_news").writes("cache:news").build();
        ToolSpec gone = ToolSpec.builder("gone").touchesNothing().build();
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(topics.tools(), "get_weather", wire.writeToolSpec(weatherV1)));
            producer.send(new ProducerRecord<>(topics.tools(), "gone", wire.writeToolSpec(gone)));
            producer.send(new ProducerRecord<>(topics.tools(), "get_news", wire.writeToolSpec(news)));
            producer.send(new ProducerRecord<>(topics.tools(), "get_weather", wire.writeToolSpec(weatherV2)));
            producer.send(new ProducerRecord<>(topics.tools(), "gone", null));
            producer.send(new ProducerRecord<>(topics.tools(), "broken", "{".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(topics.tools(), "impostor", wire.writeToolSpec(gone)));
            producer.flush();
        }

        // When the registry is read
        List<ToolSpec> tools = RegisteredTools.read(kafka.clientProperties(), topics, Duration.ofSeconds(30));

        // Then each tool appears once, as last registered, sorted by name; a record whose key is not its spec's name
        // counts for nothing, as for the planner
        assertThat(tools).containsExactly(news, weatherV2);
    }

    @Test
    void shouldSayWhenNoToolsTopicExists(KafkaCluster kafka) {
        Topics topics = new Topics(kafka.uniquePrefix("none"));
        assertThatThrownBy(() -> RegisteredTools.read(kafka.clientProperties(), topics, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topics.tools());
    }

    @Test
    void shouldReplayRetainedEventsOfOnePlanThenFollowNewOnes(KafkaCluster kafka) throws Exception {
        // Given events of two plans already on the topic
        Topics topics = new Topics(kafka.uniquePrefix("events"));
        kafka.createTopics(2, topics.events());
        PlanEvent old = event("p-1", PlanEventType.PLAN_ACCEPTED);
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(topics.events(), "p-1", wire.writePlanEvent(old)));
            producer.send(new ProducerRecord<>(
                    topics.events(), "p-2", wire.writePlanEvent(event("p-2", PlanEventType.PLAN_ACCEPTED))));
            producer.flush();
        }
        List<PlanEvent> seen = new CopyOnWriteArrayList<>();

        // When one plan's events are followed from the beginning and a new one arrives
        try (PlanEventStream stream =
                PlanEventStream.follow(kafka.clientProperties(), topics, "p-1", true, seen::add)) {
            PlanEvent later = event("p-1", PlanEventType.PLAN_FINISHED);
            try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
                producer.send(new ProducerRecord<>(topics.events(), "p-1", wire.writePlanEvent(later)));
            }

            // Then both of its events arrive, in order, and none of the other plan's
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 2);
            assertThat(seen).containsExactly(old, later);
        }
    }

    private static PlanEvent event(String planId, PlanEventType type) {
        return new PlanEvent(planId, type, null, null, null, null, Instant.parse("2026-12-01T10:00:00Z"), null);
    }
}
