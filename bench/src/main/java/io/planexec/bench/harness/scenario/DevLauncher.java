package io.planexec.bench.harness.scenario;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How to start {@code planexec dev} as a child process: its command line, and the line it prints when it is ready.
 * The process must also print a line {@code "  bootstrap  HOST:PORT ..."} before or with its ready line.
 */
public interface DevLauncher {

    /** {@code planexec dev: ready in 2.3 s}. */
    Pattern READY = Pattern.compile("planexec dev: ready in ([0-9.]+) s");

    /** {@code   bootstrap  127.0.0.1:40123  (embedded Kafka broker)}. */
    Pattern BOOTSTRAP = Pattern.compile("^\\s*bootstrap\\s+(\\S+)");

    /**
     * The command line that starts it.
     *
     * @param topicPrefix its topic prefix
     * @param bootstrap an existing cluster for it to use, or {@code null} for its own embedded broker
     */
    List<String> command(String topicPrefix, String bootstrap);

    /** The JVM options its command line gives (for the results). */
    List<String> jvmOptions();
}
