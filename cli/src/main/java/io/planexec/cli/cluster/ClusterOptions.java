package io.planexec.cli.cluster;

import io.planexec.cli.UsageException;
import io.planexec.config.CommonSettings;
import io.planexec.config.ConfigSources;
import io.planexec.topics.Topics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of every verb that talks to a cluster. The cluster is, in order: {@code --bootstrap}, the {@code
 * --config} file or {@code PLANEXEC_BOOTSTRAP_SERVERS}, then a running {@code planexec dev}.
 */
public final class ClusterOptions {

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "The Kafka cluster (default: the config file, PLANEXEC_BOOTSTRAP_SERVERS, or a running"
                    + " 'planexec dev').")
    String bootstrap;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A properties file: bootstrap.servers, topic.prefix, kafka.* client settings (e.g."
                    + " kafka.security.protocol).")
    Path config;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            description = "The prefix of planexec's topics (default planexec).")
    String topicPrefix;

    /**
     * The settings from every source, without the cluster address fallback.
     *
     * @throws UsageException when the config file cannot be read
     */
    public Map<String, String> settings() {
        Map<String, String> overrides = new HashMap<>();
        if (bootstrap != null) {
            overrides.put(CommonSettings.BOOTSTRAP_SERVERS, bootstrap);
        }
        if (topicPrefix != null) {
            overrides.put(CommonSettings.TOPIC_PREFIX, topicPrefix);
        }
        try {
            return new HashMap<>(ConfigSources.load(config, System.getenv(), overrides));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * Where the cluster is and how to talk to it.
     *
     * @throws UsageException saying how to name a cluster when none is given and no {@code dev} runs
     */
    public Cluster resolve() {
        Map<String, String> settings = settings();
        Optional<DevState> dev = DevState.read();
        if (!settings.containsKey(CommonSettings.BOOTSTRAP_SERVERS)) {
            if (dev.isEmpty()) {
                throw new UsageException("no cluster given: pass --bootstrap HOST:PORT, set"
                        + " PLANEXEC_BOOTSTRAP_SERVERS, or start one with './planexec dev' in another terminal");
            }
            settings.put(CommonSettings.BOOTSTRAP_SERVERS, dev.get().bootstrapServers());
            settings.putIfAbsent(CommonSettings.TOPIC_PREFIX, dev.get().topicPrefix());
        }
        Map<String, Object> kafka = new HashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(CommonSettings.KAFKA_PREFIX)) {
                kafka.put(k.substring(CommonSettings.KAFKA_PREFIX.length()), v);
            }
        });
        kafka.put(CommonSettings.BOOTSTRAP_SERVERS, settings.get(CommonSettings.BOOTSTRAP_SERVERS));
        Topics topics;
        try {
            topics = new Topics(settings.getOrDefault(CommonSettings.TOPIC_PREFIX, Topics.DEFAULT_PREFIX));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new Cluster(Map.copyOf(kafka), topics);
    }

    /**
     * A cluster to talk to.
     *
     * @param kafkaProperties settings for Kafka clients (bootstrap address and pass-through settings)
     * @param topics planexec's topic names
     */
    public record Cluster(Map<String, Object> kafkaProperties, Topics topics) {

        public String bootstrapServers() {
            return String.valueOf(kafkaProperties.get(CommonSettings.BOOTSTRAP_SERVERS));
        }
    }
}
