package io.planexec.bench.harness.scenario;

import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The Kafka clients' own metrics (their JMX beans in this process) that say where a pass's time goes: the planner's
 * stream thread (how long its commits, polls and processing take, and how often each happens) and the producers of the
 * planner and of the executor's fast loop (request latency, records per request). Kafka's rates and averages are over
 * its last 30–60 s, so read them at the end of a measurement window.
 */
public final class KafkaClientMetrics {

    private static final List<String> THREAD_METRICS = List.of(
            "commit-latency-avg",
            "commit-latency-max",
            "commit-rate",
            "poll-latency-avg",
            "poll-rate",
            "poll-records-avg",
            "process-latency-avg",
            "process-rate",
            "process-ratio",
            "commit-ratio",
            "poll-ratio");

    private static final List<String> PRODUCER_METRICS = List.of(
            "request-latency-avg",
            "request-rate",
            "records-per-request-avg",
            "record-send-rate",
            "batch-size-avg",
            "record-queue-time-avg");

    private KafkaClientMetrics() {}

    /** The metrics now, as {@code planner_thread}, {@code planner_producer} and {@code executor_fast_producer}. */
    public static Figures read() {
        Figures f = new Figures();
        try {
            MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName name :
                    beans.queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null)) {
                if (name.getKeyProperty("thread-id").contains("-planner")) {
                    f.put("planner_thread", attributes(beans, name, THREAD_METRICS));
                }
            }
            for (ObjectName name : beans.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
                String client = name.getKeyProperty("client-id");
                if (client.contains("-planner") && client.endsWith("-producer")) {
                    f.put("planner_producer", attributes(beans, name, PRODUCER_METRICS));
                } else if (client.endsWith("-executor-standalone-fast-producer")) {
                    f.put("executor_fast_producer", attributes(beans, name, PRODUCER_METRICS));
                }
            }
        } catch (Exception e) {
            f.put("unavailable", e.toString());
        }
        return f;
    }

    private static Figures attributes(MBeanServer beans, ObjectName name, List<String> attributes) {
        Figures f = new Figures();
        for (String a : attributes) {
            try {
                if (beans.getAttribute(name, a) instanceof Number n) {
                    f.put(a.replace('-', '_'), n.doubleValue());
                }
            } catch (Exception e) {
                // a metric this client version does not have
            }
        }
        return f;
    }
}
