package io.planexec.kafka.process;

import io.planexec.kafka.embedded.KraftStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka cluster of separate processes on this machine, as Kafka runs in production: dedicated KRaft controllers (a
 * quorum of three by default) and brokers (three by default), each a child JVM running Kafka's own {@code kafka.Kafka}
 * main with its own data directory and loopback ports. Topics are replicated three times with {@code
 * min.insync.replicas=2}, so one broker may die without a write with {@code acks=all} failing.
 *
 * <pre>{@code
 * try (KafkaProcessCluster cluster = KafkaProcessCluster.builder().start()) {
 *     String bootstrap = cluster.bootstrapServers();
 *     cluster.broker(0).kill(); // kill -9
 *     cluster.broker(0).start(); // back with its data
 * }
 * }</pre>
 *
 * Each node is a {@link NodeProcess}: kill it ({@code SIGKILL}), stop it ({@code SIGTERM}), pause it ({@code
 * SIGSTOP}), start it again. The children die with this JVM (see {@link DieWithParent}).
 *
 * <p>With {@link Builder#networkNamespaces(boolean)} every node runs on a host of its own (a network namespace with
 * its own address, see {@link ClusterNetwork}) and can be cut off from the network while it runs: {@link
 * NodeProcess#cutOff()}, {@link NodeProcess#reconnect()}.
 */
public final class KafkaProcessCluster implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaProcessCluster.class);

    /** The cluster id every node is formatted with. */
    static final String CLUSTER_ID = "cGxhbmV4ZWMtY2x1c3Rlcg";

    /** The client port of a broker on a host of its own. */
    static final int BROKER_PORT = 9092;

    /** The quorum port of a controller on a host of its own. */
    static final int CONTROLLER_PORT = 9093;

    private final List<NodeProcess> controllers;
    private final List<NodeProcess> brokers;
    private final Path dir;
    private final boolean deleteOnClose;
    private final Duration startTimeout;
    private final ClusterNetwork network;
    private volatile boolean closed;

    private KafkaProcessCluster(
            List<NodeProcess> controllers,
            List<NodeProcess> brokers,
            Path dir,
            boolean deleteOnClose,
            Duration startTimeout,
            ClusterNetwork network) {
        this.controllers = controllers;
        this.brokers = brokers;
        this.dir = dir;
        this.deleteOnClose = deleteOnClose;
        this.startTimeout = startTimeout;
        this.network = network;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every broker's client address, comma-separated: what clients bootstrap from. */
    public String bootstrapServers() {
        return brokers.stream().map(NodeProcess::address).collect(Collectors.joining(","));
    }

    /** The brokers, in node id order. */
    public List<NodeProcess> brokers() {
        return brokers;
    }

    /** The {@code i}-th broker (from 0). */
    public NodeProcess broker(int i) {
        return brokers.get(i);
    }

    /** The controllers, in node id order. */
    public List<NodeProcess> controllers() {
        return controllers;
    }

    /** The broker with this node id. */
    public NodeProcess brokerWithId(int nodeId) {
        return brokers.stream()
                .filter(b -> b.nodeId() == nodeId)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no broker has node id " + nodeId));
    }

    /** Whether every node runs on a host of its own and can be {@linkplain NodeProcess#cutOff() cut off}. */
    public boolean hasNetworkNamespaces() {
        return network != null;
    }

    /** The directory holding every node's data and log file. */
    public Path directory() {
        return dir;
    }

    /**
     * Waits until every running broker is registered and every partition of these topics (all topics when none are
     * named) has all its replicas in sync: after a broker came back, the cluster again tolerates losing one.
     *
     * @throws IllegalStateException naming the partitions still short of replicas when the timeout passes
     */
    public void awaitInSync(Duration timeout, String... topics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    Set<Integer> registered = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                            .map(Node::id)
                            .collect(Collectors.toSet());
                    Set<Integer> running = brokers.stream()
                            .filter(NodeProcess::isAlive)
                            .map(NodeProcess::nodeId)
                            .collect(Collectors.toSet());
                    Collection<String> names = topics.length > 0
                            ? List.of(topics)
                            : admin.listTopics().names().get(5, TimeUnit.SECONDS);
                    Map<String, TopicDescription> described =
                            admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS);
                    List<String> short_ = new ArrayList<>();
                    described.forEach((name, d) -> {
                        for (TopicPartitionInfo p : d.partitions()) {
                            if (p.isr().size() < p.replicas().size()) {
                                short_.add(name + "-" + p.partition() + " isr=" + ids(p.isr()));
                            }
                        }
                    });
                    if (registered.containsAll(running) && short_.isEmpty()) {
                        return;
                    }
                    last = "registered " + registered + ", running " + running + ", out of sync " + short_;
                } catch (ExecutionException | TimeoutException e) {
                    last = e.toString();
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the replicas", e);
        }
        throw new IllegalStateException("the replicas were not in sync within " + timeout.toMillis() + " ms: " + last);
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    /** An admin client of this cluster (close it). */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) startTimeout.toMillis()));
    }

    /** Kills every node ({@code kill -9}: the cluster is thrown away) and deletes a temporary directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        brokers.forEach(NodeProcess::kill);
        controllers.forEach(NodeProcess::kill);
        if (network != null) {
            network.close();
        }
        if (deleteOnClose) {
            try {
                Utils.delete(dir.toFile());
            } catch (IOException e) {
                LOGGER.warn("kafka_cluster dir={} not fully deleted: {}", dir, e.toString());
            }
        }
        LOGGER.info("kafka_cluster=stopped dir={}", dir);
    }

    /** Configures and starts a cluster. */
    public static final class Builder {
        private int controllers = 3;
        private int brokers = 3;
        private Path dir;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private List<String> brokerJvmOptions = List.of("-Xms256m", "-Xmx512m");
        private List<String> controllerJvmOptions = List.of("-Xms64m", "-Xmx192m", "-XX:+UseSerialGC");
        private Duration startTimeout = Duration.ofMinutes(2);
        private boolean networkNamespaces;

        private Builder() {}

        /**
         * Runs every node on a host of its own: a network namespace with its own address on a bridge (see {@link
         * ClusterNetwork}; needs root, {@link ClusterNetwork#unavailable()} says why not), listening on the standard
         * ports 9092 (brokers) and 9093 (controllers), so that a node can be cut off from the network. Default off:
         * every node on loopback.
         */
        public Builder networkNamespaces(boolean networkNamespaces) {
            this.networkNamespaces = networkNamespaces;
            return this;
        }

        /** How many dedicated controllers form the KRaft quorum (default 3; 1 works, with no controller failover). */
        public Builder controllers(int controllers) {
            if (controllers < 1) {
                throw new IllegalArgumentException("controllers must be at least 1, got " + controllers);
            }
            this.controllers = controllers;
            return this;
        }

        /** How many brokers (default 3; the replication defaults need 3). */
        public Builder brokers(int brokers) {
            if (brokers < 1) {
                throw new IllegalArgumentException("brokers must be at least 1, got " + brokers);
            }
            this.brokers = brokers;
            return this;
        }

        /**
         * Keeps the nodes' data in this directory (one sub-directory per node, formatted on first use). Without it
         * the cluster uses a fresh temporary directory, deleted on close.
         */
        public Builder directory(Path dir) {
            this.dir = dir;
            return this;
        }

        /** A broker setting, overriding {@link #brokerDefaults}. */
        public Builder brokerProperty(String name, String value) {
            overrides.put(name, value);
            return this;
        }

        /** The brokers' JVM options (default {@code -Xms256m -Xmx512m}). */
        public Builder brokerJvmOptions(List<String> options) {
            this.brokerJvmOptions = List.copyOf(options);
            return this;
        }

        /** How long to wait for the cluster, and for a restarted node, to serve (default 120 s). */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * Formats every node's data directory if needed, starts the controllers and the brokers, and waits until
         * every broker is registered.
         *
         * @throws IllegalStateException saying which node did not start, with the end of its log
         */
        public KafkaProcessCluster start() {
            long begin = System.nanoTime();
            boolean fresh = dir == null;
            Path root;
            try {
                root = fresh ? Files.createTempDirectory("planexec-cluster-") : Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the cluster's directory: " + e.getMessage(), e);
            }
            ClusterNetwork network = networkNamespaces ? ClusterNetwork.create(controllers + brokers) : null;
            List<ClusterNetwork.Host> hosts = new ArrayList<>();
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < controllers + brokers; i++) {
                ClusterNetwork.Host host = network == null ? null : network.host(i);
                hosts.add(host);
                int port = host != null ? (i < controllers ? CONTROLLER_PORT : BROKER_PORT) : LocalPorts.free();
                addresses.add((host == null ? "127.0.0.1" : host.address()) + ":" + port);
            }
            StringBuilder voters = new StringBuilder();
            for (int i = 0; i < controllers; i++) {
                voters.append(i == 0 ? "" : ",")
                        .append(controllerId(i))
                        .append('@')
                        .append(addresses.get(i));
            }
            int replication = Math.min(3, brokers);
            List<NodeProcess> controllerNodes = new ArrayList<>();
            for (int i = 0; i < controllers; i++) {
                int id = controllerId(i);
                Path nodeDir = root.resolve("controller-" + id);
                Map<String, String> props =
                        controllerDefaults(id, nodeDir, addresses.get(i), voters.toString(), replication);
                controllerNodes.add(new NodeProcess(
                        "controller-" + id, id, addresses.get(i), hosts.get(i), nodeDir, props, controllerJvmOptions));
            }
            List<NodeProcess> brokerNodes = new ArrayList<>();
            for (int i = 0; i < brokers; i++) {
                int id = brokerId(i);
                String address = addresses.get(controllers + i);
                Path nodeDir = root.resolve("broker-" + id);
                Map<String, String> props = brokerDefaults(id, nodeDir, address, voters.toString(), replication);
                props.putAll(overrides);
                brokerNodes.add(new NodeProcess(
                        "broker-" + id, id, address, hosts.get(controllers + i), nodeDir, props, brokerJvmOptions));
            }
            KafkaProcessCluster cluster = new KafkaProcessCluster(
                    List.copyOf(controllerNodes), List.copyOf(brokerNodes), root, fresh, startTimeout, network);
            try {
                for (NodeProcess node : controllerNodes) {
                    node.format();
                    node.start();
                }
                for (NodeProcess node : brokerNodes) {
                    node.format();
                    node.start();
                }
                cluster.awaitBrokers(startTimeout);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            LOGGER.info(
                    "kafka_cluster=started controllers={} brokers={} bootstrap={} dir={} took_ms={}",
                    controllers,
                    brokers,
                    cluster.bootstrapServers(),
                    root,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            return cluster;
        }
    }

    private static int controllerId(int index) {
        return 1 + index;
    }

    private static int brokerId(int index) {
        return 101 + index;
    }

    /**
     * The settings of a dedicated controller. Controllers create topics in KRaft, so they carry the topic defaults
     * too.
     */
    static Map<String, String> controllerDefaults(
            int nodeId, Path dir, String address, String voters, int replication) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("listeners", "CONTROLLER://" + address);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
        p.put("controller.quorum.voters", voters);
        p.put("log.dirs", dir.resolve("data").toAbsolutePath().toString());
        p.putAll(topicDefaults(replication));
        return p;
    }

    /** Partitions, replication and min ISR of topics created without them: what brokers and controllers share. */
    private static Map<String, String> topicDefaults(int replication) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("num.partitions", "3");
        p.put("default.replication.factor", Integer.toString(replication));
        p.put("min.insync.replicas", Integer.toString(Math.max(1, replication - 1)));
        p.put("unclean.leader.election.enable", "false");
        return p;
    }

    /**
     * The settings of a broker: replication 3 and {@code min.insync.replicas} 2 for every topic and for the offsets,
     * transaction and share-state topics (fewer when there are fewer brokers), no unclean leader election, no topic
     * created by a client's request, and group session timeouts short enough for a dead member to be noticed within
     * seconds.
     */
    public static Map<String, String> brokerDefaults(
            int nodeId, Path dir, String address, String voters, int replication) {
        String rf = Integer.toString(replication);
        String minIsr = Integer.toString(Math.max(1, replication - 1));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker");
        p.put("node.id", Integer.toString(nodeId));
        p.put("listeners", "PLAINTEXT://" + address);
        p.put("advertised.listeners", "PLAINTEXT://" + address);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.quorum.voters", voters);
        p.put("log.dirs", dir.resolve("data").toAbsolutePath().toString());
        p.putAll(topicDefaults(replication));
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.min.session.timeout.ms", "1000");
        p.put("group.consumer.min.session.timeout.ms", "1000");
        p.put("group.consumer.session.timeout.ms", "10000");
        p.put("group.consumer.min.heartbeat.interval.ms", "500");
        p.put("group.consumer.heartbeat.interval.ms", "1000");
        // A broker that stops heartbeating to the controller is fenced after this long (default 9 s)
        p.put("broker.session.timeout.ms", "6000");
        p.put("add.partitions.to.txn.retry.backoff.ms", "1");
        return p;
    }

    private void awaitBrokers(Duration timeout) {
        Set<Integer> wanted = brokers.stream().map(NodeProcess::nodeId).collect(Collectors.toSet());
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                for (NodeProcess node : brokers) {
                    node.requireAlive();
                }
                try {
                    Set<Integer> registered = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                            .map(Node::id)
                            .collect(Collectors.toSet());
                    if (registered.containsAll(wanted)) {
                        return;
                    }
                    last = "registered " + registered + " of " + wanted;
                } catch (ExecutionException | TimeoutException e) {
                    last = e.toString();
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the brokers", e);
        }
        throw new IllegalStateException("the brokers did not all register within " + timeout.toMillis() + " ms (" + last
                + "); logs under " + dir);
    }

    /** One node of the cluster: a child JVM with its own data directory and log file. */
    public static final class NodeProcess {
        private final String name;
        private final int nodeId;
        private final String address;
        private final ClusterNetwork.Host host;
        private final Path dir;
        private final Map<String, String> properties;
        private final List<String> jvmOptions;
        private Process process;

        NodeProcess(
                String name,
                int nodeId,
                String address,
                ClusterNetwork.Host host,
                Path dir,
                Map<String, String> properties,
                List<String> jvmOptions) {
            this.name = name;
            this.nodeId = nodeId;
            this.address = address;
            this.host = host;
            this.dir = dir;
            this.properties = properties;
            this.jvmOptions = jvmOptions;
        }

        /** {@code broker-101}, {@code controller-1}, ... */
        public String name() {
            return name;
        }

        /** The KRaft node id. */
        public int nodeId() {
            return nodeId;
        }

        /**
         * {@code 127.0.0.1:<port>} ({@code 10.a.b.c:9092} on a host of its own): the client listener of a broker, the
         * controller listener of a controller.
         */
        public String address() {
            return address;
        }

        /** The node's log file. */
        public Path log() {
            return dir.resolve("node.log");
        }

        /** The process id, or -1 when not running. */
        public synchronized long pid() {
            return process != null && process.isAlive() ? process.pid() : -1;
        }

        public synchronized boolean isAlive() {
            return process != null && process.isAlive();
        }

        /** Starts the node (its data directory is kept from a previous run); does nothing when it runs. */
        public synchronized void start() {
            if (isAlive()) {
                return;
            }
            try {
                process = ChildJvms.start(
                        host == null ? List.of() : host.commandPrefix(),
                        "kafka.Kafka",
                        jvmOptions,
                        List.of(configFile().toString()),
                        Map.of(),
                        log());
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
            }
            LOGGER.info("kafka_node={} started pid={} address={}", name, process.pid(), address);
        }

        /** {@code kill -9}: the process dies at once, without flushing or telling the controller. */
        public synchronized void kill() {
            if (process == null) {
                return;
            }
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
            LOGGER.info("kafka_node={} killed", name);
        }

        /** {@code SIGTERM}: a controlled shutdown (leadership moved away first), waited for up to two minutes. */
        public synchronized void stop() {
            if (process == null) {
                return;
            }
            process.destroy();
            if (!waitFor(Duration.ofMinutes(2))) {
                process.destroyForcibly();
                waitFor(Duration.ofSeconds(30));
            }
            LOGGER.info("kafka_node={} stopped", name);
        }

        /**
         * Cuts the node's host off the network: no packet reaches it or leaves it (its cable is pulled), while the
         * process runs on, believing what it believed, until {@link #reconnect()}.
         *
         * @throws IllegalStateException when the cluster was started without {@linkplain
         *     Builder#networkNamespaces(boolean) network namespaces}
         */
        public void cutOff() {
            requireHost().cutOff();
        }

        /** Connects the node's host again after {@link #cutOff()}. */
        public void reconnect() {
            requireHost().reconnect();
        }

        /** Whether the node's host is cut off now. */
        public boolean isCutOff() {
            return host != null && host.isCutOff();
        }

        /** The node's host, when the cluster runs on network namespaces. */
        public Optional<ClusterNetwork.Host> host() {
            return Optional.ofNullable(host);
        }

        private ClusterNetwork.Host requireHost() {
            if (host == null) {
                throw new IllegalStateException(
                        name + " runs on loopback: start the cluster with networkNamespaces(true) to cut nodes off");
            }
            return host;
        }

        /** {@code SIGSTOP}: the process freezes (a long pause) until {@link #resume}. */
        public synchronized void pause() {
            ChildJvms.signal(requireAlive(), "STOP");
        }

        /** {@code SIGCONT} after {@link #pause}. */
        public synchronized void resume() {
            ChildJvms.signal(requireAlive(), "CONT");
        }

        synchronized long requireAlive() {
            if (!isAlive()) {
                throw new IllegalStateException(name + " is not running" + tail());
            }
            return process.pid();
        }

        private boolean waitFor(Duration timeout) {
            try {
                return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private Path configFile() {
            return dir.resolve("server.properties");
        }

        void format() {
            Properties props = new Properties();
            props.putAll(properties);
            KraftStorage.format(configFile(), props, CLUSTER_ID, name);
        }

        private String tail() {
            try {
                List<String> lines = Files.exists(log()) ? Files.readAllLines(log()) : List.of();
                return "; last lines of " + log() + ":\n  "
                        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            } catch (IOException | UncheckedIOException e) {
                return "";
            }
        }

        @Override
        public String toString() {
            return name + "@" + address;
        }
    }
}
