package io.planexec.planner;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.config.CommonSettings;
import io.planexec.config.ConfigSources;
import io.planexec.planner.service.PlannerConfig;
import io.planexec.planner.service.PlannerService;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the planner until the process is stopped.
 *
 * <pre>
 * PlannerMain [--config FILE] [--bootstrap HOST:PORT] [--set NAME=VALUE]...
 * </pre>
 *
 * Settings come from the file, then {@code PLANEXEC_*} environment variables, then the options (see {@code
 * docs/operations.md}). Exit codes: 0 after a clean stop, 1 when the planner cannot start, 2 on bad usage.
 */
public final class PlannerMain {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlannerMain.class);

    static final String USAGE = "usage: PlannerMain [--config FILE] [--bootstrap HOST:PORT] [--set NAME=VALUE]...";

    private PlannerMain() {}

    public static void main(String[] args) throws InterruptedException {
        PlannerConfig config;
        try {
            config = config(List.of(args), System.getenv());
        } catch (IllegalArgumentException | ConfigException e) {
            LOGGER.error("planner_not_started reason=\"{}\" {}", e.getMessage(), USAGE);
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        PlannerService service = new PlannerService(config, new SimpleMeterRegistry(), Time.SYSTEM);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            service.close();
                            stopped.countDown();
                        },
                        "planner-shutdown"));
        try {
            service.start();
        } catch (RuntimeException e) {
            LOGGER.error("planner_not_started reason=\"{}\"", e.getMessage(), e);
            System.exit(1);
            return;
        }
        stopped.await();
    }

    /** The configuration the arguments and environment describe. */
    static PlannerConfig config(List<String> args, Map<String, String> env) {
        Path file = null;
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!List.of("--config", "--bootstrap", "--set").contains(arg)) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            String value = args.get(++i);
            switch (arg) {
                case "--config" -> file = Path.of(value);
                case "--bootstrap" -> overrides.put(CommonSettings.BOOTSTRAP_SERVERS, value);
                case "--set" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set needs NAME=VALUE, got '" + value + "'");
                    }
                    overrides.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalStateException("unhandled option " + arg);
            }
        }
        return new PlannerConfig(ConfigSources.load(file, env, overrides));
    }
}
