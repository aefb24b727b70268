package io.planexec.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.model.PlanStatus;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What an operator's Prometheus sees of a running system: the endpoint of the standalone mode, after a plan ran. */
@ExtendWith(KafkaClusterExtension.class)
class MetricsEndpointIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldExposeTheCatalogueWithHistogramsKafkaClientMetricsAndTheHealthChecks(KafkaCluster kafka)
            throws Exception {
        // Given the system serving HTTP, which ran a plan
        String prefix = kafka.uniquePrefix("metrics");
        try (Standalone planexec = Standalone.builder()
                        .bootstrap(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .httpPort(0)
                        .start();
                PlanexecClient client = PlanexecClient.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .build()) {
            String url = planexec.httpUrl().orElseThrow();
            assertThat(client.submit(
                                    Requests.steps("m-1")
                                            .step("w", "get_weather", Map.of("city", "Oslo", "delay_ms", 5))
                                            .build(),
                                    Duration.ofSeconds(60))
                            .get(90, TimeUnit.SECONDS)
                            .status())
                    .isEqualTo(PlanStatus.SUCCEEDED);

            // When Prometheus scrapes it
            String metrics = await().atMost(Duration.ofSeconds(30))
                    .until(() -> get(url + "/metrics").body(), m -> m.contains("planexec_executor_lag{"));

            // Then it sees planexec's catalogue with latency buckets, the executor's lag per queue, the Kafka clients'
            // and Kafka Streams' own metrics, and the JVM's, all tagged with the service
            assertThat(metrics)
                    .contains("planexec_planner_plans_finished_total{")
                    .contains("planexec_planner_plan_duration_seconds_bucket{")
                    .contains("planexec_planner_step_wait_seconds_bucket{")
                    .contains("planexec_executor_call_duration_seconds_bucket{")
                    .contains("planexec_executor_pass_seconds_bucket{")
                    .containsPattern("planexec_executor_lag\\{.*queue=\"slow\".*\\} 0.0")
                    .contains("kafka_consumer_fetch_manager_records_lag_max{")
                    .contains("kafka_producer_record_send_total{")
                    .contains("kafka_stream_thread_process_rate{")
                    .contains("jvm_memory_used_bytes{")
                    .contains("service=\"standalone\"");

            // And its health checks say it is alive and ready, check by check
            HttpResponse<String> ready = get(url + "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode checks = new ObjectMapper().readTree(ready.body()).get("checks");
            assertThat(checks.fieldNames())
                    .toIterable()
                    .contains("planner streams", "executor tools", "executor queue fast", "executor queue very_slow");
            assertThat(get(url + "/health/live").statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
