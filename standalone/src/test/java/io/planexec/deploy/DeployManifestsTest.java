package io.planexec.deploy;

import static io.planexec.deploy.K8sManifests.at;
import static io.planexec.deploy.K8sManifests.containers;
import static io.planexec.deploy.K8sManifests.env;
import static io.planexec.deploy.K8sManifests.list;
import static io.planexec.deploy.K8sManifests.map;
import static io.planexec.deploy.K8sManifests.name;
import static io.planexec.deploy.K8sManifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.config.CommonSettings;
import io.planexec.config.ConfigSources;
import io.planexec.executor.ExecutorConfig;
import io.planexec.model.LatencyClass;
import io.planexec.planner.service.PlannerConfig;
import io.planexec.topics.TopicProvisioner;
import io.planexec.topics.Topics;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests of {@code deploy/k8s} agree with the code: the topics are those the services provision, the
 * settings and environment variables are real, the probes ask the port the services serve, each class's scaler
 * watches that class's queue, a scale-in never kills a call the executor waits for, the alert rules are
 * deploy/prometheus's, and the overlays render.
 */
class DeployManifestsTest {

    private static final int REPLICAS = 3;
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("PLANEXEC_CLASSPATH", "PLANEXEC_JAVA_OPTS");

    private final List<Map<String, Object>> base = K8sManifests.base();

    @Test
    void shouldListEveryBaseFileInTheKustomization() throws IOException {
        Set<String> listed = new HashSet<>();
        list(K8sManifests.load(K8sManifests.K8S.resolve("base/kustomization.yaml"))
                        .get(0)
                        .get("resources"))
                .forEach(r -> listed.add(String.valueOf(r)));
        try (Stream<Path> files = Files.list(K8sManifests.K8S.resolve("base"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")))
                    .containsExactlyInAnyOrderElementsOf(listed);
        }
    }

    @Test
    void shouldDeclareTheTopicsTheServicesProvisionReplicatedThreeTimes() {
        Properties settings = settings();
        Topics topics = new Topics(settings.getProperty(CommonSettings.TOPIC_PREFIX));
        List<Map<String, Object>> declared = ofKind(base, "KafkaTopic");
        Map<String, Map<String, Object>> byName =
                declared.stream().collect(Collectors.toMap(t -> String.valueOf(at(t, "spec", "topicName")), t -> t));
        int partitions = ((Number) at(byName.get(topics.requests()), "spec", "partitions")).intValue();
        List<NewTopic> expected = TopicProvisioner.standardTopics(topics, partitions, (short) REPLICAS);

        assertThat(byName.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        expected.stream().map(NewTopic::name).toList());
        String cluster =
                settings.getProperty(CommonSettings.BOOTSTRAP_SERVERS).replaceAll("-kafka-bootstrap:\\d+$", "");
        for (NewTopic topic : expected) {
            Map<String, Object> kafkaTopic = byName.get(topic.name());
            assertThat(at(kafkaTopic, "metadata", "labels", "strimzi.io/cluster"))
                    .isEqualTo(cluster);
            assertThat(at(kafkaTopic, "spec", "partitions")).as(topic.name()).isEqualTo(topic.numPartitions());
            assertThat(at(kafkaTopic, "spec", "replicas")).as(topic.name()).isEqualTo(REPLICAS);
            Map<String, String> config = new HashMap<>();
            map(at(kafkaTopic, "spec", "config")).forEach((k, v) -> config.put(k, String.valueOf(v)));
            assertThat(config).as(topic.name()).containsEntry("min.insync.replicas", "2");
            if (topic.configs() != null) {
                assertThat(config).as(topic.name()).containsAllEntriesOf(topic.configs());
            }
        }
        // both keyed by plan id: one planner task owns all of a plan's records
        assertThat(at(byName.get(topics.stepResults()), "spec", "partitions")).isEqualTo(partitions);
    }

    @Test
    void shouldSetOnlyRealSettingsAndVariables() {
        Set<String> known = new HashSet<>(PlannerConfig.DEFINITION.names());
        known.addAll(ExecutorConfig.definition().names());
        for (String name : settings().stringPropertyNames()) {
            assertThat(known.contains(name) || name.startsWith(CommonSettings.KAFKA_PREFIX))
                    .as("planexec.properties sets %s, which is not a setting", name)
                    .isTrue();
        }
        Set<String> variables = new HashSet<>(LAUNCHER_VARIABLES);
        known.forEach(n -> variables.add(ConfigSources.envName(n)));
        for (Map<String, Object> workload : workloads()) {
            for (Map<String, Object> container : containers(workload)) {
                for (String variable : env(container).keySet()) {
                    assertThat(variables.contains(variable)
                                    || variable.startsWith(ConfigSources.envName(CommonSettings.KAFKA_PREFIX))
                                    || variable.startsWith(ConfigSources.envName(PlannerConfig.STREAMS_PREFIX)))
                            .as("%s sets %s, which is not a setting", name(workload), variable)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void shouldProbeTheHealthEndpointsOnThePortTheServicesServe() {
        int port = Integer.parseInt(settings().getProperty(CommonSettings.HTTP_PORT));
        for (Map<String, Object> workload : workloads()) {
            Map<String, Object> container = containers(workload).get(0);
            assertThat(list(container.get("ports")))
                    .as(name(workload))
                    .containsExactly(Map.of("name", "http", "containerPort", port));
            assertThat(at(container, "readinessProbe", "httpGet"))
                    .isEqualTo(Map.of("path", "/health/ready", "port", "http"));
            assertThat(at(container, "livenessProbe", "httpGet"))
                    .isEqualTo(Map.of("path", "/health/live", "port", "http"));
            assertThat(list(container.get("args")))
                    .as(name(workload))
                    .contains("--config", "/etc/planexec/config/planexec.properties");
        }
    }

    @Test
    void shouldScaleEachClassOnItsOwnQueueAndNeverBeyondItsPartitions() throws IOException {
        Topics topics = new Topics(settings().getProperty(CommonSettings.TOPIC_PREFIX));
        Map<String, Integer> partitions = new HashMap<>();
        ofKind(base, "KafkaTopic")
                .forEach(t -> partitions.put(
                        String.valueOf(at(t, "spec", "topicName")), ((Number) at(t, "spec", "partitions")).intValue()));
        Map<String, Map<String, Object>> scalers = ofKind(base, "ScaledObject").stream()
                .collect(Collectors.toMap(s -> String.valueOf(at(s, "spec", "scaleTargetRef", "name")), s -> s));
        String catalogue = Files.readString(DeployFiles.root().resolve("docs/operations.md"));
        List<Map<String, Object>> executors = ofKind(base, "Deployment");
        assertThat(executors).hasSize(LatencyClass.values().length);
        Set<String> served = new HashSet<>();
        for (Map<String, Object> executor : executors) {
            String queue = env(containers(executor).get(0)).get("PLANEXEC_EXECUTOR_CLASSES");
            served.add(queue);
            Map<String, Object> scaler = scalers.get(name(executor));
            assertThat(scaler).as("a ScaledObject for %s", name(executor)).isNotNull();
            for (Object t : list(at(scaler, "spec", "triggers"))) {
                String query = String.valueOf(at(t, "metadata", "query"));
                assertThat(query)
                        .as(name(executor))
                        .contains("queue=\"" + queue + "\"")
                        .doesNotContainPattern("queue=\"(?!" + queue + "\")");
                for (String metric : PromQl.metricNames(query)) {
                    assertThat(catalogue)
                            .as("metric %s of %s's scaler", metric, name(executor))
                            .contains("`" + metric);
                }
            }
            assertThat(((Number) at(scaler, "spec", "maxReplicaCount")).intValue())
                    .as("%s's replicas beyond its partitions would get none", name(executor))
                    .isLessThanOrEqualTo(partitions.get(topics.steps(queue)));
        }
        assertThat(served)
                .containsExactlyInAnyOrderElementsOf(Stream.of(LatencyClass.values())
                        .map(c -> c.name().toLowerCase(Locale.ROOT))
                        .toList());
    }

    @Test
    void shouldGiveRunningCallsTheirShutdownGraceBeforeKubernetesKillsThePod() {
        for (Map<String, Object> executor : ofKind(base, "Deployment")) {
            long grace = Long.parseLong(
                    env(containers(executor).get(0)).getOrDefault("PLANEXEC_EXECUTOR_SHUTDOWN_GRACE_MS", "10000"));
            long termination =
                    ((Number) at(executor, "spec", "template", "spec", "terminationGracePeriodSeconds")).longValue();
            assertThat(termination * 1000).as(name(executor)).isGreaterThan(grace + 5_000);
        }
    }

    @Test
    void shouldCarryExactlyTheAlertRulesOfDeployPrometheus() throws IOException {
        Map<String, Object> rule = ofKind(base, "PrometheusRule").get(0);
        Map<String, Object> alerts;
        try (var reader = Files.newBufferedReader(DeployFiles.prometheusDir().resolve("alerts.yml"))) {
            alerts = map(new Yaml().load(reader));
        }
        assertThat(map(rule.get("spec"))).isEqualTo(alerts);
        // the rules' job names are the PodMonitors' job labels
        assertThat(ofKind(base, "PodMonitor"))
                .allSatisfy(m -> assertThat(at(m, "spec", "jobLabel")).isEqualTo("planexec.io/job"));
        assertThat(at(workload("planexec-planner"), "spec", "template", "metadata", "labels", "planexec.io/job"))
                .isEqualTo("planexec-planner");
    }

    @Test
    void shouldAuthenticateEachServiceAsItsKafkaUserAndListTheAclsInTheGuide() throws IOException {
        Set<String> users =
                ofKind(base, "KafkaUser").stream().map(K8sManifests::name).collect(Collectors.toSet());
        assertThat(ofKind(base, "KafkaUser"))
                .allSatisfy(
                        u -> assertThat(at(u, "spec", "authentication", "type")).isEqualTo("scram-sha-512"));
        assertThat(settings().getProperty("kafka.sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        for (Map<String, Object> workload : workloads()) {
            assertThat(env(containers(workload).get(0)).get("PLANEXEC_KAFKA_SASL_JAAS_CONFIG"))
                    .as(name(workload))
                    .matches("secret:(.+)/sasl\\.jaas\\.config")
                    .satisfies(ref -> assertThat(users).contains(ref.substring(7, ref.indexOf('/'))));
        }
        DeployFiles.assertGeneratedSection(
                DeployFiles.root().resolve("docs/deploy.md"), "acls", K8sManifests.aclsMarkdown(base));
    }

    @Test
    void shouldProvideAKafkaClusterThatMatchesTheServicesSettingsAndTopics() {
        List<Map<String, Object>> cluster = K8sManifests.load(K8sManifests.K8S.resolve("kafka/kafka.yaml"));
        Map<String, Object> kafka = ofKind(cluster, "Kafka").get(0);
        Properties settings = settings();
        // bootstrap.servers is <cluster>-kafka-bootstrap:<port of a TLS listener with SCRAM>
        assertThat(settings.getProperty(CommonSettings.BOOTSTRAP_SERVERS))
                .isEqualTo(name(kafka) + "-kafka-bootstrap:9093");
        assertThat(list(at(kafka, "spec", "kafka", "listeners"))).anySatisfy(l -> {
            assertThat(at(l, "port")).isEqualTo(9093);
            assertThat(at(l, "tls")).isEqualTo(true);
            assertThat(at(l, "authentication", "type")).isEqualTo("scram-sha-512");
        });
        assertThat(settings.getProperty("kafka.security.protocol")).isEqualTo("SASL_SSL");
        // ACLs are enforced, so the KafkaUsers' ACLs are what each service may do
        assertThat(at(kafka, "spec", "kafka", "authorization", "type")).isEqualTo("simple");
        Map<String, Object> config = map(at(kafka, "spec", "kafka", "config"));
        assertThat(config)
                .containsEntry("min.insync.replicas", 2)
                .containsEntry("transaction.state.log.min.isr", 2)
                .containsEntry("add.partitions.to.txn.retry.backoff.ms", 1)
                .containsEntry("auto.create.topics.enable", false);
        int nodes = ofKind(cluster, "KafkaNodePool").stream()
                .filter(p -> list(at(p, "spec", "roles")).contains("broker"))
                .mapToInt(p -> ((Number) at(p, "spec", "replicas")).intValue())
                .sum();
        assertThat(ofKind(base, "KafkaTopic"))
                .allSatisfy(t -> assertThat(((Number) at(t, "spec", "replicas")).intValue())
                        .isLessThanOrEqualTo(nodes));
        assertThat(ofKind(cluster, "KafkaNodePool"))
                .allSatisfy(p -> assertThat(at(p, "metadata", "labels", "strimzi.io/cluster"))
                        .isEqualTo(name(kafka)));
    }

    @Test
    void shouldRenderTheOverlays() {
        List<Map<String, Object>> dev = K8sManifests.overlay("dev");
        Map<String, Object> planner = ofKind(dev, "StatefulSet").get(0);
        assertThat(at(planner, "spec", "replicas")).isEqualTo(1);
        // one planner keeps no standby copy: the patch hit the variable it means to
        assertThat(env(containers(planner).get(0))).containsEntry("PLANEXEC_STREAMS_NUM_STANDBY_REPLICAS", "0");
        assertThat(dev)
                .allSatisfy(d -> assertThat(at(d, "metadata", "namespace")).isEqualTo("planexec-dev"));
        assertThat(ofKind(dev, "ScaledObject"))
                .allSatisfy(s -> assertThat(at(s, "spec", "maxReplicaCount")).isEqualTo(2));

        List<Map<String, Object>> prod = K8sManifests.overlay("prod");
        assertThat(at(ofKind(prod, "StatefulSet").get(0), "spec", "replicas")).isEqualTo(3);
        assertThat(env(containers(ofKind(prod, "StatefulSet").get(0)).get(0)))
                .containsEntry("PLANEXEC_STREAMS_NUM_STANDBY_REPLICAS", "1");
        assertThat(ofKind(prod, "ScaledObject").stream()
                        .filter(s -> name(s).equals("planexec-executor-fast"))
                        .findFirst()
                        .map(s -> at(s, "spec", "minReplicaCount")))
                .contains(2);
    }

    private List<Map<String, Object>> workloads() {
        return Stream.concat(ofKind(base, "StatefulSet").stream(), ofKind(base, "Deployment").stream())
                .toList();
    }

    private Map<String, Object> workload(String name) {
        return workloads().stream()
                .filter(w -> name(w).equals(name))
                .findFirst()
                .orElseThrow();
    }

    private Properties settings() {
        Map<String, Object> config = ofKind(base, "ConfigMap").get(0);
        Properties p = new Properties();
        try {
            p.load(new StringReader(String.valueOf(at(config, "data", "planexec.properties"))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }
}
