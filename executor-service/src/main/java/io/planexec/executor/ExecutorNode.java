package io.planexec.executor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.config.CommonSettings;
import io.planexec.executor.call.CallEnvironment;
import io.planexec.executor.call.ScheduledDelays;
import io.planexec.executor.kafka.HeartbeatPublisher;
import io.planexec.executor.kafka.KafkaClients;
import io.planexec.executor.kafka.LoopResources;
import io.planexec.executor.kafka.LoopSettings;
import io.planexec.executor.kafka.StepLoop;
import io.planexec.executor.kafka.ToolSpecPublisher;
import io.planexec.executor.metrics.ExecutorMetrics;
import io.planexec.executor.schedule.InFlightLimit;
import io.planexec.executor.schedule.ToolPermits;
import io.planexec.executor.tool.ToolSelection;
import io.planexec.executor.tool.Toolbox;
import io.planexec.executor.tool.ToolboxListener;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepQueues;
import io.planexec.model.ToolSpec;
import io.planexec.observability.Check;
import io.planexec.observability.KafkaMeterBinders;
import io.planexec.topics.TopicProvisioner;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor process: creates the topics of the task queues it consumes, publishes the specs of the tools it serves
 * and its first heartbeat ({@link HeartbeatPublisher}), then runs one consumer loop ({@link StepLoop}) per queue, all
 * sharing the per-tool caps, the in-flight limit and the worker threads. It beats every {@code
 * executor.heartbeat.interval.ms}, and a last time when it stops.
 *
 * <pre>{@code
 * Toolbox toolbox = new Toolbox().registerMethods(new MyTools());
 * try (ExecutorNode node = ExecutorNode.builder(new ExecutorConfig(settings)).toolbox(toolbox).start()) {
 *     node.failure().join();
 * }
 * }</pre>
 */
public final class ExecutorNode implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ExecutorNode.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final ExecutorConfig config;
    private final Toolbox toolbox;
    private final ExecutorMetrics metrics;
    private final Map<String, StepLoop> loops = new LinkedHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final KafkaMeterBinders kafkaMeters;
    /** The meters of each queue's producer in use (a producer is replaced after a timed-out transaction). */
    private final Map<String, KafkaClientMetrics> producerMeters = new ConcurrentHashMap<>();

    private volatile boolean started;
    private final CompletableFuture<Void> failure = new CompletableFuture<>();
    private ToolSpecPublisher publisher;
    private HeartbeatPublisher heartbeats;
    private ScheduledExecutorService heartbeatTimer;
    private ScheduledDelays delays;
    private ExecutorService workers;
    private boolean closed;

    private ExecutorNode(ExecutorConfig config, Toolbox toolbox, MeterRegistry registry) {
        this.config = config;
        this.toolbox = toolbox;
        this.metrics = new ExecutorMetrics(registry);
        this.kafkaMeters = new KafkaMeterBinders(registry);
    }

    public static Builder builder(ExecutorConfig config) {
        return new Builder(config);
    }

    /** Options of a node. */
    public static final class Builder {
        private final ExecutorConfig config;
        private Toolbox toolbox = new Toolbox();
        private MeterRegistry registry = new SimpleMeterRegistry();
        private Clock clock = Clock.systemUTC();

        private Builder(ExecutorConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder toolbox(Toolbox toolbox) {
            this.toolbox = Objects.requireNonNull(toolbox, "toolbox");
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Creates missing topics (when {@code topic.create}), publishes the tool specs and starts the consumer loops.
         *
         * @throws IllegalStateException when the cluster cannot be reached or the specs cannot be published
         */
        public ExecutorNode start() {
            ExecutorNode node = new ExecutorNode(config, toolbox, registry);
            try {
                node.startUp(clock);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                node.close();
                throw new IllegalStateException("interrupted while starting the executor", e);
            } catch (RuntimeException e) {
                node.close();
                throw e;
            }
            return node;
        }
    }

    private void startUp(Clock clock) throws InterruptedException {
        Topics topics = config.topics();
        String instanceId = config.instanceId();
        Set<LatencyClass> classes = config.classes();
        ToolSelection selection = new ToolSelection(toolbox, classes, config.tools(), config.queue());
        provisionQueues(topics, selection.queues());
        WireFormat wire = new WireFormat();
        KafkaProducer<String, byte[]> specProducer = specProducer();
        kafkaMeters.bind(
                (scheduler, refresh) -> new KafkaClientMetrics(specProducer, Tags.empty(), scheduler, refresh));
        publisher = new ToolSpecPublisher(specProducer, topics, wire, selection);
        publisher.publishAll(ADMIN_TIMEOUT);
        toolbox.addListener(publisher);
        long interval = config.heartbeatInterval().toMillis();
        heartbeats = new HeartbeatPublisher(specProducer, topics, wire, selection, instanceId, interval, clock);
        heartbeats.start(ADMIN_TIMEOUT);
        heartbeatTimer = Executors.newSingleThreadScheduledExecutor(daemonThreads("planexec-heartbeat-"));
        // stopped with its thread on close; beat() never throws, so no failure ends the schedule
        ScheduledFuture<?> unused =
                heartbeatTimer.scheduleAtFixedRate(heartbeats::beat, interval, interval, TimeUnit.MILLISECONDS);

        workers = Executors.newCachedThreadPool(daemonThreads("planexec-tool-"));
        delays = new ScheduledDelays("planexec-executor-timer");
        CallEnvironment calls = new CallEnvironment(
                clock,
                delays,
                workers,
                config.backoff(),
                () -> ThreadLocalRandom.current().nextDouble(),
                instanceId,
                metrics);
        InFlightLimit inFlightLimit = new InFlightLimit(config.maxInFlight());
        metrics.processGauges(inFlightLimit);
        selection.specs().forEach(metrics::toolServed);
        toolbox.addListener(new ToolboxListener() {
            @Override
            public void registered(ToolSpec spec) {
                if (selection.serves(spec)) {
                    metrics.toolServed(spec);
                }
            }

            @Override
            public void removed(String name) {
                // the meters stay: their totals are still true
            }
        });
        LoopResources resources = new LoopResources(
                topics, selection, new ToolPermits(), inFlightLimit, calls, metrics, wire, config.resultMaxBytes());
        for (String queue : selection.queues()) {
            String transactionalId = KafkaClients.transactionalId(topics, instanceId, queue);
            LoopSettings settings = new LoopSettings(
                    queue,
                    topics.steps(queue),
                    instanceId,
                    transactionalId,
                    config.pollMax(),
                    config.revokeGrace(),
                    config.shutdownGrace(),
                    config.maxBuffered(),
                    config.maxOffsetSpan(),
                    config.commitLinger(),
                    config.stallConfirm(),
                    config.leaveGroupOnClose(),
                    Duration.ofMillis(config.transactionTimeoutMs()));
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(
                    config.consumerOverrides(),
                    topics,
                    instanceId,
                    queue,
                    config.sessionTimeoutMs(),
                    config.staticMembership()));
            kafkaMeters.bind(
                    (scheduler, refresh) -> new KafkaClientMetrics(consumer, Tags.empty(), scheduler, refresh));
            Map<String, Object> producerConfig = KafkaClients.producer(
                    config.producerOverrides(), topics, instanceId, queue, config.transactionTimeoutMs());
            StepLoop loop = new StepLoop(settings, consumer, () -> producer(queue, producerConfig), resources);
            CompletableFuture<Void> unusedStage = loop.stopped().whenComplete((ok, error) -> {
                if (error != null) {
                    failure.completeExceptionally(error);
                }
            });
            loops.put(queue, loop);
            Thread thread = new Thread(loop, "planexec-executor-" + queue);
            threads.add(thread);
            thread.start();
        }
        started = true;
        LOGGER.info(
                "executor={} queues={} tools={} max_in_flight={} state=started",
                instanceId,
                selection.queues(),
                selection.names(),
                config.maxInFlight());
    }

    /**
     * Makes sure the step topic of every queue consumed exists and is served before the tools' specs say where their
     * steps go: with {@code topic.create}, creates the missing ones (the planner's topics too, and a custom queue's
     * topic as the planner's are created: {@code topic.partitions}, {@code topic.replication.factor}, {@code
     * topic.min.insync.replicas}); without it,
     * requires them.
     *
     * @throws IllegalStateException naming the topic and what to do, when a queue's topic is missing and may not be
     *     created
     */
    private void provisionQueues(Topics topics, Set<String> queues) throws InterruptedException {
        int partitions = config.getInt(CommonSettings.TOPIC_PARTITIONS);
        short replication = config.getShort(CommonSettings.TOPIC_REPLICATION_FACTOR);
        Optional<Short> replicationFactor = replication < 1 ? Optional.empty() : Optional.of(replication);
        List<NewTopic> wanted = new ArrayList<>();
        for (String queue : queues) {
            if (StepQueues.latencyClass(queue).isEmpty()) {
                wanted.add(new NewTopic(topics.steps(queue), Optional.of(partitions), replicationFactor));
            }
        }
        try (Admin admin = Admin.create(config.clientProperties())) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, ADMIN_TIMEOUT);
            if (config.getBoolean(CommonSettings.TOPIC_CREATE)) {
                wanted.addAll(TopicProvisioner.standardTopics(topics, partitions, replication));
                provisioner.createMissing(TopicProvisioner.withMinInSyncReplicas(
                        wanted, config.getInt(CommonSettings.TOPIC_MIN_INSYNC_REPLICAS)));
            } else if (!wanted.isEmpty()) {
                provisioner.partitions(wanted.stream().map(NewTopic::name).collect(Collectors.toSet()));
            }
        }
    }

    /**
     * The checks of {@code /health/ready}: the tool specs and the first heartbeat are published, and the consumer of
     * every queue has joined its group (its first assignment came, perhaps of no partition: more executors than
     * partitions).
     */
    public Map<String, Check> readyChecks() {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put(
                "tools",
                started ? Check.ok("specs and heartbeat published") : Check.failing("starting: publishing specs"));
        for (Map.Entry<String, StepLoop> e : loops.entrySet()) {
            StepLoop loop = e.getValue();
            checks.put(
                    "queue " + e.getKey(),
                    loop.joined()
                            ? Check.ok("in the group, " + loop.assignment().size() + " partitions")
                            : Check.failing("joining the group " + KafkaClients.groupId(config.topics(), e.getKey())));
        }
        return checks;
    }

    /** A transactional producer of a queue's loop, its meters in place of those of the producer it replaces. */
    private KafkaProducer<byte[], byte[]> producer(String queue, Map<String, Object> config) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
        KafkaClientMetrics meters = kafkaMeters.bind(
                (scheduler, refresh) -> new KafkaClientMetrics(producer, Tags.empty(), scheduler, refresh));
        KafkaClientMetrics replaced = producerMeters.put(queue, meters);
        if (replaced != null) {
            kafkaMeters.unbind(replaced);
        }
        return producer;
    }

    /** The checks of {@code /health/live}: no consumer loop has failed (the process then exits with status 1). */
    public Map<String, Check> liveChecks() {
        boolean failed = failure.isCompletedExceptionally();
        return Map.of(
                "loops",
                failed
                        ? Check.failing("a consumer loop failed: "
                                + failure.handle((ok, e) -> String.valueOf(e)).join())
                        : Check.ok(loops.size() + " consumer loops running"));
    }

    /**
     * The producer of tool specs: not idempotent (a spec written twice is harmless on a compacted topic), one request
     * at a time so a spec and its tombstone stay in order.
     */
    private KafkaProducer<String, byte[]> specProducer() {
        Map<String, Object> props = config.producerOverrides();
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(
                ProducerConfig.CLIENT_ID_CONFIG,
                config.topics().prefix() + "-executor-" + config.instanceId() + "-tools");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** This process's instance id. */
    public String instanceId() {
        return config.instanceId();
    }

    /** The partitions of a class's step topic this process owns now (empty when it does not consume its queue). */
    public Set<Integer> assignment(LatencyClass c) {
        return assignment(StepQueues.of(c));
    }

    /** The partitions of a queue's step topic this process owns now (empty when it does not consume the queue). */
    public Set<Integer> assignment(String queue) {
        StepLoop loop = loops.get(queue);
        return loop == null ? Set.of() : loop.assignment();
    }

    /** The task queues this process consumes, in order. */
    public Set<String> queues() {
        return Set.copyOf(loops.keySet());
    }

    /** Completes exceptionally when a consumer loop fails (e.g. fenced by another process with the same id). */
    public CompletableFuture<Void> failure() {
        return failure;
    }

    public ExecutorMetrics metrics() {
        return metrics;
    }

    /**
     * Shuts down gracefully: stops fetching, lets running calls finish within the shutdown grace, publishes their
     * results, commits and leaves the groups.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loops.values().forEach(StepLoop::stop);
        long waitMs = config.shutdownGrace().toMillis() + config.revokeGrace().toMillis() + 30_000;
        for (Thread thread : threads) {
            try {
                thread.join(waitMs);
                if (thread.isAlive()) {
                    LOGGER.warn("thread={} stopped=false waited_ms={}", thread.getName(), waitMs);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (heartbeatTimer != null) {
            heartbeatTimer.shutdownNow();
        }
        kafkaMeters.close();
        if (heartbeats != null) {
            heartbeats.stop(Duration.ofSeconds(5));
        }
        if (publisher != null) {
            toolbox.removeListener(publisher);
            publisher.close();
        }
        if (delays != null) {
            delays.close();
        }
        if (workers != null) {
            workers.shutdownNow();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOGGER.info("executor={} state=stopped", config.instanceId());
    }
}
