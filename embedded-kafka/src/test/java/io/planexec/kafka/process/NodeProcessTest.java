package io.planexec.kafka.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeProcessTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToCutOffANodeOnLoopbackNamingTheBuilderOption() {
        KafkaProcessCluster.NodeProcess node =
                new KafkaProcessCluster.NodeProcess("broker-101", 101, "127.0.0.1:1", null, dir, Map.of(), List.of());

        assertThat(node.host()).isEmpty();
        assertThat(node.isCutOff()).isFalse();
        assertThatThrownBy(node::cutOff)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("broker-101 runs on loopback: start the cluster with networkNamespaces(true) to cut nodes"
                        + " off");
        assertThatThrownBy(node::reconnect).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldListenOnTheGivenAddress() {
        Map<String, String> broker =
                KafkaProcessCluster.brokerDefaults(101, dir, "10.70.1.14:9092", "1@10.70.1.11:9093", 3);
        Map<String, String> controller =
                KafkaProcessCluster.controllerDefaults(1, dir, "10.70.1.11:9093", "1@10.70.1.11:9093", 3);

        assertThat(broker)
                .containsEntry("listeners", "PLAINTEXT://10.70.1.14:9092")
                .containsEntry("advertised.listeners", "PLAINTEXT://10.70.1.14:9092")
                .containsEntry("controller.quorum.voters", "1@10.70.1.11:9093");
        assertThat(controller).containsEntry("listeners", "CONTROLLER://10.70.1.11:9093");
    }
}
