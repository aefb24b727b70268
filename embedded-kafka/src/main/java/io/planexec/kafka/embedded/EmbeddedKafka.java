package io.planexec.kafka.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running in this JVM, on loopback.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * It uses the broker's internal classes ({@code KafkaRaftServer}, {@code StorageTool}), which carry no compatibility
 * promise: the Kafka version is pinned in the build and this class is the only place that touches them.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** The cluster id used when formatting a new data directory. */
    static final String CLUSTER_ID = "cGxhbmV4ZWMtZW1iZWRkZWQ";

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int port;
    private volatile boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, boolean deleteOnClose, int port) {
        this.server = server;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address clients connect to, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    /** The directory that holds the broker's logs and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and, for a fresh data directory, deletes it. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long start = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
        LOGGER.info(
                "embedded_kafka=stopped port={} took_ms={}",
                port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** Configures and starts a broker. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {}

        /**
         * The controller's port; {@code 0} (the default) picks a free one. Set it to override {@code listeners} with
         * further listeners of your own (a SASL listener, say), which must repeat the controller's.
         */
        public Builder controllerPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.controllerPort = port;
            return this;
        }

        /** The client port; {@code 0} (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Keeps the broker's data in this directory across restarts (formatted on first use). Without it the broker
         * uses a fresh temporary directory, deleted on close.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Any broker setting, overriding the defaults of {@link #defaults}. */
        public Builder brokerProperty(String name, String value) {
            overrides.put(name, value);
            return this;
        }

        /** How long to wait for the broker to answer clients (default 60 s). */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * Formats the data directory if needed, starts the broker and waits until it answers.
         *
         * @throws IllegalStateException saying what failed (port in use, unusable directory, broker not ready)
         */
        public EmbeddedKafka start() {
            long begin = System.nanoTime();
            boolean fresh = dataDir == null;
            Path dir;
            try {
                dir = fresh ? Files.createTempDirectory("planexec-kafka-") : Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the broker's data directory: " + e.getMessage(), e);
            }
            int clientPort = port == 0 ? freePort() : requireFree(port);
            int controllerPort = this.controllerPort == 0 ? freePort() : requireFree(this.controllerPort);
            Properties props = new Properties();
            props.putAll(defaults(dir, clientPort, controllerPort));
            props.putAll(overrides);
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            format(dir, props);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                throw new IllegalStateException("the embedded broker did not start: " + e.getMessage(), e);
            }
            EmbeddedKafka kafka = new EmbeddedKafka(server, dir, fresh, clientPort);
            try {
                kafka.awaitReady(startTimeout);
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
            LOGGER.info(
                    "embedded_kafka=started bootstrap={} data_dir={} took_ms={}",
                    kafka.bootstrapServers(),
                    dir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            return kafka;
        }
    }

    /**
     * The broker settings used unless overridden: one node that is broker and controller, loopback listeners,
     * replication 1 for the internal topics, no initial rebalance delay, and consumer-group session timeouts short
     * enough that a dead member is noticed within seconds.
     */
    public static Map<String, String> defaults(Path dataDir, int clientPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.min.session.timeout.ms", "1000");
        p.put("group.consumer.min.session.timeout.ms", "1000");
        p.put("group.consumer.session.timeout.ms", "10000");
        p.put("group.consumer.min.heartbeat.interval.ms", "500");
        p.put("group.consumer.heartbeat.interval.ms", "1000");
        p.put("auto.create.topics.enable", "false");
        // A transaction that adds a partition right after the previous commit is retried by the broker after this
        // backoff (default 20 ms); planner and executors commit every few milliseconds.
        p.put("add.partitions.to.txn.retry.backoff.ms", "1");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return p;
    }

    private void awaitReady(Duration timeout) {
        Map<String, Object> props = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis());
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "the embedded broker at " + bootstrapServers() + " did not answer within " + timeout.toMillis()
                            + " ms",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
        }
    }

    private static void format(Path dir, Properties props) {
        KraftStorage.format(
                dir.resolve("planexec-broker.properties"), props, CLUSTER_ID, "the broker's data directory " + dir);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port on loopback: " + e.getMessage(), e);
        }
    }

    private static int requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return port;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "port " + port + " on 127.0.0.1 is in use: choose another, or leave it out to pick a free one", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOGGER.warn("embedded_kafka data_dir={} not fully deleted: {}", dir, e.toString());
        }
    }
}
