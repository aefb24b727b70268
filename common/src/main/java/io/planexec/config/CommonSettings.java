package io.planexec.config;

import io.planexec.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;

/**
 * The settings every planexec service shares: where the cluster is, the topic prefix, how topics are created, the
 * pass-through of any Kafka client setting (security, timeouts) under the {@code kafka.} prefix, and the HTTP endpoint
 * that serves the metrics and the health checks.
 */
public final class CommonSettings {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    public static final String TOPIC_MIN_INSYNC_REPLICAS = "topic.min.insync.replicas";
    public static final String TOPIC_CREATE = "topic.create";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_HOST = "http.host";

    /** Settings {@code metrics.tags.<name>=<value>} add the tag {@code <name>=<value>} to every meter of the service. */
    public static final String METRICS_TAGS_PREFIX = "metrics.tags.";

    /** Settings under this prefix go, without it, to every Kafka client of the service (e.g. SASL, TLS). */
    public static final String KAFKA_PREFIX = "kafka.";

    private CommonSettings() {}

    /** Adds the shared settings to a service's definition. */
    public static ConfigDef define(ConfigDef definition) {
        return definition
                .define(
                        BOOTSTRAP_SERVERS,
                        ConfigDef.Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        new ConfigDef.NonEmptyString(),
                        Importance.HIGH,
                        "The Kafka cluster to connect to, host:port[,host:port...].")
                .define(
                        TOPIC_PREFIX,
                        ConfigDef.Type.STRING,
                        Topics.DEFAULT_PREFIX,
                        new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM,
                        "The prefix of every planexec topic: <prefix>.requests, <prefix>.steps.fast, ...")
                .define(
                        TOPIC_CREATE,
                        ConfigDef.Type.BOOLEAN,
                        true,
                        Importance.MEDIUM,
                        "Whether the service creates missing planexec topics at start-up (with the partitions and"
                                + " replication below). Existing topics are never changed.")
                .define(
                        TOPIC_PARTITIONS,
                        ConfigDef.Type.INT,
                        6,
                        Range.between(1, 10_000),
                        Importance.MEDIUM,
                        "Partitions of the topics the service creates. Planner instances scale up to the partitions"
                                + " of the requests topic; executors of a queue up to those of its steps topic.")
                .define(
                        TOPIC_REPLICATION_FACTOR,
                        ConfigDef.Type.SHORT,
                        (short) -1,
                        Importance.MEDIUM,
                        "Replication factor of the topics the service creates; -1 takes the broker's"
                                + " default.replication.factor.")
                .define(
                        TOPIC_MIN_INSYNC_REPLICAS,
                        ConfigDef.Type.INT,
                        -1,
                        Range.between(-1, Short.MAX_VALUE),
                        Importance.MEDIUM,
                        "min.insync.replicas of the topics the service creates (for the planner also of Kafka"
                                + " Streams' own topics): with acks=all, a write is refused rather than kept by"
                                + " fewer replicas. -1 takes the broker's min.insync.replicas. At most"
                                + " topic.replication.factor; on a cluster of three brokers, 2.")
                .define(
                        HTTP_PORT,
                        ConfigDef.Type.INT,
                        -1,
                        Range.between(-1, 65_535),
                        Importance.MEDIUM,
                        "The port of the HTTP endpoint: GET /metrics (Prometheus), /health/live, /health/ready."
                                + " 0 picks a free port (logged); -1 serves no HTTP.")
                .define(
                        HTTP_HOST,
                        ConfigDef.Type.STRING,
                        "0.0.0.0",
                        new ConfigDef.NonEmptyString(),
                        Importance.LOW,
                        "The address the HTTP endpoint listens on (0.0.0.0: every address, as a scraper in"
                                + " another pod needs; 127.0.0.1: this machine only).");
    }

    /** The tags {@code metrics.tags.*} give every meter, by name. */
    public static Map<String, String> metricsTags(AbstractConfig config) {
        Map<String, String> tags = new java.util.TreeMap<>();
        config.originalsWithPrefix(METRICS_TAGS_PREFIX).forEach((k, v) -> tags.put(k, String.valueOf(v)));
        return tags;
    }

    /** The topic names under the configured prefix. */
    public static Topics topics(AbstractConfig config) {
        return new Topics(config.getString(TOPIC_PREFIX));
    }

    /** The settings for a Kafka client: {@code bootstrap.servers} plus every {@code kafka.*} setting, unprefixed. */
    public static Map<String, Object> kafkaClientProperties(AbstractConfig config) {
        Map<String, Object> properties = new HashMap<>(config.originalsWithPrefix(KAFKA_PREFIX));
        properties.put(BOOTSTRAP_SERVERS, config.getString(BOOTSTRAP_SERVERS));
        return properties;
    }
}
