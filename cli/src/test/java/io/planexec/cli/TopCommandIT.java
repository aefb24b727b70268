package io.planexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.standalone.Standalone;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code planexec top} reading a running system's metrics endpoint while plans flow. */
@ExtendWith(KafkaClusterExtension.class)
class TopCommandIT {

    @Test
    void shouldShowPlansQueuesAndTheBusiestToolsOfARunningSystem(KafkaCluster kafka) throws Exception {
        // Given a running system, plans flowing through it
        String prefix = kafka.uniquePrefix("top");
        try (Standalone planexec = Standalone.builder()
                        .bootstrap(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .httpPort(0)
                        .start();
                PlanexecClient client = PlanexecClient.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .build()) {
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Integer> load = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                while (!stop.get()) {
                    try {
                        client.submit(
                                        Requests.steps("top-" + n++)
                                                .step("n", "get_news", Map.of("topic", "t", "delay_ms", 20))
                                                .step("s", "sleep", Map.of("ms", 5))
                                                .build(),
                                        Duration.ofSeconds(30))
                                .get(60, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return n;
            });
            try {
                // When top looks at it once, over two seconds
                Run run = run("top", "--url", planexec.httpUrl().orElseThrow(), "--once", "--interval", "2s");

                // Then it shows the plans finishing, each queue, and the busiest tool with its cap
                assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
                List<String> lines = run.out().lines().toList();
                assertThat(lines.get(0)).startsWith("planexec top").contains("window 2 s");
                String plans = lines.stream()
                        .filter(l -> l.startsWith("plans"))
                        .findFirst()
                        .orElseThrow();
                java.util.regex.Matcher finished = java.util.regex.Pattern.compile("plans +([0-9.]+)/s finished")
                        .matcher(plans);
                assertThat(finished.find()).as(plans).isTrue();
                assertThat(Double.parseDouble(finished.group(1))).as(plans).isPositive();
                assertThat(lines)
                        .anySatisfy(l -> assertThat(l).startsWith("latency").containsPattern("p99 [0-9.]+ m?s"));
                for (String queue : List.of("fast", "medium", "slow", "very_slow")) {
                    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(queue + " "));
                }
                String news = lines.stream()
                        .filter(l -> l.startsWith("get_news"))
                        .findFirst()
                        .orElseThrow();
                String[] columns = news.split("\\s+");
                assertThat(Double.parseDouble(columns[1]))
                        .as("get_news calls/s in: " + news)
                        .isPositive();
                assertThat(columns[3]).as("get_news cap").isEqualTo("16");
            } finally {
                stop.set(true);
                assertThat(load.get(60, TimeUnit.SECONDS)).isPositive();
            }
        }
    }

    @Test
    void shouldExitOneSayingSoWhenNoEndpointAnswers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = run("top", "--url", "127.0.0.1:" + port, "--once");

        assertThat(run.code()).isEqualTo(ExitCodes.NOT_SUCCESSFUL);
        assertThat(run.err()).contains("no endpoint answered").contains("127.0.0.1:" + port + "/metrics");
    }

    @Test
    void shouldRejectAUrlThatIsNotHttp() {
        Run run = run("top", "--url", "ftp://host/metrics", "--once");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--url 'ftp://host/metrics' is not an http(s) URL");
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PlanexecCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString() + Arrays.toString(args));
    }

    private record Run(int code, String out, String err) {}
}
