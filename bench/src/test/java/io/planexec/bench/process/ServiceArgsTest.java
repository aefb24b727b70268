package io.planexec.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceArgsTest {

    @Test
    void shouldPutTheBootstrapAndOptionsFirstThenEverySettingOnceInOrder() {
        Map<String, String> more = new LinkedHashMap<>();
        more.put("planner.commit.interval.ms", "40");
        more.put("http.port", "8080");

        assertThat(ServiceArgs.of("b:9092", "run1", 3, 2)
                        .option("--instance-id", "executor-1")
                        .set("http.port", "0")
                        .setAll(more)
                        .toList())
                .containsExactly(
                        "--bootstrap", "b:9092",
                        "--instance-id", "executor-1",
                        "--set", "topic.prefix=run1",
                        "--set", "topic.replication.factor=3",
                        "--set", "topic.min.insync.replicas=2",
                        "--set", "http.port=8080",
                        "--set", "planner.commit.interval.ms=40");
    }
}
