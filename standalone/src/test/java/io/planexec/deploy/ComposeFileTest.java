package io.planexec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.config.ConfigSources;
import io.planexec.executor.ExecutorConfig;
import io.planexec.model.LatencyClass;
import io.planexec.planner.service.PlannerConfig;
import io.planexec.testing.ExternalTools;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/compose/compose.yaml}, read as Compose reads it (merge keys and all): the services it promises, the
 * settings it sets are real, the files it mounts exist, the executors can be scaled, and its Prometheus scrapes them.
 * Where the {@code docker compose} or {@code docker-compose} command exists, {@code config} validates it too.
 */
class ComposeFileTest {

    private static final Path COMPOSE = DeployFiles.root().resolve("deploy/compose");
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("PLANEXEC_CLASSPATH", "PLANEXEC_JAVA_OPTS");

    @Test
    void shouldRunTheBrokerPlannerAnExecutorPerClassPrometheusAndGrafana() throws IOException {
        Map<String, Object> services = services();

        assertThat(services.keySet())
                .containsExactlyInAnyOrder(
                        "kafka",
                        "planner",
                        "executor-fast",
                        "executor-medium",
                        "executor-slow",
                        "executor-very-slow",
                        "prometheus",
                        "grafana");
        // the broker is the official image of the Kafka version planexec is built with
        assertThat(map(services.get("kafka")).get("image")).isEqualTo("apache/kafka:" + kafkaVersion());
        for (LatencyClass c : LatencyClass.values()) {
            String name = "executor-" + c.name().toLowerCase(Locale.ROOT).replace('_', '-');
            Map<String, Object> executor = map(services.get(name));
            assertThat(executor.get("command")).as(name).isEqualTo(List.of("executor"));
            assertThat(env(executor))
                    .as(name)
                    .containsEntry("PLANEXEC_EXECUTOR_CLASSES", c.name().toLowerCase(Locale.ROOT));
            // scalable with --scale: no fixed container name or host port
            assertThat(executor).as(name).doesNotContainKeys("container_name", "ports");
            // a stop waits longer than the executor's own shutdown grace
            long grace = Long.parseLong(
                    String.valueOf(env(executor).getOrDefault("PLANEXEC_EXECUTOR_SHUTDOWN_GRACE_MS", "10000")));
            assertThat(seconds(executor.get("stop_grace_period")) * 1000)
                    .as(name + " stop_grace_period")
                    .isGreaterThan(grace);
            assertThat(map(map(executor.get("depends_on")).get("kafka")).get("condition"))
                    .isEqualTo("service_healthy");
        }
        assertThat(map(services.get("planner")).get("command")).isEqualTo(List.of("planner"));
    }

    @Test
    void shouldSetOnlyRealSettings() throws IOException {
        Set<String> settings = new HashSet<>(LAUNCHER_VARIABLES);
        PlannerConfig.DEFINITION.names().forEach(n -> settings.add(ConfigSources.envName(n)));
        ExecutorConfig.definition().names().forEach(n -> settings.add(ConfigSources.envName(n)));
        services()
                .forEach((name, service) -> env(map(service)).keySet().stream()
                        .filter(k -> k.startsWith(ConfigSources.ENV_PREFIX))
                        .forEach(k -> assertThat(settings)
                                .as("service %s sets %s", name, k)
                                .contains(k)));
    }

    @Test
    void shouldMountFilesThatExistAndScrapeEveryPlanexecService() throws IOException {
        services().forEach((name, service) -> {
            Object volumes = map(service).get("volumes");
            if (volumes == null) {
                return;
            }
            for (Object volume : (List<?>) volumes) {
                String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(COMPOSE.resolve(source).normalize())
                            .as("service %s mounts %s", name, source)
                            .exists();
                }
            }
        });
        String prometheus = Files.readString(COMPOSE.resolve("prometheus.yml"));
        for (String service : services().keySet()) {
            if (service.equals("planner") || service.startsWith("executor-")) {
                assertThat(prometheus).as("prometheus.yml scrapes %s", service).contains("\"" + service + "\"");
            }
        }
        assertThat(prometheus).contains("port: 9400").contains("honor_labels: true");
    }

    @Test
    void shouldPassPromtoolsSyntaxCheck() throws Exception {
        Path promtool = ExternalTools.require(
                "promtool", "run .ci/install-prometheus (it unpacks Debian's prometheus package), or install it");
        Process p = new ProcessBuilder(
                        promtool.toString(),
                        "check",
                        "config",
                        "--syntax-only",
                        COMPOSE.resolve("prometheus.yml").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void shouldBeValidForComposeItselfWhereItIsInstalled() throws Exception {
        List<String> command = ExternalTools.find("docker-compose")
                .map(p -> List.of(p.toString()))
                .orElse(null);
        if (command == null) {
            command = ExternalTools.find("docker")
                    .map(p -> List.of(p.toString(), "compose"))
                    .filter(ComposeFileTest::answers)
                    .orElse(null);
        }
        ExternalTools.requireThat(
                command != null,
                "neither 'docker-compose' nor 'docker compose' is installed: compose.yaml is checked by this test's"
                        + " parser only");
        List<String> full = new java.util.ArrayList<>(command);
        full.addAll(List.of("-f", COMPOSE.resolve("compose.yaml").toString(), "config", "--quiet"));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** Whether this Compose command runs here (a docker CLI without its compose plugin does not). */
    private static boolean answers(List<String> compose) {
        List<String> version = new java.util.ArrayList<>(compose);
        version.add("version");
        try {
            Process p = new ProcessBuilder(version).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The version of the Kafka clients on the class path: the one planexec is built with. */
    private static String kafkaVersion() throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = org.apache.kafka.clients.producer.KafkaProducer.class.getResourceAsStream(
                "/kafka/kafka-version.properties")) {
            p.load(in);
        }
        return p.getProperty("version");
    }

    private static Map<String, Object> services() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE.resolve("compose.yaml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            return map(compose.get("services"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    private static Map<String, Object> env(Map<String, Object> service) {
        Object env = service.get("environment");
        return env == null ? Map.of() : map(env);
    }

    private static long seconds(Object composeDuration) {
        String text = String.valueOf(composeDuration);
        assertThat(text).matches("\\d+[smh]");
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 'm' -> Duration.ofMinutes(n).toSeconds();
            case 'h' -> Duration.ofHours(n).toSeconds();
            default -> n;
        };
    }
}
