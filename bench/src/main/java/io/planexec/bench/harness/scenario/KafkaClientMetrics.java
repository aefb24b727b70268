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

    /** The producers' cumulative transaction timings (ns), whose differences break a commit down. */
    private static final List<String> TRANSACTION_TOTALS = List.of(
            "txn-begin-time-ns-total",
            "txn-send-offsets-time-ns-total",
            "txn-commit-time-ns-total",
            "flush-time-ns-total");

    static final String PLANNER = "planner";
    static final String EXECUTOR = "executor";

    private KafkaClientMetrics() {}

    /**
     * The cumulative transaction timings of the planner's producer and of the executor's (one per latency class, summed)
     * now; {@link
     * Totals#since} turns two of them into the time per transaction of each step of a commit.
     */
    public static Totals totals() {
        Totals t = new Totals();
        try {
            MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName name : beans.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
                String who = producerOwner(name.getKeyProperty("client-id"));
                if (who == null) {
                    continue;
                }
                for (String a : TRANSACTION_TOTALS) {
                    if (beans.getAttribute(name, a) instanceof Number n) {
                        t.values.merge(who + "|" + a, n.doubleValue(), Double::sum);
                    }
                }
            }
        } catch (Exception e) {
            t.values.clear();
        }
        return t;
    }

    /**
     * Whose producer a client id names: {@value #PLANNER} (Kafka Streams names a stream thread's producer {@code
     * <application id>-<uuid>-StreamThread-<n>-producer}, and the planner's application id is {@code
     * <prefix>-planner}), {@value #EXECUTOR} (one per latency class: {@code <prefix>-executor-<instance>-<class>-producer}),
     * or {@code null} for any other producer.
     */
    static String producerOwner(String clientId) {
        if (clientId == null || !clientId.endsWith("-producer")) {
            return null;
        }
        if (clientId.contains("-planner")) {
            return PLANNER;
        }
        return clientId.contains("-executor-") ? EXECUTOR : null;
    }

    /**
     * Whether a bean holds the metrics of one of the planner's stream threads. Kafka Streams registers two beans per
     * thread: the thread's metrics, and (with a {@code process-id}) the few it reports to the broker; only the first has
     * the commit figures.
     */
    private static boolean isPlannerStreamThread(ObjectName name) {
        String thread = name.getKeyProperty("thread-id");
        return thread != null
                && thread.contains("-planner")
                && thread.contains("-StreamThread-")
                && name.getKeyProperty("process-id") == null;
    }

    /** How many commits the planner's stream threads have made (each a transaction under exactly-once). */
    public static long plannerCommits() {
        long total = 0;
        try {
            MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName name :
                    beans.queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null)) {
                if (isPlannerStreamThread(name) && beans.getAttribute(name, "commit-total") instanceof Number n) {
                    total += n.longValue();
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return total;
    }

    /** Cumulative transaction timings of the producers, by producer and metric. */
    public static final class Totals {

        private final java.util.Map<String, Double> values = new java.util.TreeMap<>();

        /**
         * Per producer ({@code planner}, {@code executor}), the mean ms per transaction since {@code before} of: {@code
         * begin}, {@code flush} (waiting for the transaction's records to be acknowledged), {@code send_offsets} and
         * {@code commit} (EndTxn until the coordinator answers), given the number of transactions of each.
         */
        public Figures since(Totals before, long plannerTransactions, long executorTransactions) {
            Figures f = new Figures();
            for (String who : List.of(PLANNER, EXECUTOR)) {
                long n = who.equals(PLANNER) ? plannerTransactions : executorTransactions;
                if (n <= 0) {
                    continue;
                }
                Figures p = new Figures();
                for (String a : TRANSACTION_TOTALS) {
                    String key = who + "|" + a;
                    if (values.containsKey(key)) {
                        double ms = (values.get(key) - before.values.getOrDefault(key, 0.0)) / 1e6 / n;
                        p.put(
                                a.replace("txn-", "")
                                                .replace("-time-ns-total", "")
                                                .replace('-', '_') + "_ms",
                                ms);
                    }
                }
                p.put("transactions", n);
                f.put(who, p);
            }
            return f;
        }
    }

    /** The metrics now, as {@code planner_thread}, {@code planner_producer} and {@code executor_fast_producer}. */
    public static Figures read() {
        Figures f = new Figures();
        try {
            MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName name :
                    beans.queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null)) {
                if (isPlannerStreamThread(name)) {
                    f.put("planner_thread", attributes(beans, name, THREAD_METRICS));
                }
            }
            for (ObjectName name : beans.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
                String client = name.getKeyProperty("client-id");
                String who = producerOwner(client);
                if (PLANNER.equals(who)) {
                    f.put("planner_producer", attributes(beans, name, PRODUCER_METRICS));
                } else if (EXECUTOR.equals(who) && client.endsWith("-fast-producer")) {
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
