package io.planexec.planner.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.planexec.config.CommonSettings;
import io.planexec.observability.Check;
import io.planexec.observability.KafkaMeterBinders;
import io.planexec.plan.Planner;
import io.planexec.planner.metrics.PlannerMetrics;
import io.planexec.planner.reply.ReplyForwarder;
import io.planexec.planner.state.DefinitionCache;
import io.planexec.planner.topic.AdminTopicChecks;
import io.planexec.planner.topology.ExecutorIndex;
import io.planexec.planner.topology.PlannerTopology;
import io.planexec.topics.TopicProvisioner;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planner service: at start it creates missing topics (when allowed), checks that requests and step results are
 * co-partitioned, and starts the Kafka Streams application; it is ready when Streams is {@code RUNNING}.
 *
 * <pre>{@code
 * try (PlannerService planner = new PlannerService(config, meterRegistry, Time.SYSTEM)) {
 *     planner.start();
 *     planner.awaitReady(Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@code NEW ──start()──▶ STARTED ──close()──▶ CLOSED}; {@link #state()} reports Kafka Streams' own
 * state while started.
 */
public final class PlannerService implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlannerService.class);

    private final PlannerConfig config;
    private final PlannerMetrics metrics;
    private final Time time;
    private final CountDownLatch running = new CountDownLatch(1);
    private final StateRestoration restoration;
    private Admin admin;
    private KafkaStreams streams;
    /**
     * How long the release of a step to a custom queue waits for the cluster to say whether the queue's topic exists
     * (once per topic: the answer is cached, and the tool's registration asks ahead).
     */
    static final Duration QUEUE_CHECK_WAIT = Duration.ofSeconds(2);

    /** How long a custom queue's topic, once found, is trusted before it is asked about again (in the background). */
    static final Duration QUEUE_TOPIC_TRUSTED = Duration.ofMinutes(5);

    /** How long a custom queue's topic found missing stays missing before it is asked about again. */
    static final Duration QUEUE_TOPIC_MISSING = Duration.ofSeconds(5);

    private ReplyForwarder forwarder;
    private KafkaMeterBinders kafkaMeters;
    private Thread forwarderThread;
    private boolean closed;

    /**
     * @param registry where the planner's meters go (the HTTP endpoint that exposes them is the caller's)
     * @param time the clock of Kafka Streams (and so of the planner's decisions); {@link Time#SYSTEM} in production
     */
    public PlannerService(PlannerConfig config, MeterRegistry registry, Time time) {
        this.config = config;
        this.metrics = new PlannerMetrics(registry);
        this.time = time;
        this.restoration = new StateRestoration(5_000, time::milliseconds);
        metrics.readiness(this::isReady);
    }

    /**
     * Provisions and checks topics, then starts processing.
     *
     * @throws IllegalStateException with what to do, when the topics are not as the planner needs them or the cluster
     *     cannot be reached
     */
    public synchronized void start() {
        if (streams != null || closed) {
            throw new IllegalStateException("the planner service can be started once");
        }
        Topics topics = config.topics();
        admin = Admin.create(config.clientProperties());
        int requestPartitions;
        try {
            requestPartitions = provision(topics);
        } catch (RuntimeException e) {
            admin.close(Duration.ofSeconds(5));
            throw e;
        }
        Topology topology = PlannerTopology.build(new PlannerTopology.Dependencies(
                topics,
                config.engineSettings(),
                metrics,
                new DefinitionCache(config.getLong(PlannerConfig.DEFINITION_CACHE_STEPS)),
                new WireFormat(),
                new Planner(),
                requestPartitions,
                config.clockInterval(),
                config.eagerCommits(),
                new AdminTopicChecks(
                        admin,
                        QUEUE_CHECK_WAIT.toMillis(),
                        QUEUE_TOPIC_TRUSTED.toMillis(),
                        QUEUE_TOPIC_MISSING.toMillis(),
                        time::milliseconds),
                new ExecutorIndex()));
        streams = new KafkaStreams(topology, config.streamsProperties(), time);
        kafkaMeters = new KafkaMeterBinders(metrics.registry());
        kafkaMeters.bind((scheduler, refresh) -> new KafkaStreamsMetrics(streams, Tags.empty(), scheduler, refresh));
        streams.setGlobalStateRestoreListener(restoration);
        streams.setStandbyUpdateListener(restoration);
        streams.setStateListener((now, before) -> {
            LOGGER.info("planner_state from={} to={}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOGGER.error("stream_thread_failed error=\"{}\" action=replace_thread", e.toString(), e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        LOGGER.info(
                "planner_starting application_id={} topic_prefix={} guarantee={} commit_interval_ms={} poll_ms={}"
                        + " partitions={}",
                config.applicationId(),
                topics.prefix(),
                config.getString(PlannerConfig.PROCESSING_GUARANTEE),
                config.getLong(PlannerConfig.COMMIT_INTERVAL_MS),
                config.getLong(PlannerConfig.POLL_MS),
                requestPartitions);
        streams.start();
        startReplyForwarder(topics);
    }

    /** Starts the thread that copies results to the reply topics agents ask for (see {@link ReplyForwarder}). */
    private void startReplyForwarder(Topics topics) {
        AdminTopicChecks replyTopics = new AdminTopicChecks(
                admin,
                config.getLong(PlannerConfig.REPLY_CHECK_TIMEOUT_MS),
                config.getLong(PlannerConfig.REPLY_CACHE_MS),
                config.getLong(PlannerConfig.REPLY_MISSING_CACHE_MS),
                time::milliseconds);
        Map<String, Object> producerProps = config.replyProducerProperties();
        forwarder = new ReplyForwarder(
                new ReplyForwarder.Settings(
                        topics.planResults(),
                        topics.events(),
                        Duration.ofMillis(200),
                        Duration.ofSeconds(5),
                        config.leaveGroupOnClose()),
                bound(new KafkaConsumer<>(config.replyConsumerProperties())),
                () -> bound(new KafkaProducer<>(producerProps)),
                replyTopics,
                metrics,
                new WireFormat(),
                time);
        forwarderThread = new Thread(forwarder, "planexec-reply-forwarder");
        forwarderThread.setDaemon(true);
        forwarderThread.start();
    }

    private <K, V> KafkaConsumer<K, V> bound(KafkaConsumer<K, V> consumer) {
        kafkaMeters.bind((scheduler, refresh) -> new KafkaClientMetrics(consumer, Tags.empty(), scheduler, refresh));
        return consumer;
    }

    private <K, V> KafkaProducer<K, V> bound(KafkaProducer<K, V> producer) {
        kafkaMeters.bind((scheduler, refresh) -> new KafkaClientMetrics(producer, Tags.empty(), scheduler, refresh));
        return producer;
    }

    private int provision(Topics topics) {
        TopicProvisioner provisioner = new TopicProvisioner(admin, config.adminTimeout());
        try {
            if (config.getBoolean(CommonSettings.TOPIC_CREATE)) {
                provisioner.createMissing(TopicProvisioner.withMinInSyncReplicas(
                        TopicProvisioner.standardTopics(
                                topics,
                                config.getInt(CommonSettings.TOPIC_PARTITIONS),
                                config.getShort(CommonSettings.TOPIC_REPLICATION_FACTOR)),
                        config.getInt(CommonSettings.TOPIC_MIN_INSYNC_REPLICAS)));
            }
            provisioner.requireCoPartitioned(topics);
            Map<String, Integer> partitions = provisioner.partitions(Set.copyOf(topics.all()));
            return partitions.get(topics.requests());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the planner's topics", e);
        }
    }

    /**
     * Whether the planner is ready, and if not, why.
     *
     * @param ready whether it processes every task it owns: Kafka Streams is {@code RUNNING} and no state store is
     *     being restored
     * @param reason why it is not ready (or, when ready, what it is doing), for health checks and logs
     */
    public record Readiness(boolean ready, String reason) {}

    /** Whether the planner is processing: Kafka Streams is {@code RUNNING} and no state store is being restored. */
    public boolean isReady() {
        return readiness().ready();
    }

    /** The planner's readiness with its reason, e.g. why a restarted planner is not processing yet. */
    public Readiness readiness() {
        KafkaStreams s = streams;
        if (s == null) {
            return new Readiness(false, closed ? "the planner is closed" : "the planner has not started");
        }
        KafkaStreams.State state = s.state();
        StateRestoration.Summary restoring = restoration.summary();
        if (state == KafkaStreams.State.RUNNING && !restoring.restoring()) {
            return new Readiness(true, "Kafka Streams is RUNNING");
        }
        String why = "Kafka Streams is " + state
                + switch (state) {
                    case REBALANCING -> " (joining its group, taking tasks over)";
                    case ERROR, NOT_RUNNING, PENDING_ERROR, PENDING_SHUTDOWN -> " (not processing)";
                    default -> "";
                };
        return new Readiness(false, restoring.restoring() ? why + "; " + restoring.describe() : why);
    }

    /**
     * The checks of {@code /health/ready}: Kafka Streams is {@code RUNNING} and no state store is being restored
     * ({@link #readiness()}).
     */
    public Map<String, Check> readyChecks() {
        Readiness r = readiness();
        return Map.of("streams", new Check(r.ready(), r.reason()));
    }

    /**
     * The checks of {@code /health/live}: Kafka Streams has not stopped for good (its state is not {@code ERROR},
     * {@code PENDING_ERROR} or {@code NOT_RUNNING} after a start), and the reply forwarder still runs.
     */
    public Map<String, Check> liveChecks() {
        KafkaStreams s = streams;
        KafkaStreams.State state = s == null ? null : s.state();
        boolean streamsAlive = state == null
                || !(state == KafkaStreams.State.ERROR
                        || state == KafkaStreams.State.PENDING_ERROR
                        || state == KafkaStreams.State.NOT_RUNNING);
        Thread forwarding = forwarderThread;
        boolean forwarderAlive = forwarding == null || forwarding.isAlive() || closed;
        return Map.of(
                "streams",
                new Check(streamsAlive, "Kafka Streams is " + (state == null ? "not started" : state)),
                "reply-forwarder",
                new Check(forwarderAlive, forwarderAlive ? "running" : "its thread stopped"));
    }

    /** Records restored into the stores of its active tasks since the start (for tests and probes). */
    public long restoredRecords() {
        return restoration.totalRestored();
    }

    /** What the planner's state stores are restoring now (for tests and probes). */
    public String restoring() {
        StateRestoration.Summary summary = restoration.summary();
        return summary.restoring() ? summary.describe() : "nothing";
    }

    /** Kafka Streams' state, or {@code null} before {@link #start()}. */
    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? null : s.state();
    }

    /** Waits until the planner has been {@code RUNNING} once; {@code false} on timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The tools the planner plans against now (its global tool registry, fed by {@code <prefix>.tools}), sorted; empty
     * before the planner runs.
     */
    public List<String> registeredTools() {
        KafkaStreams s = streams;
        if (s == null || s.state() != KafkaStreams.State.RUNNING) {
            return List.of();
        }
        ReadOnlyKeyValueStore<String, byte[]> store = s.store(StoreQueryParameters.fromNameAndType(
                PlannerTopology.TOOL_REGISTRY_STORE, QueryableStoreTypes.keyValueStore()));
        List<String> names = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            it.forEachRemaining(e -> names.add(e.key));
        }
        names.sort(null);
        return names;
    }

    public PlannerMetrics metrics() {
        return metrics;
    }

    /** Stops processing (committing what was done) and releases the clients. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (forwarder != null) {
            forwarder.stop();
        }
        if (streams != null) {
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(
                            config.leaveGroupOnClose()
                                    ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                                    : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
        }
        if (kafkaMeters != null) {
            kafkaMeters.close();
        }
        if (forwarderThread != null) {
            try {
                forwarderThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        LOGGER.info("planner_stopped application_id={}", config.applicationId());
    }
}
