package io.planexec.topics;

import io.planexec.config.Durations;
import io.planexec.model.LatencyClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates planexec's topics when they are missing and checks the one layout rule the planner relies on: {@code
 * requests} and {@code step-results} have the same number of partitions (co-partitioned), so one stream task owns a
 * plan's whole state. Existing topics are never altered.
 */
public final class TopicProvisioner {

    private static final Logger LOGGER = LoggerFactory.getLogger(TopicProvisioner.class);

    private static final Duration SERVED_RETRY_BACKOFF = Duration.ofMillis(20);

    private final Admin admin;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** How long the heartbeat of an executor that stopped for good stays in {@code <prefix>.executors}: 7 days. */
    public static final long EXECUTORS_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;

    /**
     * Every planexec topic as it is created when missing: {@code tools} compacted, {@code executors} compacted and
     * deleted after {@link #EXECUTORS_RETENTION_MS} (a running executor rewrites its record every few seconds, so only
     * executors gone for longer disappear), the others deleted by time (the broker's retention).
     *
     * @param partitions partitions of each topic ({@code tools} gets one: it is small and read whole)
     * @param replicationFactor replication, or {@code -1} for the broker's default
     */
    public static List<NewTopic> standardTopics(Topics topics, int partitions, short replicationFactor) {
        Optional<Short> replication = replicationFactor < 1 ? Optional.empty() : Optional.of(replicationFactor);
        List<NewTopic> all = new ArrayList<>();
        all.add(new NewTopic(topics.requests(), Optional.of(partitions), replication));
        all.add(new NewTopic(topics.stepResults(), Optional.of(partitions), replication));
        for (LatencyClass c : LatencyClass.values()) {
            all.add(new NewTopic(topics.steps(c), Optional.of(partitions), replication));
        }
        all.add(new NewTopic(topics.planResults(), Optional.of(partitions), replication));
        all.add(new NewTopic(topics.events(), Optional.of(partitions), replication));
        all.add(new NewTopic(topics.deadLetters(), Optional.of(partitions), replication));
        all.add(new NewTopic(topics.tools(), Optional.of(1), replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        all.add(new NewTopic(topics.executors(), Optional.of(1), replication)
                .configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(EXECUTORS_RETENTION_MS))));
        return all;
    }

    /**
     * These topics with {@code min.insync.replicas} set (added to their other configs), or unchanged for {@code -1}
     * (the broker's default).
     *
     * @throws IllegalArgumentException when a topic's replication factor is below it: such a topic would refuse every
     *     write with {@code acks=all}
     */
    public static List<NewTopic> withMinInSyncReplicas(Collection<NewTopic> topics, int minInSyncReplicas) {
        if (minInSyncReplicas < 1) {
            return List.copyOf(topics);
        }
        List<NewTopic> result = new ArrayList<>();
        for (NewTopic t : topics) {
            if (t.replicationFactor() > 0 && t.replicationFactor() < minInSyncReplicas) {
                throw new IllegalArgumentException("topic.min.insync.replicas (" + minInSyncReplicas
                        + ") is above topic.replication.factor (" + t.replicationFactor() + "): topic '" + t.name()
                        + "' would refuse every write; lower it or raise the replication factor");
            }
            Map<String, String> configs = new HashMap<>(t.configs() == null ? Map.of() : t.configs());
            configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSyncReplicas));
            Optional<Short> replication =
                    t.replicationFactor() > 0 ? Optional.of(t.replicationFactor()) : Optional.empty();
            Optional<Integer> partitions = t.numPartitions() > 0 ? Optional.of(t.numPartitions()) : Optional.empty();
            result.add(new NewTopic(t.name(), partitions, replication).configs(configs));
        }
        return result;
    }

    /**
     * Creates the topics that do not exist yet, and returns once every partition of every wanted topic is served (see
     * {@link #awaitServed}): also those another process created a moment before. All within the timeout.
     *
     * @return the names of the topics created
     * @throws IllegalStateException naming the topic and the cause when creation fails or times out
     */
    public List<String> createMissing(Collection<NewTopic> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        CreateTopicsResult result = admin.createTopics(wanted);
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, ? extends org.apache.kafka.common.KafkaFuture<Void>> e :
                result.values().entrySet()) {
            try {
                e.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                created.add(e.getKey());
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "cannot create topic '" + e.getKey() + "': "
                                    + ex.getCause().getMessage(),
                            ex.getCause());
                }
            } catch (TimeoutException ex) {
                throw new IllegalStateException(
                        "cannot create topic '" + e.getKey() + "' within " + Durations.human(timeout)
                                + ": is the cluster reachable?",
                        ex);
            }
        }
        if (!created.isEmpty()) {
            LOGGER.info("topics_created={}", created);
        }
        awaitServed(wanted.stream().map(NewTopic::name).toList(), deadline);
        return created;
    }

    /**
     * Waits until the leader of every partition of these topics serves it. A topic exists once the controller has
     * recorded it, a moment before its leaders have applied that record. An idempotent producer that writes to a
     * partition in that moment can have one request refused as sent to a non-leader and the next one accepted; every
     * retry of the first is then refused as out of sequence until it expires, and its records are lost (KAFKA-15591,
     * fixed in Kafka 4.5). A leader answers a request for a partition's offsets only once it serves the partition.
     *
     * @throws IllegalStateException naming the topics when they are not all served within the timeout
     */
    public void awaitServed(Collection<String> names) throws InterruptedException {
        awaitServed(names, System.nanoTime() + timeout.toNanos());
    }

    private void awaitServed(Collection<String> names, long deadline) throws InterruptedException {
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                admin.describeTopics(names)
                        .allTopicNames()
                        .get(remainingMillis(deadline), TimeUnit.MILLISECONDS)
                        .forEach((name, d) -> d.partitions()
                                .forEach(p ->
                                        partitions.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(partitions).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new IllegalStateException(
                            "cannot read the partitions of topics " + names + ": " + e.getCause(), e.getCause());
                }
                last = e.getCause();
                Thread.sleep(SERVED_RETRY_BACKOFF.toMillis());
            } catch (TimeoutException e) {
                // The deadline passed during a request: the cluster's last answer, if any, says more
                if (last == null) {
                    last = e;
                }
            }
        }
        throw new IllegalStateException(
                "the partitions of topics " + names + " have no serving leader within " + Durations.human(timeout)
                        + " (last error: " + last + ")",
                last);
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /**
     * The partition count of each topic.
     *
     * @throws IllegalStateException naming the missing topics, or the cause of the failure
     */
    public Map<String, Integer> partitions(Set<String> names) throws InterruptedException {
        try {
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Integer> out = new java.util.TreeMap<>();
            descriptions.forEach((name, d) -> out.put(name, d.partitions().size()));
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException(
                        "missing topic among " + new java.util.TreeSet<>(names)
                                + ": create it, or let the service create it (topic.create=true)",
                        e.getCause());
            }
            throw new IllegalStateException("cannot describe topics " + names + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "cannot describe topics " + names + " within " + Durations.human(timeout)
                            + ": is the cluster reachable?",
                    e);
        }
    }

    /**
     * Checks that {@code requests} and {@code step-results} have the same number of partitions.
     *
     * @throws IllegalStateException with both counts and what to do, when they differ
     */
    public void requireCoPartitioned(Topics topics) throws InterruptedException {
        Map<String, Integer> counts = partitions(Set.of(topics.requests(), topics.stepResults()));
        int requests = counts.get(topics.requests());
        int results = counts.get(topics.stepResults());
        if (requests != results) {
            throw new IllegalStateException("topics '" + topics.requests() + "' (" + requests + " partitions) and '"
                    + topics.stepResults() + "' (" + results + " partitions) must have the same number of"
                    + " partitions: both are keyed by plan id and one planner task must own a plan's requests and"
                    + " results. Add partitions to the smaller one (kafka-topics --alter --partitions "
                    + Math.max(requests, results)
                    + ") before starting the planner.");
        }
    }
}
