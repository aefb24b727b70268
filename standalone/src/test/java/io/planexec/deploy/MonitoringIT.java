package io.planexec.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.model.AgentRequest;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.standalone.Standalone;
import io.planexec.testing.ExternalTools;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards and alert rules of {@code deploy/} against a running system that has run plans (successful, retried,
 * failed, and a dead letter): every metric they name is on its {@code /metrics}, and a real Prometheus scraping it
 * answers every panel's query with data and evaluates every alert rule without error.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringIT {

    /** Metrics Prometheus makes itself rather than scrapes. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    private static final Pattern DEAD_LETTER =
            Pattern.compile("planexec_planner_dead_letters_total\\{[^}]*source=\"requests\"[^}]*} 1\\.0");

    private final HttpClient http = HttpClient.newHttpClient();
    private Standalone planexec;
    private String url;

    @BeforeAll
    void runPlans(KafkaCluster kafka) throws Exception {
        String prefix = kafka.uniquePrefix("monitoring");
        planexec = Standalone.builder()
                .bootstrap(kafka.bootstrapServers())
                .topicPrefix(prefix)
                .httpPort(0)
                .start();
        url = planexec.httpUrl().orElseThrow();
        try (PlanexecClient client = PlanexecClient.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topicPrefix(prefix)
                .build()) {
            assertThat(run(
                            client,
                            Requests.steps("mon-ok")
                                    .step("w", "get_weather", Map.of("city", "Oslo", "delay_ms", 5))
                                    .step("n", "get_news", Map.of("topic", "kafka", "delay_ms", 5))
                                    .step("s", "sleep", Map.of("ms", 5))
                                    .step("f", "write_file", Map.of("path", "a.txt", "content", "x"))
                                    .build()))
                    .isEqualTo(PlanStatus.SUCCEEDED);
            assertThat(run(
                            client,
                            Requests.steps("mon-retried")
                                    .step("r", "flaky", Map.of("fail_times", 1))
                                    .build()))
                    .isEqualTo(PlanStatus.SUCCEEDED);
            assertThat(run(
                            client,
                            Requests.steps("mon-failed")
                                    .step("x", "fail", Map.of("message", "as the test asks"))
                                    .build()))
                    .isEqualTo(PlanStatus.FAILED);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(prefix + ".requests", "not json".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
        // the Kafka binders pick up the metrics Kafka registers late (a Streams task's store) at their next refresh
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> get(url + "/metrics"),
                        m -> m.contains("kafka_stream_state_live_sst_files_size{")
                                && DEAD_LETTER.matcher(m).find());
    }

    @AfterAll
    void stop() {
        if (planexec != null) {
            planexec.close();
        }
    }

    @Test
    void shouldServeEveryMetricTheDashboardsAndAlertsUse() throws Exception {
        Set<String> served = servedNames(get(url + "/metrics"));
        List<DeployFiles.Query> queries = new ArrayList<>(DeployFiles.alertQueries());
        DeployFiles.panels().forEach(p -> queries.addAll(p.queries()));
        assertThat(queries).hasSizeGreaterThan(40);
        List<String> missing = new ArrayList<>();
        for (DeployFiles.Query query : queries) {
            for (String name : PromQl.metricNames(query.expr())) {
                if (!served.contains(name) && !PROMETHEUS_OWN.contains(name)) {
                    missing.add(query.where() + " uses " + name);
                }
            }
        }
        assertThat(missing)
                .as("metrics used in deploy/ that /metrics does not serve")
                .isEmpty();
    }

    @Test
    void shouldAnswerEveryPanelsQueryFromARealPrometheus(@TempDir Path dir) throws Exception {
        Path prometheus = ExternalTools.require(
                "prometheus", "run .ci/install-prometheus (it unpacks Debian's prometheus package), or install it");
        int port = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: planexec-standalone
                    honor_labels: true
                    static_configs:
                      - targets: ["%s"]
                """.formatted(
                        DeployFiles.prometheusDir().resolve("alerts.yml"),
                        URI.create(url).getAuthority()));
        Path log = Path.of("target", "monitoring-it-prometheus.log");
        Process process = new ProcessBuilder(
                        prometheus.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            String api = "http://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(
                            () -> query(api, "up")
                                    .path("data")
                                    .path("result")
                                    .path(0)
                                    .path("value")
                                    .path(1)
                                    .asText(),
                            "1"::equals);

            // every panel's every query returns data (a window of 30 s holds enough 1 s scrapes for rate())
            List<DeployFiles.Query> queries = new ArrayList<>();
            DeployFiles.panels().forEach(p -> queries.addAll(p.queries()));
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(unanswered(api, queries))
                            .as("panel queries Prometheus answers with no series (log: %s)", log.toAbsolutePath())
                            .isEmpty());

            // and every alert rule loads and evaluates without error
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode groups = getJson(api + "/api/v1/rules").path("data").path("groups");
                List<String> rules = new ArrayList<>();
                for (JsonNode group : groups) {
                    for (JsonNode rule : group.path("rules")) {
                        rules.add(rule.path("name").asText() + " "
                                + rule.path("health").asText() + " "
                                + rule.path("lastError").asText());
                    }
                }
                assertThat(rules).hasSize(DeployFiles.alertRules().size()).allMatch(r -> r.matches("\\S+ ok "));
            });
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private List<String> unanswered(String api, List<DeployFiles.Query> queries) throws Exception {
        List<String> empty = new ArrayList<>();
        for (DeployFiles.Query query : queries) {
            JsonNode answer = query(api, query.forPrometheus("30s"));
            if (!"success".equals(answer.path("status").asText())) {
                empty.add(query.where() + ": " + answer.path("error").asText());
            } else if (answer.path("data").path("result").isEmpty()) {
                empty.add(query.where() + ": " + query.forPrometheus("30s"));
            }
        }
        return empty;
    }

    private JsonNode query(String api, String promql) throws Exception {
        return getJson(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    private JsonNode getJson(String uri) throws Exception {
        return new ObjectMapper().readTree(get(uri));
    }

    private String get(String uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static PlanStatus run(PlanexecClient client, AgentRequest request) throws Exception {
        PlanResult result = client.submit(request, Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS);
        return result.status();
    }

    /** The sample names of a Prometheus text exposition. */
    private static Set<String> servedNames(String exposition) {
        Set<String> names = new HashSet<>();
        exposition.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(line -> {
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        });
        return names;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
