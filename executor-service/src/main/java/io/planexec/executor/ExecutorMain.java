package io.planexec.executor;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.planexec.config.CommonSettings;
import io.planexec.config.ConfigSources;
import io.planexec.executor.metrics.ExecutorMeter;
import io.planexec.executor.source.ToolSource;
import io.planexec.executor.source.ToolSourceException;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.Toolbox;
import io.planexec.observability.Check;
import io.planexec.observability.OpsServer;
import io.planexec.observability.Registries;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs an executor process until it is stopped (SIGTERM: graceful shutdown). Tools come from the {@link
 * io.planexec.executor.tool.ToolProvider}s on the class path; settings from a file, {@code PLANEXEC_*} environment
 * variables and these options (strongest last):
 *
 * <pre>
 * ExecutorMain [--config FILE] [--bootstrap HOST:PORT] [--queue NAME] [--classes fast,medium] [--tools a,b]
 *              [--instance-id ID] [--http-port N] [--set setting=value]...
 * </pre>
 *
 * Exit status: 0 after a shutdown, 1 when a consumer loop failed, 2 for bad options or settings. Its options are
 * {@link Options}, which {@code planexec executor} uses too.
 */
@Command(
        name = "ExecutorMain",
        mixinStandardHelpOptions = true,
        description = "Runs an executor against a cluster, until stopped (SIGTERM, Ctrl-C): the tools of every"
                + " io.planexec.executor.tool.ToolProvider on the class path.")
public final class ExecutorMain implements Callable<Integer> {

    private static final Logger LOGGER = LoggerFactory.getLogger(ExecutorMain.class);

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    /** The options of every entry point of an executor: this class's {@code main} and {@code planexec executor}. */
    public static final class Options {

        @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings.")
        Path config;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "The Kafka cluster.")
        String bootstrap;

        @Option(
                names = "--queue",
                paramLabel = "NAME",
                description = "The task queue of its tools (topic <prefix>.steps.NAME): give executors with different"
                        + " tools different queues (default: the latency classes' queues).")
        String queue;

        @Option(
                names = "--classes",
                paramLabel = "CLASSES",
                description = "The latency classes served, e.g. fast,medium (default: all).")
        String classes;

        @Option(
                names = "--tools",
                paramLabel = "TOOLS",
                description = "The tools served, by name, e.g. get_weather,get_news (default: every tool found).")
        String tools;

        @Option(
                names = "--instance-id",
                paramLabel = "ID",
                description = "This process's stable id (default: host name).")
        String instanceId;

        @Option(
                names = "--http-port",
                paramLabel = "N",
                description = "Serve /metrics, /health/live and /health/ready on this port (0: a free one).")
        Integer httpPort;

        @Option(
                names = "--set",
                paramLabel = "NAME=VALUE",
                description = "Any setting, e.g. executor.max.in.flight=64.")
        Map<String, String> settings = new LinkedHashMap<>();

        private String fallbackBootstrap;
        private String fallbackTopicPrefix;

        /** The explicit settings these options give: {@code --set}, and the named options over them. */
        public Map<String, String> overrides() {
            Map<String, String> overrides = new HashMap<>(settings);
            if (bootstrap != null) {
                overrides.put(CommonSettings.BOOTSTRAP_SERVERS, bootstrap);
            }
            if (queue != null) {
                overrides.put(ExecutorConfig.QUEUE, queue);
            }
            if (classes != null) {
                overrides.put(ExecutorConfig.CLASSES, classes);
            }
            if (tools != null) {
                overrides.put(ExecutorConfig.TOOLS, tools);
            }
            if (instanceId != null) {
                overrides.put(ExecutorConfig.INSTANCE_ID, instanceId);
            }
            if (httpPort != null) {
                overrides.put(CommonSettings.HTTP_PORT, httpPort.toString());
            }
            return overrides;
        }

        /**
         * The configuration these options and the environment give: the file, then {@code PLANEXEC_*} variables, then
         * the options.
         *
         * @throws IllegalArgumentException for an unreadable file
         * @throws ConfigException for bad or unknown settings
         */
        public ExecutorConfig config(Map<String, String> env) {
            return new ExecutorConfig(settings(env));
        }

        /**
         * The settings these options and the environment give (the file, then {@code PLANEXEC_*} variables, then the
         * options), and the {@link #fallBackTo fallback cluster} when none of them names one.
         *
         * @throws IllegalArgumentException for an unreadable file
         */
        public Map<String, String> settings(Map<String, String> env) {
            Map<String, String> settings = new HashMap<>(ConfigSources.load(config, env, overrides()));
            if (!settings.containsKey(CommonSettings.BOOTSTRAP_SERVERS) && fallbackBootstrap != null) {
                settings.put(CommonSettings.BOOTSTRAP_SERVERS, fallbackBootstrap);
                settings.putIfAbsent(CommonSettings.TOPIC_PREFIX, fallbackTopicPrefix);
            }
            return settings;
        }

        /** The cluster to use when neither the file, nor the environment, nor the options name one. */
        public void fallBackTo(String bootstrapServers, String topicPrefix) {
            this.fallbackBootstrap = bootstrapServers;
            this.fallbackTopicPrefix = topicPrefix;
        }
    }

    @Mixin
    Options options;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ExecutorMain()).execute(args));
    }

    @Override
    public Integer call() {
        return run(options, System.getenv(), List.of());
    }

    /**
     * Parses {@code args} as {@code main} does and runs with the class path's tools plus {@code extraTools}; returns the
     * exit status (2 for bad usage).
     */
    public static int run(String[] args, Map<String, String> env, Collection<Tool> extraTools) {
        ExecutorMain main = new ExecutorMain();
        try {
            new CommandLine(main).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            LOGGER.error("executor=not_started error=\"{}\"", e.getMessage());
            return EXIT_USAGE;
        }
        return run(main.options, env, extraTools);
    }

    /**
     * The HTTP endpoint, when {@code http.port} asks for one: opened before the node starts, so probes are answered
     * (not ready) while it creates topics and joins its groups.
     */
    private static OpsServer openHttp(
            ExecutorConfig config, PrometheusMeterRegistry registry, AtomicReference<ExecutorNode> node)
            throws IOException {
        int port = config.getInt(CommonSettings.HTTP_PORT);
        if (port < 0) {
            return null;
        }
        Map<String, Check> starting = Map.of("node", Check.failing("starting"));
        return OpsServer.start(
                new InetSocketAddress(config.getString(CommonSettings.HTTP_HOST), port),
                registry,
                () -> node.get() == null
                        ? Map.of("node", Check.ok("starting"))
                        : node.get().liveChecks(),
                () -> node.get() == null ? starting : node.get().readyChecks());
    }

    /**
     * Runs until shutdown with the tools of the {@link io.planexec.executor.tool.ToolProvider}s on the class path plus
     * {@code extraTools}; returns the exit status (0 after a shutdown, 1 when a class consumer failed, 2 for bad
     * options or settings or no tools at all).
     */
    public static int run(Options options, Map<String, String> env, Collection<Tool> extraTools) {
        return run(options, env, extraTools, List.of());
    }

    /**
     * Runs as {@link #run(Options, Map, Collection)} does, with the tools of {@code sources} too: each is opened into
     * the toolbox before the executor starts (one that cannot start ends the run with status 2, its message logged)
     * and closed after the executor has stopped.
     */
    public static int run(
            Options options, Map<String, String> env, Collection<Tool> extraTools, List<ToolSource> sources) {
        try {
            return runOpen(options, env, extraTools, sources);
        } finally {
            closeAll(sources);
        }
    }

    private static void closeAll(List<ToolSource> sources) {
        for (ToolSource source : sources) {
            try {
                source.close();
            } catch (RuntimeException e) {
                LOGGER.warn("tool_source={} state=close_failed error=\"{}\"", source, e.toString());
            }
        }
    }

    private static int runOpen(
            Options options, Map<String, String> env, Collection<Tool> extraTools, List<ToolSource> sources) {
        ExecutorConfig config;
        try {
            config = options.config(env);
        } catch (IllegalArgumentException | ConfigException e) {
            LOGGER.error("executor=not_started error=\"{}\"", e.getMessage());
            return EXIT_USAGE;
        }
        Toolbox toolbox =
                Toolbox.fromServiceLoader(ExecutorMain.class.getClassLoader()).registerAll(extraTools);
        for (ToolSource source : sources) {
            try {
                source.open(toolbox);
            } catch (ToolSourceException e) {
                LOGGER.error("executor=not_started error=\"{}\"", e.getMessage());
                return EXIT_USAGE;
            }
        }
        if (toolbox.names().isEmpty()) {
            LOGGER.error("executor=not_started error=\"no tools found: put a jar with a"
                    + " io.planexec.executor.tool.ToolProvider service on the class path\"");
            return EXIT_USAGE;
        }
        Map<String, String> tags = new TreeMap<>(CommonSettings.metricsTags(config));
        tags.put("service", "executor");
        tags.put("instance", config.instanceId());
        PrometheusMeterRegistry registry = Registries.prometheus(tags, ExecutorMeter.latencyTimers());
        AtomicReference<ExecutorNode> running = new AtomicReference<>();
        OpsServer http;
        try {
            http = openHttp(config, registry, running);
        } catch (IOException e) {
            LOGGER.error("executor=not_started error=\"cannot serve HTTP: {}\"", e.toString());
            return EXIT_FAILED;
        }
        ExecutorNode node;
        try {
            node = ExecutorNode.builder(config)
                    .toolbox(toolbox)
                    .meterRegistry(registry)
                    .start();
        } catch (RuntimeException e) {
            LOGGER.error("executor=not_started error=\"{}\"", e.getMessage(), e);
            if (http != null) {
                http.close();
            }
            return EXIT_FAILED;
        }
        running.set(node);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    node.close();
                    closeAll(sources);
                    if (http != null) {
                        http.close();
                    }
                    registry.close();
                    stopped.countDown();
                },
                "planexec-executor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            node.failure().get();
            stopped.await();
            return EXIT_OK;
        } catch (ExecutionException e) {
            LOGGER.error(
                    "executor={} state=failed error=\"{}\"",
                    node.instanceId(),
                    e.getCause().getMessage());
            node.close();
            return EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node.close();
            return EXIT_FAILED;
        }
    }
}
