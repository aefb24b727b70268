package io.planexec.planner;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.planexec.config.CommonSettings;
import io.planexec.config.ConfigSources;
import io.planexec.observability.OpsServer;
import io.planexec.observability.Registries;
import io.planexec.planner.metrics.PlannerMeter;
import io.planexec.planner.service.PlannerConfig;
import io.planexec.planner.service.PlannerService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the planner until the process is stopped.
 *
 * <pre>
 * PlannerMain [--config FILE] [--bootstrap HOST:PORT] [--http-port N] [--set NAME=VALUE]...
 * </pre>
 *
 * Settings come from the file, then {@code PLANEXEC_*} environment variables, then the options (see {@code
 * docs/operations.md}). Exit codes: 0 after a clean stop, 1 when the planner cannot start, 2 on bad usage. Its options
 * are {@link Options}, which {@code planexec planner} uses too.
 */
@Command(
        name = "PlannerMain",
        mixinStandardHelpOptions = true,
        description = "Runs the planner service (Kafka Streams) against a cluster, until stopped (SIGTERM, Ctrl-C).")
public final class PlannerMain implements Callable<Integer> {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlannerMain.class);

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    /** The options of every entry point of the planner: this class's {@code main} and {@code planexec planner}. */
    public static final class Options {

        @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings.")
        Path config;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "The Kafka cluster.")
        String bootstrap;

        @Option(
                names = "--http-port",
                paramLabel = "N",
                description = "Serve /metrics, /health/live and /health/ready on this port (0: a free one).")
        Integer httpPort;

        @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Any setting, e.g. planner.threads=2.")
        Map<String, String> settings = new LinkedHashMap<>();

        /**
         * The configuration these options and the environment give: the file, then {@code PLANEXEC_*} variables, then
         * the options.
         *
         * @throws IllegalArgumentException for an unreadable file
         * @throws ConfigException for bad or unknown settings
         */
        public PlannerConfig config(Map<String, String> env) {
            Map<String, String> overrides = new HashMap<>(settings);
            if (bootstrap != null) {
                overrides.put(CommonSettings.BOOTSTRAP_SERVERS, bootstrap);
            }
            if (httpPort != null) {
                overrides.put(CommonSettings.HTTP_PORT, httpPort.toString());
            }
            return new PlannerConfig(ConfigSources.load(config, env, overrides));
        }
    }

    @Mixin
    Options options;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PlannerMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        return run(options, System.getenv());
    }

    /** Runs the planner the options describe until the process is stopped; returns the exit code. */
    public static int run(Options options, Map<String, String> env) throws InterruptedException {
        PlannerConfig config;
        try {
            config = options.config(env);
        } catch (IllegalArgumentException | ConfigException e) {
            LOGGER.error("planner_not_started reason=\"{}\"", e.getMessage());
            return EXIT_USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Map<String, String> tags = new TreeMap<>(CommonSettings.metricsTags(config));
        tags.put("service", "planner");
        tags.put("instance", config.instanceName());
        PrometheusMeterRegistry registry = Registries.prometheus(tags, PlannerMeter.latencyTimers());
        PlannerService service = new PlannerService(config, registry, Time.SYSTEM);
        OpsServer http;
        try {
            http = openHttp(config, registry, service);
        } catch (IOException e) {
            LOGGER.error("planner_not_started reason=\"cannot serve HTTP: {}\"", e.toString());
            return EXIT_FAILED;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            service.close();
                            if (http != null) {
                                http.close();
                            }
                            registry.close();
                            stopped.countDown();
                        },
                        "planner-shutdown"));
        try {
            service.start();
        } catch (RuntimeException e) {
            LOGGER.error("planner_not_started reason=\"{}\"", e.getMessage(), e);
            return EXIT_FAILED;
        }
        stopped.await();
        return EXIT_OK;
    }

    /** The HTTP endpoint, when {@code http.port} asks for one (before the start, so probes are answered meanwhile). */
    private static OpsServer openHttp(PlannerConfig config, PrometheusMeterRegistry registry, PlannerService service)
            throws IOException {
        int port = config.getInt(CommonSettings.HTTP_PORT);
        if (port < 0) {
            return null;
        }
        return OpsServer.start(
                new InetSocketAddress(config.getString(CommonSettings.HTTP_HOST), port),
                registry,
                service::liveChecks,
                service::readyChecks);
    }
}
