package io.planexec.testing;

import io.planexec.kafka.embedded.EmbeddedKafka;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Gives integration tests a real Kafka cluster, started once per test JVM and shared by every test class (kept in the
 * root extension context, stopped when the run ends). Declare a {@link KafkaCluster} parameter:
 *
 * <pre>{@code
 * @ExtendWith(KafkaClusterExtension.class)
 * class SomethingIT {
 *     @Test
 *     void shouldWork(KafkaCluster kafka) { ... }
 * }
 * }</pre>
 *
 * Which cluster, in order:
 *
 * <ol>
 *   <li>the one at {@code PLANEXEC_TEST_BOOTSTRAP} (environment variable or system property), when set;
 *   <li>a broker in Docker through Testcontainers ({@code PLANEXEC_TEST_KAFKA_IMAGE}, default {@value #DEFAULT_IMAGE}),
 *       when a Docker engine answers, unless {@code PLANEXEC_TEST_KAFKA=embedded};
 *   <li>otherwise the embedded single-node KRaft broker.
 * </ol>
 *
 * {@code PLANEXEC_TEST_KAFKA} ({@code auto}, {@code embedded} or {@code testcontainers}) forces a choice; {@code
 * testcontainers} without a Docker engine fails with a message saying so. Every broker gets the settings the tests
 * rely on (short consumer-group session timeouts, no automatic topic creation).
 */
public final class KafkaClusterExtension implements ParameterResolver {

    /** The environment variable (or system property) naming an external cluster to test against. */
    public static final String EXTERNAL_BOOTSTRAP = "PLANEXEC_TEST_BOOTSTRAP";

    /** The environment variable (or system property) choosing the broker: auto, embedded or testcontainers. */
    public static final String KIND = "PLANEXEC_TEST_KAFKA";

    /** The environment variable (or system property) naming the Docker image of the Testcontainers broker. */
    public static final String IMAGE = "PLANEXEC_TEST_KAFKA_IMAGE";

    /** The default Docker image. */
    public static final String DEFAULT_IMAGE = "apache/kafka-native:4.1.0";

    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClusterExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);

    /** Broker settings the tests rely on, beyond the broker's defaults (the embedded broker sets them itself). */
    private static final Map<String, String> TEST_BROKER_SETTINGS = Map.of(
            "group.min.session.timeout.ms", "1000",
            "group.consumer.min.session.timeout.ms", "1000",
            "group.consumer.session.timeout.ms", "10000",
            "group.consumer.min.heartbeat.interval.ms", "500",
            "group.consumer.heartbeat.interval.ms", "1000",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "false",
            "add.partitions.to.txn.retry.backoff.ms", "1");

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
            throws ParameterResolutionException {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, k -> start(), Running.class)
                .cluster;
    }

    private static Running start() {
        String external = setting(EXTERNAL_BOOTSTRAP, "");
        if (!external.isBlank()) {
            LOGGER.info("test_kafka=external bootstrap={}", external);
            return new Running(new KafkaCluster(external.trim(), "external"), null, null);
        }
        String kind = setting(KIND, "auto").toLowerCase(Locale.ROOT);
        switch (kind) {
            case "embedded" -> {
                return embedded();
            }
            case "testcontainers" -> {
                if (!dockerAvailable()) {
                    throw new IllegalStateException(KIND + "=testcontainers, but no Docker engine answers: start one,"
                            + " or leave " + KIND + " unset to use the embedded broker");
                }
                return container();
            }
            case "auto" -> {
                return dockerAvailable() ? container() : embedded();
            }
            default ->
                throw new IllegalStateException(KIND + " must be auto, embedded or testcontainers, got '" + kind + "'");
        }
    }

    private static Running embedded() {
        EmbeddedKafka broker = EmbeddedKafka.builder().start();
        return new Running(new KafkaCluster(broker.bootstrapServers(), "embedded"), broker, null);
    }

    private static Running container() {
        String image = setting(IMAGE, DEFAULT_IMAGE);
        KafkaContainer container = new KafkaContainer(image);
        TEST_BROKER_SETTINGS.forEach((name, value) ->
                container.withEnv("KAFKA_" + name.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "could not start the Kafka image " + image + " in Docker (set " + KIND
                            + "=embedded to use the embedded broker): " + e.getMessage(),
                    e);
        }
        LOGGER.info("test_kafka=testcontainers image={} bootstrap={}", image, container.getBootstrapServers());
        return new Running(new KafkaCluster(container.getBootstrapServers(), "testcontainers"), null, container);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null ? fallback : value;
    }

    /** The shared cluster and what stops it when the test run ends. */
    private record Running(KafkaCluster cluster, EmbeddedKafka broker, KafkaContainer container)
            implements AutoCloseable {
        @Override
        public void close() {
            if (broker != null) {
                broker.close();
            }
            if (container != null) {
                container.stop();
            }
        }
    }
}
