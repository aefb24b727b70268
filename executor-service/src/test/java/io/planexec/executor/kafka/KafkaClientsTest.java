package io.planexec.executor.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.topics.Topics;
import java.util.Map;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    private static final Topics TOPICS = new Topics("px");

    @Test
    void shouldNameGroupsAndTransactionalIdsAfterPrefixInstanceAndQueue() {
        assertThat(KafkaClients.groupId(TOPICS, "very_slow")).isEqualTo("px-executor-very_slow");
        assertThat(KafkaClients.transactionalId(TOPICS, "pod-1", "gpu")).isEqualTo("px-executor-pod-1-gpu");
    }

    @Test
    void shouldKeepTheSettingsCorrectnessDependsOnWhateverIsPassedThrough() {
        Map<String, Object> consumer = KafkaClients.consumer(
                Map.of("enable.auto.commit", "true", "isolation.level", "read_uncommitted", "max.poll.records", 50),
                TOPICS,
                "pod-1",
                "fast",
                6_000,
                false);

        assertThat(consumer)
                .containsEntry("enable.auto.commit", false)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("group.id", "px-executor-fast")
                .containsEntry("max.poll.records", 50)
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("session.timeout.ms", 6_000)
                .containsEntry("heartbeat.interval.ms", 1_200)
                .containsEntry("partition.assignment.strategy", CooperativeStickyAssignor.class.getName())
                .doesNotContainKey("group.instance.id");

        Map<String, Object> producer = KafkaClients.producer(
                Map.of("transactional.id", "mine", "enable.idempotence", "false", "linger.ms", 5),
                TOPICS,
                "pod-1",
                "fast",
                10_000);

        assertThat(producer)
                .containsEntry("transactional.id", "px-executor-pod-1-fast")
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("linger.ms", 5)
                .containsEntry("retry.backoff.ms", 2)
                .containsEntry("transaction.timeout.ms", 10_000);
    }

    @Test
    void shouldLeaveClassicSettingsOutForTheConsumerGroupProtocolAndJoinStaticallyWhenAsked() {
        Map<String, Object> consumer =
                KafkaClients.consumer(Map.of("group.protocol", "consumer"), TOPICS, "pod-1", "slow", 6_000, true);

        assertThat(consumer)
                .doesNotContainKeys("session.timeout.ms", "heartbeat.interval.ms", "partition.assignment.strategy")
                .containsEntry("group.instance.id", "pod-1-slow");
    }
}
