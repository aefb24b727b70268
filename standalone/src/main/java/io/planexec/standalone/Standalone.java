package io.planexec.standalone;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.planexec.config.CommonSettings;
import io.planexec.config.Durations;
import io.planexec.executor.ExecutorConfig;
import io.planexec.executor.ExecutorNode;
import io.planexec.executor.metrics.ExecutorMeter;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.Toolbox;
import io.planexec.kafka.embedded.EmbeddedKafka;
import io.planexec.model.LatencyClass;
import io.planexec.observability.Check;
import io.planexec.observability.OpsServer;
import io.planexec.observability.Registries;
import io.planexec.planner.metrics.PlannerMeter;
import io.planexec.planner.service.PlannerConfig;
import io.planexec.planner.service.PlannerService;
import io.planexec.standalone.demo.DemoTools;
import io.planexec.topics.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * planexec in one process: a real Kafka broker (embedded, or an existing cluster), the planner, and one executor
 * serving every latency class with the given tools (the demo tools by default). This is what {@code planexec dev} and
 * {@code planexec demo} run, and what the end-to-end tests and the benchmarks run against.
 *
 * <pre>{@code
 * try (Standalone planexec = Standalone.builder().start()) {
 *     String bootstrap = planexec.bootstrapServers(); // agents submit here
 * }
 * }</pre>
 *
 * {@link Builder#start()} returns when the whole system is ready: the broker answers, the planner runs, and the planner
 * knows every tool the executor serves.
 */
public final class Standalone implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(Standalone.class);

    private final EmbeddedKafka broker;
    private final PlannerService planner;
    private final ExecutorNode executor;
    private final String bootstrapServers;
    private final Topics topics;
    private final Toolbox toolbox;
    private final Path stateDir;
    private final boolean deleteStateDir;
    private final Duration startedIn;
    private final OpsServer http;
    private final MeterRegistry ownRegistry;
    private boolean closed;

    private Standalone(
            EmbeddedKafka broker,
            PlannerService planner,
            ExecutorNode executor,
            String bootstrapServers,
            Topics topics,
            Toolbox toolbox,
            Path stateDir,
            boolean deleteStateDir,
            Duration startedIn,
            OpsServer http,
            MeterRegistry ownRegistry) {
        this.broker = broker;
        this.planner = planner;
        this.executor = executor;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.toolbox = toolbox;
        this.stateDir = stateDir;
        this.deleteStateDir = deleteStateDir;
        this.startedIn = startedIn;
        this.http = http;
        this.ownRegistry = ownRegistry;
    }

    /**
     * A registry Prometheus can scrape for a standalone system: tagged {@code service=standalone} and this {@code
     * instance}, with the JVM's meters and the latency histograms of both services. The caller closes it.
     */
    public static PrometheusMeterRegistry prometheusRegistry(String instance) {
        Set<String> latency = new HashSet<>(PlannerMeter.latencyTimers());
        latency.addAll(ExecutorMeter.latencyTimers());
        return Registries.prometheus(Map.of("service", "standalone", "instance", instance), latency);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where agents connect. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The topic names. */
    public Topics topics() {
        return topics;
    }

    /** The tools the executor serves (register or remove tools here while running). */
    public Toolbox toolbox() {
        return toolbox;
    }

    /** The planner (its state and meters). */
    public PlannerService planner() {
        return planner;
    }

    /** The executor (its meters and assignment). */
    public ExecutorNode executor() {
        return executor;
    }

    /** Whether the broker is embedded in this process (rather than an existing cluster). */
    public boolean embeddedBroker() {
        return broker != null;
    }

    /** The base URL of the HTTP endpoint ({@code /metrics}, {@code /health/*}), if it serves one. */
    public Optional<String> httpUrl() {
        return Optional.ofNullable(http).map(OpsServer::url);
    }

    /** How long {@link Builder#start()} took, from its call to ready. */
    public Duration startedIn() {
        return startedIn;
    }

    /** Stops the executor (letting running calls finish within its grace), the planner, then the broker. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly("http", http);
        closeQuietly("executor", executor);
        closeQuietly("planner", planner);
        closeQuietly("broker", broker);
        if (ownRegistry != null) {
            ownRegistry.close();
        }
        if (deleteStateDir) {
            deleteRecursively(stateDir);
        }
        LOGGER.info("standalone=stopped");
    }

    private static void closeQuietly(String what, AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            LOGGER.warn("standalone_stop part={} error=\"{}\"", what, e.toString());
        }
    }

    /** Configures and starts the whole system. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private String bootstrap;
        private String topicPrefix = Topics.DEFAULT_PREFIX;
        private int partitions = 6;
        private Toolbox toolbox;
        private MeterRegistry registry;
        private Integer httpPort;
        private String httpHost = "127.0.0.1";
        private final Map<String, String> settings = new HashMap<>();
        private Duration startTimeout = Duration.ofMinutes(2);

        private Builder() {}

        /** The embedded broker's client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Keeps the broker's data and the planner's state in this directory across restarts; without it both live in
         * fresh temporary directories, deleted on close.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Uses an existing cluster instead of starting the embedded broker. */
        public Builder bootstrap(String bootstrapServers) {
            this.bootstrap = bootstrapServers;
            return this;
        }

        /** The topic prefix (default {@code planexec}). */
        public Builder topicPrefix(String topicPrefix) {
            this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
            return this;
        }

        /** Partitions of the topics created (default 6). */
        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** The tools to serve (default: the {@link DemoTools}). */
        public Builder toolbox(Toolbox toolbox) {
            this.toolbox = toolbox;
            return this;
        }

        /** The tools to serve (default: the {@link DemoTools}). */
        public Builder tools(List<Tool> tools) {
            this.toolbox = new Toolbox().registerAll(tools);
            return this;
        }

        /** Where the planner's and the executor's meters go (default: a simple in-memory registry). */
        /**
         * Serves HTTP on this port (0: a free one): {@code GET /metrics} in the Prometheus format, {@code
         * /health/live}, {@code /health/ready}. The meter registry must then be a {@code PrometheusMeterRegistry} (by
         * default it is one). Default: no HTTP.
         */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** The address the HTTP endpoint listens on (default 127.0.0.1: this machine only). */
        public Builder httpHost(String host) {
            this.httpHost = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Any planner ({@code planner.*}, {@code streams.*}) or executor ({@code executor.*}, ...) setting. */
        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        /** Every setting of a map (see {@link #setting}). */
        public Builder settings(Map<String, String> more) {
            settings.putAll(more);
            return this;
        }

        /** How long to wait for the whole system to be ready, counted from the start (default 2 min). */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * Starts the broker (unless {@link #bootstrap} was given), the planner and the executor, and waits until the
         * planner knows every tool the executor serves.
         *
         * @throws IllegalStateException saying which part did not start, and why
         */
        public Standalone start() throws InterruptedException {
            long begin = System.nanoTime();
            MeterRegistry registry = registry();
            Toolbox tools = toolbox != null ? toolbox : new Toolbox().registerAll(new DemoTools().tools());
            EmbeddedKafka broker = null;
            PlannerService planner = null;
            ExecutorNode executor = null;
            Path state;
            boolean deleteState = dataDir == null;
            try {
                state = dataDir == null
                        ? Files.createTempDirectory("planexec-standalone-")
                        : Files.createDirectories(dataDir.resolve("planner"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the planner's state directory: " + e.getMessage(), e);
            }
            try {
                String address = bootstrap;
                if (address == null) {
                    EmbeddedKafka.Builder b = EmbeddedKafka.builder().port(port);
                    if (dataDir != null) {
                        b.dataDir(dataDir.resolve("kafka"));
                    }
                    broker = b.start();
                    address = broker.bootstrapServers();
                }
                Map<String, String> all = new HashMap<>();
                all.put(CommonSettings.BOOTSTRAP_SERVERS, address);
                all.put(CommonSettings.TOPIC_PREFIX, topicPrefix);
                all.put(CommonSettings.TOPIC_PARTITIONS, String.valueOf(partitions));
                all.put(PlannerConfig.STATE_DIR, state.toString());
                // Stable identities: a restarted standalone takes its partitions back at once (static membership)
                // and fences what its predecessor left open, instead of waiting for group sessions to expire.
                all.put(ExecutorConfig.INSTANCE_ID, "standalone");
                all.put(ExecutorConfig.STATIC_MEMBERSHIP, "true");
                all.put(PlannerConfig.INSTANCE_ID, "standalone");
                all.putAll(settings);

                planner = new PlannerService(new PlannerConfig(only(all, "executor.")), registry, Time.SYSTEM);
                planner.start();
                executor = ExecutorNode.builder(new ExecutorConfig(only(all, "planner.", "streams.")))
                        .toolbox(tools)
                        .meterRegistry(registry)
                        .start();
                awaitReady(
                        planner,
                        executor,
                        new ExecutorConfig(only(all, "planner.", "streams.")).classes(),
                        tools,
                        begin,
                        startTimeout);
                Duration took = Duration.ofNanos(System.nanoTime() - begin);
                LOGGER.info(
                        "standalone=ready bootstrap={} topic_prefix={} tools={} took_ms={}",
                        address,
                        topicPrefix,
                        tools.names().size(),
                        took.toMillis());
                OpsServer http =
                        httpPort == null ? null : openHttp((PrometheusMeterRegistry) registry, planner, executor);
                return new Standalone(
                        broker,
                        planner,
                        executor,
                        address,
                        new Topics(topicPrefix),
                        tools,
                        state,
                        deleteState,
                        took,
                        http,
                        this.registry == null ? registry : null);
            } catch (RuntimeException | InterruptedException e) {
                if (this.registry == null) {
                    registry.close();
                }
                closeQuietly("executor", executor);
                closeQuietly("planner", planner);
                closeQuietly("broker", broker);
                if (deleteState) {
                    deleteRecursively(state);
                }
                throw e;
            }
        }

        /**
         * The registry given, or one that Prometheus can scrape ({@code service=standalone}, the latency histograms of
         * both services) when none was given.
         *
         * @throws IllegalStateException when HTTP is asked for with a registry Prometheus cannot scrape
         */
        private MeterRegistry registry() {
            if (registry == null) {
                return prometheusRegistry("standalone");
            }
            if (httpPort != null && !(registry instanceof PrometheusMeterRegistry)) {
                throw new IllegalStateException("serving /metrics needs a PrometheusMeterRegistry (Registries"
                        + ".prometheus), got a " + registry.getClass().getSimpleName());
            }
            return registry;
        }

        private OpsServer openHttp(PrometheusMeterRegistry registry, PlannerService planner, ExecutorNode executor) {
            try {
                return OpsServer.start(
                        new InetSocketAddress(httpHost, httpPort),
                        registry,
                        () -> merged(planner.liveChecks(), executor.liveChecks()),
                        () -> merged(planner.readyChecks(), executor.readyChecks()));
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot serve HTTP on " + httpHost + ":" + httpPort + ": " + e.getMessage(), e);
            }
        }

        private static Map<String, Check> merged(Map<String, Check> planner, Map<String, Check> executor) {
            Map<String, Check> all = new LinkedHashMap<>();
            planner.forEach((k, v) -> all.put("planner " + k, v));
            executor.forEach((k, v) -> all.put("executor " + k, v));
            return all;
        }

        /**
         * Ready means: the planner runs and knows every tool, and the executor's consumers own their partitions (a
         * consumer still joining its group would hold up the first steps of its class by the join's duration).
         */
        private static void awaitReady(
                PlannerService planner,
                ExecutorNode executor,
                Set<LatencyClass> classes,
                Toolbox tools,
                long beginNanos,
                Duration startTimeout)
                throws InterruptedException {
            long deadline = beginNanos + startTimeout.toNanos();
            String timeout = Durations.human(startTimeout);
            while (!planner.isReady()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the planner was not ready " + timeout + " after the start (the"
                            + " start timeout): " + planner.readiness().reason());
                }
                Thread.sleep(10);
            }
            while (!planner.registeredTools().containsAll(tools.names())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the planner did not learn the executor's tools " + timeout
                            + " after the start (the start timeout): it knows " + planner.registeredTools()
                            + ", the executor serves " + tools.names());
                }
                Thread.sleep(10);
            }
            while (!classes.stream().allMatch(c -> !executor.assignment(c).isEmpty())) {
                if (System.nanoTime() > deadline) {
                    // Other executors of the group may own every partition: not an error, only not all ours.
                    LOGGER.warn("standalone_executor_unassigned classes={}", classes);
                    return;
                }
                Thread.sleep(10);
            }
        }

        /** The settings without those of the other service (each service's config rejects nothing, but stays tidy). */
        private static Map<String, String> only(Map<String, String> all, String... foreignPrefixes) {
            Map<String, String> out = new HashMap<>(all);
            out.keySet().removeIf(k -> {
                for (String p : foreignPrefixes) {
                    if (k.startsWith(p)) {
                        return true;
                    }
                }
                return false;
            });
            return out;
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOGGER.warn("standalone state_dir={} not fully deleted: {}", dir, e.toString());
        }
    }
}
