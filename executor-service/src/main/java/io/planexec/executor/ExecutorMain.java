package io.planexec.executor;

import io.planexec.config.ConfigSources;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.Toolbox;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an executor process until it is stopped (SIGTERM: graceful shutdown). Tools come from the {@link
 * io.planexec.executor.tool.ToolProvider}s on the class path; settings from a file, {@code PLANEXEC_*} environment
 * variables and these options (strongest last):
 *
 * <pre>
 * ExecutorMain [--config FILE] [--bootstrap HOST:PORT] [--classes fast,medium] [--tools a,b]
 *              [--instance-id ID] [--set setting=value]...
 * </pre>
 *
 * Exit status: 0 after a shutdown, 1 when a consumer loop failed, 2 for bad options or settings.
 */
public final class ExecutorMain {

    private static final Logger LOGGER = LoggerFactory.getLogger(ExecutorMain.class);

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private static final String USAGE = "usage: ExecutorMain [--config FILE] [--bootstrap HOST:PORT]"
            + " [--classes fast,medium] [--tools a,b] [--instance-id ID] [--set setting=value]...";

    private ExecutorMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    /** Runs until shutdown; returns the exit status. */
    static int run(String[] args, Map<String, String> env) {
        return run(args, env, List.of());
    }

    /**
     * Runs until shutdown with the tools of the {@link io.planexec.executor.tool.ToolProvider}s on the class path plus
     * {@code extraTools}; returns the exit status (0 after a shutdown, 1 when a class consumer failed, 2 for bad
     * options or settings or no tools at all).
     */
    public static int run(String[] args, Map<String, String> env, Collection<Tool> extraTools) {
        ExecutorConfig config;
        try {
            Options options = Options.parse(List.of(args));
            config = new ExecutorConfig(ConfigSources.load(options.file(), env, options.overrides()));
        } catch (IllegalArgumentException | ConfigException e) {
            LOGGER.error("executor=not_started error=\"{}\" {}", e.getMessage(), USAGE);
            return EXIT_USAGE;
        }
        Toolbox toolbox =
                Toolbox.fromServiceLoader(ExecutorMain.class.getClassLoader()).registerAll(extraTools);
        if (toolbox.names().isEmpty()) {
            LOGGER.error("executor=not_started error=\"no tools found: put a jar with a"
                    + " io.planexec.executor.tool.ToolProvider service on the class path\"");
            return EXIT_USAGE;
        }
        ExecutorNode node = ExecutorNode.builder(config).toolbox(toolbox).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    node.close();
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

    /** The command-line options: a settings file and explicit settings. */
    record Options(Path file, Map<String, String> overrides) {

        static Options parse(List<String> args) {
            Path file = null;
            Map<String, String> overrides = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String option = args.get(i);
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("option " + option + " needs a value");
                }
                String value = args.get(++i);
                switch (option) {
                    case "--config" -> file = Path.of(value);
                    case "--bootstrap" -> overrides.put("bootstrap.servers", value);
                    case "--classes" -> overrides.put(ExecutorConfig.CLASSES, value);
                    case "--tools" -> overrides.put(ExecutorConfig.TOOLS, value);
                    case "--instance-id" -> overrides.put(ExecutorConfig.INSTANCE_ID, value);
                    case "--set" -> {
                        int eq = value.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--set needs setting=value, got '" + value + "'");
                        }
                        overrides.put(
                                value.substring(0, eq).trim(),
                                value.substring(eq + 1).trim());
                    }
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            return new Options(file, overrides);
        }
    }
}
