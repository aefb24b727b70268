package io.planexec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.kafka.process.ClusterNetwork;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code planexec cluster} in a process of its own: it starts brokers and services as processes, tells the other
 * verbs where it is, carries on when a broker is killed, and takes every process with it when stopped. Where network
 * namespaces can be made (as root) it runs with {@code --network-namespaces}: each node on a host of its own, the
 * command to cut one off printed, and the namespaces gone after the stop.
 */
class ClusterCommandIT {

    private static final Pattern PROCESS = Pattern.compile("(?m)^  (\\S+)\\s+pid (\\d+)\\s");

    @Test
    void shouldRunPlansOnItsProcessesThroughABrokerKillAndStopThemAll(@TempDir Path home) throws Exception {
        // Given planexec cluster with one controller, three brokers, a planner and an executor (on hosts of their own
        // where that can be done)
        Path log = home.resolve("cluster.out");
        Optional<String> noNamespaces = ClusterNetwork.unavailable();
        noNamespaces.ifPresent(why -> System.out.println("ClusterCommandIT runs without --network-namespaces: " + why));
        List<String> args =
                new ArrayList<>(List.of("cluster", "--controllers", "1", "--planners", "1", "--executors", "1"));
        if (noNamespaces.isEmpty()) {
            args.add("--network-namespaces");
        }
        Process cluster = ChildJvm.start(PlanexecCli.class, List.of("-Xmx256m", "-Dplanexec.home=" + home), args, log);
        try {
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !cluster.isAlive() || read(log).contains("planexec cluster: ready"));
            assertThat(cluster.isAlive())
                    .as("cluster is running; its output:%n%s", read(log))
                    .isTrue();
            Map<String, Long> pids = pids(read(log));
            assertThat(pids)
                    .containsKeys("controller-1", "broker-101", "broker-102", "broker-103", "planner-1", "executor-1");
            String namespaces = "planexec-" + cluster.pid() + "-";
            if (noNamespaces.isEmpty()) {
                assertThat(read(log))
                        .containsPattern("ip link set px\\S+ down +# cut broker-101 off the network")
                        .containsPattern("bootstrap +10\\.");
                assertThat(netnsList()).contains(namespaces);
            }

            // When an agent submits a plan to the cluster the other verbs find
            Properties dev = new Properties();
            try (var in = Files.newBufferedReader(home.resolve("dev.properties"))) {
                dev.load(in);
            }
            try (PlanexecClient client = PlanexecClient.builder()
                    .bootstrapServers(dev.getProperty("bootstrap.servers"))
                    .topicPrefix(dev.getProperty("topic.prefix"))
                    .build()) {
                // Then it succeeds, and again after a broker is killed with kill -9
                assertThat(weather(client, "before")).isEqualTo(PlanStatus.SUCCEEDED);
                ProcessHandle.of(pids.get("broker-101")).orElseThrow().destroyForcibly();
                assertThat(weather(client, "after")).isEqualTo(PlanStatus.SUCCEEDED);
            }
            assertThat(dev.getProperty("metrics.url")).contains("/metrics,http://127.0.0.1:");

            // And when it is stopped (SIGTERM), every process it started is gone and so is its state file
            cluster.destroy();
            assertThat(cluster.waitFor(90, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pids.values().stream()
                            .noneMatch(pid -> ProcessHandle.of(pid)
                                    .map(ProcessHandle::isAlive)
                                    .orElse(false)));
            assertThat(home.resolve("dev.properties")).doesNotExist();
            assertThat(netnsList()).doesNotContain(namespaces);
        } finally {
            cluster.destroyForcibly();
        }
    }

    private static PlanStatus weather(PlanexecClient client, String planId) throws Exception {
        PlanResult result = client.submit(
                        Requests.openAi(planId)
                                .call("w", "get_weather", Map.of("city", "SF", "delay_ms", 10))
                                .build(),
                        Duration.ofSeconds(90))
                .get(100, TimeUnit.SECONDS);
        return result.status();
    }

    private static Map<String, Long> pids(String output) {
        Map<String, Long> pids = new java.util.TreeMap<>();
        Matcher m = PROCESS.matcher(output);
        while (m.find()) {
            pids.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return pids;
    }

    /** {@code ip netns list}, or nothing where it cannot run. */
    private static String netnsList() throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("ip", "netns", "list")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
