package io.planexec.cli;

import io.planexec.cli.cluster.DevState;
import io.planexec.kafka.process.ChildJvms;
import io.planexec.kafka.process.ClusterNetwork;
import io.planexec.kafka.process.KafkaProcessCluster;
import io.planexec.kafka.process.KafkaProcessCluster.NodeProcess;
import io.planexec.kafka.process.LocalPorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code planexec cluster}: a Kafka cluster of separate controller and broker processes and planexec's services as
 * processes of their own, on this machine, until Ctrl-C: the shape of a production deployment, to try failover on.
 */
@Command(
        name = "cluster",
        header = "Starts a Kafka cluster of processes and the services as separate processes, until Ctrl-C.",
        mixinStandardHelpOptions = true,
        description = {
            "Starts, on this machine, a Kafka cluster as Kafka runs in production (dedicated KRaft controllers and",
            "brokers, each a process; replication 3 and min.insync.replicas 2 with three brokers), then planners",
            "and executors (with the demo tools) as processes of their own against it. Prints every process with",
            "its pid and log, so that you can kill one (kill -9 PID) and watch planexec carry on; the other verbs",
            "(submit, watch, top, tools) find the cluster without options. Data and logs go to --dir, emptied at",
            "start and kept after the stop. Ctrl-C stops everything.",
            "",
            "Exit codes: 0 after Ctrl-C, 2 when it cannot start (the message says why)."
        })
final class ClusterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--controllers",
            paramLabel = "N",
            defaultValue = "3",
            description = "KRaft controllers, 1, 3 or" + " 5 (default ${DEFAULT-VALUE}).")
    int controllers;

    @Option(
            names = "--brokers",
            paramLabel = "N",
            defaultValue = "3",
            description = "Brokers, 1 to 9 (default" + " ${DEFAULT-VALUE}).")
    int brokers;

    @Option(
            names = "--planners",
            paramLabel = "N",
            defaultValue = "2",
            description = "Planner processes, 0 to 9" + " (default ${DEFAULT-VALUE}).")
    int planners;

    @Option(
            names = "--executors",
            paramLabel = "N",
            defaultValue = "2",
            description = "Executor processes, 0 to 9" + " (default ${DEFAULT-VALUE}).")
    int executors;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Where data and logs go (default: cluster/ under the planexec home, .planexec).")
    Path dir;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            defaultValue = "planexec",
            description = "Default: ${DEFAULT-VALUE}.")
    String topicPrefix;

    @Option(names = "--no-demo-tools", description = "Executors serve only the tools on the class path.")
    boolean noDemoTools;

    @Option(
            names = "--network-namespaces",
            description = {
                "Run each controller and broker on a host of its own (a network namespace with its own address on a",
                "bridge; needs root and iproute2), so that one can be cut off the network while it runs: the",
                "printed 'ip link set LINK down' does it, 'up' undoes it."
            })
    boolean networkNamespaces;

    @Option(
            names = "--start-timeout",
            defaultValue = "3m",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How long to wait for everything to be ready (default ${DEFAULT-VALUE}).")
    Duration startTimeout;

    /** A service process and where it answers. */
    private record Service(String name, Process process, Path log, int httpPort) {
        String url() {
            return "http://127.0.0.1:" + httpPort;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        validate();
        DevState.read().ifPresent(running -> {
            throw new UsageException("a 'planexec dev' or 'planexec cluster' is running here already (pid "
                    + running.pid() + ", " + running.bootstrapServers() + "): stop it first");
        });
        Path root = dir != null ? dir : Path.of(System.getProperty(DevState.HOME_PROPERTY, ".planexec"), "cluster");
        emptyDirectory(root);
        out.printf(
                "planexec cluster: starting %d controller%s, %d broker%s, %d planner%s and %d executor%s in %s...%n",
                controllers,
                plural(controllers),
                brokers,
                plural(brokers),
                planners,
                plural(planners),
                executors,
                plural(executors),
                root.toAbsolutePath());
        out.flush();
        long begin = System.nanoTime();
        if (networkNamespaces) {
            ClusterNetwork.unavailable().ifPresent(why -> {
                throw new UsageException("--network-namespaces: " + why);
            });
        }
        KafkaProcessCluster kafka;
        try {
            kafka = KafkaProcessCluster.builder()
                    .controllers(controllers)
                    .brokers(brokers)
                    .directory(root.resolve("kafka"))
                    .startTimeout(startTimeout)
                    .networkNamespaces(networkNamespaces)
                    .start();
        } catch (IllegalStateException e) {
            throw new UsageException("the Kafka cluster could not start: " + e.getMessage());
        }
        List<Service> services = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        DevState[] state = new DevState[1];
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (state[0] != null) {
                                state[0].delete();
                            }
                            stopServices(services);
                            kafka.close();
                            stopped.countDown();
                        },
                        "planexec-cluster-shutdown"));
        int replication = Math.min(3, brokers);
        for (int i = 1; i <= planners; i++) {
            List<String> args = new ArrayList<>(commonArgs(kafka, replication));
            args.addAll(0, List.of("planner"));
            args.addAll(List.of(
                    "--set", "planner.instance.id=planner-" + i,
                    "--set",
                            "planner.state.dir="
                                    + root.resolve("planner-" + i + "-state").toAbsolutePath(),
                    "--set", "streams.num.standby.replicas=" + (planners > 1 ? 1 : 0)));
            services.add(start("planner-" + i, args, root));
        }
        for (int i = 1; i <= executors; i++) {
            List<String> args = new ArrayList<>(commonArgs(kafka, replication));
            args.addAll(0, List.of("executor"));
            args.addAll(List.of("--instance-id", "executor-" + i));
            if (!noDemoTools) {
                args.add("--demo-tools");
            }
            services.add(start("executor-" + i, args, root));
        }
        try {
            awaitReady(services, System.nanoTime() + startTimeout.toNanos());
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
        state[0] = new DevState(
                kafka.bootstrapServers(),
                topicPrefix,
                ProcessHandle.current().pid(),
                services.isEmpty()
                        ? null
                        : String.join(
                                ",",
                                services.stream().map(s -> s.url() + "/metrics").toList()));
        state[0].write();
        printReady(out, kafka, services, root, (System.nanoTime() - begin) / 1_000_000);
        stopped.await();
        return ExitCodes.OK;
    }

    private void validate() {
        if (controllers != 1 && controllers != 3 && controllers != 5) {
            throw new UsageException("--controllers must be 1, 3 or 5 (a KRaft quorum), got " + controllers);
        }
        if (brokers < 1 || brokers > 9) {
            throw new UsageException("--brokers must be between 1 and 9, got " + brokers);
        }
        if (planners < 0 || planners > 9 || executors < 0 || executors > 9) {
            throw new UsageException(
                    "--planners and --executors must be between 0 and 9, got " + planners + " and " + executors);
        }
    }

    private List<String> commonArgs(KafkaProcessCluster kafka, int replication) {
        return new ArrayList<>(List.of(
                "--bootstrap",
                kafka.bootstrapServers(),
                "--set",
                "topic.prefix=" + topicPrefix,
                "--set",
                "topic.replication.factor=" + replication,
                "--set",
                "http.host=127.0.0.1"));
    }

    private static Service start(String name, List<String> args, Path root) throws IOException {
        int port = LocalPorts.free();
        List<String> withPort = new ArrayList<>(args);
        withPort.addAll(List.of("--http-port", Integer.toString(port)));
        Path log = root.resolve(name + ".log");
        Process process = ChildJvms.start(
                PlanexecCli.class.getName(), List.of("-Xmx512m", "-Xshare:auto"), withPort, Map.of(), log);
        return new Service(name, process, log, port);
    }

    /** Waits until every service answers {@code /health/ready} with 200, or says which did not and why. */
    private static void awaitReady(List<Service> services, long deadline) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, String> waiting = new LinkedHashMap<>();
        services.forEach(s -> waiting.put(s.name(), "not answering yet"));
        while (!waiting.isEmpty()) {
            for (Service s : services) {
                if (!waiting.containsKey(s.name())) {
                    continue;
                }
                if (!s.process().isAlive()) {
                    throw new IllegalStateException(s.name() + " stopped (exit "
                            + s.process().exitValue() + "); see " + s.log().toAbsolutePath());
                }
                try {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(URI.create(s.url() + "/health/ready"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        waiting.remove(s.name());
                    } else {
                        waiting.put(s.name(), response.body());
                    }
                } catch (IOException e) {
                    waiting.put(s.name(), "not answering yet");
                }
            }
            if (!waiting.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not ready in time: " + waiting);
                }
                Thread.sleep(250);
            }
        }
    }

    private static void stopServices(List<Service> services) {
        services.forEach(s -> s.process().destroy());
        for (Service s : services) {
            try {
                if (!s.process().waitFor(30, TimeUnit.SECONDS)) {
                    s.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s.process().destroyForcibly();
            }
        }
    }

    private static void emptyDirectory(Path root) throws IOException {
        if (Files.exists(root)) {
            Utils.delete(root.toFile());
        }
        Files.createDirectories(root);
    }

    private void printReady(
            PrintWriter out, KafkaProcessCluster kafka, List<Service> services, Path root, long tookMs) {
        out.printf("planexec cluster: ready in %.1f s%n", tookMs / 1000.0);
        out.println("  bootstrap  " + kafka.bootstrapServers());
        for (var node : kafka.controllers()) {
            out.printf(
                    "  %-12s pid %-8d %s%n", node.name(), node.pid(), node.log().toAbsolutePath());
        }
        for (var node : kafka.brokers()) {
            out.printf(
                    "  %-12s pid %-8d %s  (%s)%n",
                    node.name(), node.pid(), node.log().toAbsolutePath(), node.address());
        }
        for (Service s : services) {
            out.printf(
                    "  %-12s pid %-8d %s  (%s/metrics)%n",
                    s.name(), s.process().pid(), s.log().toAbsolutePath(), s.url());
        }
        out.println("try, in another terminal:");
        out.println("  ./planexec submit examples/openai-weather-news.json");
        out.println("  ./planexec top                 # every service's metrics");
        out.println("  kill -9 PID                    # any process above; planexec carries on");
        if (kafka.hasNetworkNamespaces()) {
            NodeProcess broker = kafka.broker(0);
            String link = broker.host().orElseThrow().link();
            out.printf(
                    "  ip link set %s down        # cut %s off the network (up: connect it again)%n",
                    link, broker.name());
            out.print("  (the other nodes' links:");
            for (NodeProcess node : kafka.controllers()) {
                out.print(" " + node.name() + " " + node.host().orElseThrow().link());
            }
            for (NodeProcess node : kafka.brokers()) {
                out.print(" " + node.name() + " " + node.host().orElseThrow().link());
            }
            out.println(")");
        }
        out.println("Ctrl-C stops everything (data and logs stay in " + root.toAbsolutePath() + ").");
        out.flush();
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
