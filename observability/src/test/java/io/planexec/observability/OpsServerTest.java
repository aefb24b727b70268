package io.planexec.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry =
            Registries.prometheus(Map.of("service", "test", "instance", "i-1"), Set.of("planexec.test.call.duration"));
    private final AtomicBoolean ready = new AtomicBoolean();
    private OpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        registry.close();
    }

    @Test
    void shouldServeTheMetricsWithCommonTagsJvmMetersAndLatencyBuckets() throws Exception {
        // Given a latency timer and another timer, each timed once
        Timer.builder("planexec.test.call.duration").register(registry).record(Duration.ofMillis(3));
        Timer.builder("planexec.test.other").register(registry).record(Duration.ofMillis(3));
        start();

        // When Prometheus scrapes
        HttpResponse<String> metrics = get("/metrics");

        // Then the text format has the common tags, the JVM's meters, and buckets for the latency timer only
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(metrics.body())
                .contains(
                        "planexec_test_call_duration_seconds_bucket{instance=\"i-1\",service=\"test\",le=\"0.005\"} 1")
                .contains(
                        "planexec_test_call_duration_seconds_bucket{instance=\"i-1\",service=\"test\",le=\"0.002\"} 0")
                .contains("planexec_test_call_duration_seconds_bucket{instance=\"i-1\",service=\"test\",le=\"60.0\"} 1")
                .doesNotContain("planexec_test_other_seconds_bucket")
                .contains("planexec_test_other_seconds_count{instance=\"i-1\",service=\"test\"} 1")
                .contains("jvm_memory_used_bytes{")
                .contains("jvm_gc_")
                .contains("process_uptime_seconds{")
                .contains("system_cpu_count{");
    }

    @Test
    void shouldAnswerTheHealthChecksWithTheirDetailsAnd503WhenOneFails() throws Exception {
        start();

        HttpResponse<String> notReady = get("/health/ready");
        ready.set(true);
        HttpResponse<String> isReady = get("/health/ready");
        HttpResponse<String> live = get("/health/live");

        assertThat(notReady.statusCode()).isEqualTo(503);
        JsonNode body = new ObjectMapper().readTree(notReady.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.at("/checks/streams/ok").asBoolean()).isFalse();
        assertThat(body.at("/checks/streams/detail").asText()).isEqualTo("restoring plan-state");
        assertThat(isReady.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(isReady.body()).get("status").asText())
                .isEqualTo("UP");
        assertThat(live.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseOtherPathsAndMethodsSayingWhatIsServed() throws Exception {
        start();

        HttpResponse<String> unknown = get("/metric");
        HttpResponse<String> post = client.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/metrics"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("GET /metrics, /health/live or /health/ready");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    private void start() throws Exception {
        server = OpsServer.start(
                new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
                registry,
                () -> Map.of("loops", Check.ok("running")),
                () -> Map.of("streams", ready.get() ? Check.ok("RUNNING") : Check.failing("restoring plan-state")));
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
