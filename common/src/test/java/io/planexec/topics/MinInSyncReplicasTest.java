package io.planexec.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** {@code topic.min.insync.replicas} on the topics the services create. */
class MinInSyncReplicasTest {

    private final Topics topics = new Topics("p");

    @Test
    void shouldAddMinInSyncReplicasToEveryTopicKeepingItsOtherConfigs() {
        List<NewTopic> standard = TopicProvisioner.standardTopics(topics, 6, (short) 3);

        List<NewTopic> set = TopicProvisioner.withMinInSyncReplicas(standard, 2);

        assertThat(set).hasSameSizeAs(standard);
        assertThat(set).allSatisfy(t -> {
            assertThat(t.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
            assertThat(t.replicationFactor()).isEqualTo((short) 3);
        });
        NewTopic tools = set.stream()
                .filter(t -> t.name().equals(topics.tools()))
                .findFirst()
                .orElseThrow();
        assertThat(tools.numPartitions()).isEqualTo(1);
        assertThat(tools.configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    @Test
    void shouldLeaveTheBrokersDefaultForMinusOne() {
        List<NewTopic> standard = TopicProvisioner.standardTopics(topics, 6, (short) -1);

        assertThat(TopicProvisioner.withMinInSyncReplicas(standard, -1)).isEqualTo(standard);
    }

    @Test
    void shouldRefuseAMinimumAboveTheReplicationFactorNamingBoth() {
        List<NewTopic> standard = TopicProvisioner.standardTopics(topics, 6, (short) 2);

        assertThatThrownBy(() -> TopicProvisioner.withMinInSyncReplicas(standard, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic.min.insync.replicas (3) is above topic.replication.factor (2)");
    }
}
