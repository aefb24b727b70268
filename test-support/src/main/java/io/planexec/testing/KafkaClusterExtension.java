package io.planexec.testing;

import io.planexec.kafka.embedded.EmbeddedKafka;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * Which cluster: the one at {@code PLANEXEC_TEST_BOOTSTRAP} (environment variable or system property) when set;
 * otherwise the embedded single-node KRaft broker. Tests that need a Docker-based broker use Testcontainers directly
 * and skip cleanly without Docker (see {@code TestcontainersKafkaIT}).
 */
public final class KafkaClusterExtension implements ParameterResolver {

    /** The environment variable (or system property) naming an external cluster to test against. */
    public static final String EXTERNAL_BOOTSTRAP = "PLANEXEC_TEST_BOOTSTRAP";

    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClusterExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);

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
        String external = System.getProperty(EXTERNAL_BOOTSTRAP, System.getenv(EXTERNAL_BOOTSTRAP));
        if (external != null && !external.isBlank()) {
            LOGGER.info("test_kafka=external bootstrap={}", external);
            return new Running(new KafkaCluster(external.trim(), "external"), null);
        }
        EmbeddedKafka broker = EmbeddedKafka.builder().start();
        return new Running(new KafkaCluster(broker.bootstrapServers(), "embedded"), broker);
    }

    /** The shared cluster and what stops it when the test run ends. */
    private record Running(KafkaCluster cluster, EmbeddedKafka broker) implements AutoCloseable {
        @Override
        public void close() {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
