package io.planexec.deploy;

import static io.planexec.deploy.K8sManifests.at;
import static io.planexec.deploy.K8sManifests.list;
import static io.planexec.deploy.K8sManifests.map;
import static io.planexec.deploy.K8sManifests.name;
import static io.planexec.deploy.K8sManifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.executor.ExecutorConfig;
import io.planexec.executor.ExecutorNode;
import io.planexec.executor.tool.Toolbox;
import io.planexec.kafka.embedded.EmbeddedKafka;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.planner.service.PlannerConfig;
import io.planexec.planner.service.PlannerService;
import io.planexec.standalone.demo.DemoTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACLs of {@code deploy/k8s/base/kafka-users.yaml} are enough and no more: on a broker that authorizes every
 * request and grants each principal exactly its KafkaUser's ACLs, the planner, an executor and an agent see plans
 * through (one replied to a reply topic, one with a non-idempotent step), and the agent cannot read the task queues.
 * The topics are created from {@code kafka-topics.yaml} (one replica on one broker), so the services find them as
 * they will in a cluster, with topic creation off.
 */
class KafkaUsersIT {

    private static final String PASSWORD = "secret";

    @Test
    void shouldRunPlansWithExactlyTheAclsOfTheKafkaUsers(@TempDir Path state) throws Exception {
        List<Map<String, Object>> manifests = K8sManifests.base();
        List<Map<String, Object>> users = ofKind(manifests, "KafkaUser");
        assertThat(users)
                .extracting(K8sManifests::name)
                .containsExactlyInAnyOrder("planexec-agent", "planexec-planner", "planexec-executor");

        int plain = freePort();
        int sasl = freePort();
        int controller = freePort();
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        users.forEach(u -> jaas.append(" user_")
                .append(name(u))
                .append("=\"")
                .append(PASSWORD)
                .append('"'));
        try (EmbeddedKafka kafka = EmbeddedKafka.builder()
                .port(plain)
                .controllerPort(controller)
                .brokerProperty(
                        "listeners",
                        "PLAINTEXT://127.0.0.1:" + plain + ",SASL://127.0.0.1:" + sasl + ",CONTROLLER://127.0.0.1:"
                                + controller)
                .brokerProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + plain + ",SASL://127.0.0.1:" + sasl)
                .brokerProperty(
                        "listener.security.protocol.map",
                        "PLAINTEXT:PLAINTEXT,SASL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
                .brokerProperty("sasl.enabled.mechanisms", "PLAIN")
                .brokerProperty("listener.name.sasl.plain.sasl.jaas.config", jaas + ";")
                .brokerProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                // the broker's own listener (and this test's set-up) only: every client of the test uses SASL
                .brokerProperty("super.users", "User:ANONYMOUS")
                .brokerProperty("allow.everyone.if.no.acl.found", "false")
                .start()) {
            String bootstrap = "127.0.0.1:" + sasl;
            setUp(kafka, manifests, users);
            // the broker applies ACLs as it replays the metadata log: wait until the executor's are in force
            try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(
                    clientProperties(bootstrap, "planexec-executor"),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .ignoreExceptions()
                        .until(() -> !probe.partitionsFor("planexec.tools", Duration.ofSeconds(2))
                                .isEmpty());
            }

            try (PlannerService planner = new PlannerService(
                            new PlannerConfig(settings(
                                    bootstrap, "planexec-planner", Map.of("planner.state.dir", state.toString()))),
                            new SimpleMeterRegistry(),
                            Time.SYSTEM);
                    ExecutorNode executor = startExecutor(bootstrap)) {
                planner.start();
                assertThat(planner.awaitReady(Duration.ofSeconds(90)))
                        .as(planner.readiness().reason())
                        .isTrue();
                try (PlanexecClient agent = client(bootstrap, null);
                        PlanexecClient replied = client(bootstrap, "planexec.replies.agent-1")) {
                    PlanResult result = agent.submit(
                                    Requests.steps("acl-1")
                                            .step("w", "get_weather", Map.of("city", "Oslo", "delay_ms", 5))
                                            .step("u", "create_user", Map.of("name", "Ann"))
                                            .build(),
                                    Duration.ofSeconds(60))
                            .get(90, TimeUnit.SECONDS);
                    assertThat(result.status()).as(String.valueOf(result)).isEqualTo(PlanStatus.SUCCEEDED);
                    PlanResult viaReplyTopic = replied.submit(
                                    Requests.steps("acl-2")
                                            .step("s", "sleep", Map.of("ms", 5))
                                            .build(),
                                    Duration.ofSeconds(60))
                            .get(90, TimeUnit.SECONDS);
                    assertThat(viaReplyTopic.status()).isEqualTo(PlanStatus.SUCCEEDED);
                }

                // and an agent cannot read what only executors may
                try (KafkaConsumer<byte[], byte[]> snoop = new KafkaConsumer<>(
                        clientProperties(bootstrap, "planexec-agent"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
                    snoop.assign(List.of(new TopicPartition("planexec.steps.fast", 0)));
                    snoop.seekToBeginning(snoop.assignment());
                    assertThatThrownBy(() -> snoop.poll(Duration.ofSeconds(10)))
                            .isInstanceOf(TopicAuthorizationException.class);
                }
            }
        }
    }

    /** The topics of kafka-topics.yaml (one replica here) and the ACLs of kafka-users.yaml, as the super user. */
    private static void setUp(EmbeddedKafka kafka, List<Map<String, Object>> manifests, List<Map<String, Object>> users)
            throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = new ArrayList<>();
            for (Map<String, Object> t : ofKind(manifests, "KafkaTopic")) {
                Map<String, String> config = new HashMap<>();
                map(at(t, "spec", "config")).forEach((k, v) -> config.put(k, String.valueOf(v)));
                config.remove("min.insync.replicas"); // one broker
                topics.add(new NewTopic(
                                String.valueOf(at(t, "spec", "topicName")),
                                ((Number) at(t, "spec", "partitions")).intValue(),
                                (short) 1)
                        .configs(config));
            }
            topics.add(new NewTopic("planexec.replies.agent-1", 1, (short) 1));
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            List<AclBinding> acls = new ArrayList<>();
            for (Map<String, Object> user : users) {
                for (Object a : list(at(user, "spec", "authorization", "acls"))) {
                    Map<String, Object> acl = map(a);
                    ResourcePattern pattern = new ResourcePattern(
                            resourceType(String.valueOf(at(acl, "resource", "type"))),
                            String.valueOf(at(acl, "resource", "name")),
                            "prefix".equals(at(acl, "resource", "patternType"))
                                    ? PatternType.PREFIXED
                                    : PatternType.LITERAL);
                    for (Object operation : list(acl.get("operations"))) {
                        acls.add(new AclBinding(
                                pattern,
                                new AccessControlEntry(
                                        "User:" + name(user),
                                        "*",
                                        AclOperation.fromString(camelToUpper(String.valueOf(operation))),
                                        AclPermissionType.ALLOW)));
                    }
                }
            }
            admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static ExecutorNode startExecutor(String bootstrap) {
        return ExecutorNode.builder(new ExecutorConfig(
                        settings(bootstrap, "planexec-executor", Map.of("executor.instance.id", "acl-executor"))))
                .toolbox(new Toolbox().registerAll(new DemoTools().tools()))
                .start();
    }

    private static PlanexecClient client(String bootstrap, String replyTopic) throws InterruptedException {
        PlanexecClient.Builder builder =
                PlanexecClient.builder().bootstrapServers(bootstrap).topicPrefix("planexec");
        clientProperties(bootstrap, "planexec-agent").forEach((k, v) -> builder.kafkaProperty(String.valueOf(k), v));
        if (replyTopic != null) {
            builder.replyTopic(replyTopic);
        }
        return builder.build();
    }

    /** A service's settings as the ConfigMap gives them, with SASL/PLAIN here instead of SCRAM over TLS. */
    private static Map<String, String> settings(String bootstrap, String user, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", bootstrap);
        settings.put("topic.prefix", "planexec");
        settings.put("topic.create", "false");
        clientProperties(bootstrap, user).forEach((k, v) -> settings.put("kafka." + k, String.valueOf(v)));
        settings.remove("kafka.bootstrap.servers");
        settings.putAll(more);
        return settings;
    }

    private static Properties clientProperties(String bootstrap, String user) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                        + PASSWORD + "\";");
        return p;
    }

    private static ResourceType resourceType(String strimzi) {
        return switch (strimzi) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
            case "cluster" -> ResourceType.CLUSTER;
            default -> throw new IllegalArgumentException("unknown resource type " + strimzi);
        };
    }

    /** {@code IdempotentWrite} to {@code IDEMPOTENT_WRITE}, as Kafka names operations. */
    private static String camelToUpper(String operation) {
        return operation.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
