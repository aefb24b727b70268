package io.planexec.executor.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.planexec.kafka.embedded.EmbeddedKafka;
import io.planexec.topics.TopicProvisioner;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal transaction probe (run by {@code TransactionProbeIT} when asked, see docs/architecture.md): one transactional producer in a loop of transactions that each publish one record and
 * commit one consumer offset, in different orders, on an embedded broker started with the given settings. Prints,
 * per variant, the time of each call, the time until the record is visible to a read_committed consumer, and the
 * broker's own request figures for the interval (count, mean total and remote time, CONCURRENT_TRANSACTIONS errors).
 */
final class TransactionProbe implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(TransactionProbe.class);
    private static final String IN = "probe.in";
    private static final String OUT = "probe.out";
    private static final String GROUP = "probe-group";
    private static final List<String> REQUESTS = List.of(
            "Produce",
            "TxnOffsetCommit",
            "AddOffsetsToTxn",
            "AddPartitionsToTxn",
            "EndTxn",
            "WriteTxnMarkers",
            "Fetch",
            "FindCoordinator");

    /** What one transaction does, in order. */
    enum Order {
        /** sendOffsetsToTransaction, then send, then commit (the executor before this probe). */
        OFFSETS_FIRST,
        /** send, then sendOffsetsToTransaction, then commit (Kafka Streams: records during processing, offsets at commit). */
        RECORDS_FIRST,
        /** send, wait for its acknowledgement, then sendOffsetsToTransaction, then commit. */
        RECORDS_ACKED_FIRST,
        /** send, then commit: no offsets. */
        RECORDS_ONLY,
        /** sendOffsetsToTransaction, then commit: no records. */
        OFFSETS_ONLY
    }

    /** One variant's figures, milliseconds. */
    record Figures(
            String name, int n, double[] offsets, double[] send, double[] commit, double[] txn, double[] visible) {
        double p50(double[] values) {
            return percentile(values, 50);
        }

        String line() {
            return String.format(
                    "probe=%s n=%d txn_p50_ms=%.2f txn_p90_ms=%.2f offsets_p50_ms=%.2f send_p50_ms=%.2f commit_p50_ms=%.2f"
                            + " visible_p50_ms=%.2f visible_p90_ms=%.2f visible_p99_ms=%.2f",
                    name,
                    n,
                    p50(txn),
                    percentile(txn, 90),
                    p50(offsets),
                    p50(send),
                    p50(commit),
                    p50(visible),
                    percentile(visible, 90),
                    percentile(visible, 99));
        }
    }

    private final EmbeddedKafka broker;
    private final KafkaConsumer<byte[], byte[]> member;
    private final KafkaConsumer<byte[], byte[]> tail;
    private final KafkaProducer<byte[], byte[]> producer;
    private final TopicPartition inPartition = new TopicPartition(IN, 0);
    private final TopicPartition outPartition = new TopicPartition(OUT, 0);
    private long offset;

    /**
     * @param brokerSettings overrides of the embedded broker's defaults
     * @param producerSettings overrides of the executor's producer settings
     */
    TransactionProbe(Map<String, String> brokerSettings, Map<String, Object> producerSettings) {
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder();
        brokerSettings.forEach(builder::brokerProperty);
        broker = builder.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30))
                    .createMissing(List.of(
                            new NewTopic(IN, Optional.of(1), Optional.empty()),
                            new NewTopic(OUT, Optional.of(1), Optional.empty())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the probe's topics", e);
        }
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        member = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        member.subscribe(List.of(IN));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (member.assignment().isEmpty() && System.nanoTime() < deadline) {
            member.poll(Duration.ofMillis(50));
        }
        Map<String, Object> t = new HashMap<>();
        t.put("bootstrap.servers", broker.bootstrapServers());
        t.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        tail = new KafkaConsumer<>(t, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        tail.assign(List.of(outPartition));
        tail.seekToEnd(List.of(outPartition));
        tail.position(outPartition);
        Map<String, Object> p = new HashMap<>(KafkaClients.producer(
                Map.of("bootstrap.servers", broker.bootstrapServers()),
                new io.planexec.topics.Topics("probe"),
                "probe",
                "fast",
                10_000));
        p.putAll(producerSettings);
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    /**
     * Runs n transactions of the given order.
     *
     * @param realGroup whether to commit with the member's group metadata (a generation) or a bare group id
     * @param awaitVisible whether to wait for each record to be visible before the next transaction (as one task at a
     *     time does); otherwise the next transaction starts as soon as the commit returns
     */
    @SuppressWarnings("removal") // the bare group id is the form this probe compares with a member's metadata
    Figures run(String name, Order order, boolean realGroup, boolean awaitVisible, int n) {
        ConsumerGroupMetadata group = realGroup ? member.groupMetadata() : new ConsumerGroupMetadata(GROUP + "-bare");
        Map<String, double[]> before = brokerRequests();
        Map<String, Double> producerBefore = producerMetrics();
        double[] offsets = new double[n];
        double[] send = new double[n];
        double[] commit = new double[n];
        double[] txn = new double[n];
        double[] visible = new double[n];
        for (int i = 0; i < n; i++) {
            byte[] value = ("probe-" + name + "-" + i).getBytes(UTF_8);
            Map<TopicPartition, OffsetAndMetadata> commitOffsets =
                    Map.of(inPartition, new OffsetAndMetadata(++offset, "pe1:"));
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(OUT, 0, null, value);
            long t0 = System.nanoTime();
            producer.beginTransaction();
            long offsetsNanos = 0;
            long sendNanos = 0;
            switch (order) {
                case OFFSETS_FIRST -> {
                    offsetsNanos = timed(() -> producer.sendOffsetsToTransaction(commitOffsets, group));
                    sendNanos = timed(() -> producer.send(record));
                }
                case RECORDS_FIRST -> {
                    sendNanos = timed(() -> producer.send(record));
                    offsetsNanos = timed(() -> producer.sendOffsetsToTransaction(commitOffsets, group));
                }
                case RECORDS_ACKED_FIRST -> {
                    sendNanos = timed(() -> get(producer.send(record)));
                    offsetsNanos = timed(() -> producer.sendOffsetsToTransaction(commitOffsets, group));
                }
                case RECORDS_ONLY -> sendNanos = timed(() -> producer.send(record));
                case OFFSETS_ONLY ->
                    offsetsNanos = timed(() -> producer.sendOffsetsToTransaction(commitOffsets, group));
            }
            long commitStart = System.nanoTime();
            producer.commitTransaction();
            long t1 = System.nanoTime();
            if (order != Order.OFFSETS_ONLY && awaitVisible) {
                awaitVisible(value);
            }
            long t2 = System.nanoTime();
            offsets[i] = offsetsNanos / 1e6;
            send[i] = sendNanos / 1e6;
            commit[i] = (t1 - commitStart) / 1e6;
            txn[i] = (t1 - t0) / 1e6;
            visible[i] = (t2 - t0) / 1e6;
        }
        Figures figures = new Figures(name, n, offsets, send, commit, txn, visible);
        LOGGER.info("probe_result {}", figures.line());
        logBrokerRequests(name, before, brokerRequests());
        logProducerMetrics(name, producerBefore, producerMetrics(), n);
        return figures;
    }

    private void awaitVisible(byte[] value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : tail.poll(Duration.ofMillis(100))) {
                if (Arrays.equals(r.value(), value)) {
                    return;
                }
            }
        }
        throw new IllegalStateException("record not visible within 30 s");
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }

    private static void get(Future<RecordMetadata> future) {
        try {
            future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- broker and producer metrics ----

    /** Per request type: count, sum of total time, sum of remote time, CONCURRENT_TRANSACTIONS errors, local time. */
    private static Map<String, double[]> brokerRequests() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, double[]> figures = new LinkedHashMap<>();
        for (String request : REQUESTS) {
            double[] f = new double[5];
            f[0] = attribute(server, "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=" + request, "Count");
            f[1] = f[0]
                    * attribute(
                            server, "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=" + request, "Mean");
            double remoteCount = attribute(
                    server, "kafka.network:type=RequestMetrics,name=RemoteTimeMs,request=" + request, "Count");
            f[2] = remoteCount
                    * attribute(
                            server, "kafka.network:type=RequestMetrics,name=RemoteTimeMs,request=" + request, "Mean");
            f[3] = attribute(
                    server,
                    "kafka.network:type=RequestMetrics,name=ErrorsPerSec,request=" + request
                            + ",error=CONCURRENT_TRANSACTIONS",
                    "Count");
            double localCount =
                    attribute(server, "kafka.network:type=RequestMetrics,name=LocalTimeMs,request=" + request, "Count");
            f[4] = localCount
                    * attribute(
                            server, "kafka.network:type=RequestMetrics,name=LocalTimeMs,request=" + request, "Mean");
            figures.put(request, f);
        }
        return figures;
    }

    private static double attribute(MBeanServer server, String name, String attribute) {
        try {
            Set<ObjectName> names = server.queryNames(new ObjectName(name), null);
            if (names.isEmpty()) {
                return 0;
            }
            Object value = server.getAttribute(names.iterator().next(), attribute);
            return ((Number) value).doubleValue();
        } catch (Exception e) {
            return 0;
        }
    }

    private static void logBrokerRequests(String name, Map<String, double[]> before, Map<String, double[]> after) {
        StringBuilder line = new StringBuilder("probe_broker=" + name);
        after.forEach((request, f) -> {
            double[] b = before.get(request);
            double count = f[0] - b[0];
            if (count <= 0) {
                return;
            }
            line.append(String.format(
                    " %s=[n=%d total_mean_ms=%.2f local_mean_ms=%.2f remote_mean_ms=%.2f concurrent_txn_errors=%d]",
                    request, (long) count, (f[1] - b[1]) / count, (f[4] - b[4]) / count, (f[2] - b[2]) / count, (long)
                            (f[3] - b[3])));
        });
        LOGGER.info(line.toString());
    }

    private Map<String, Double> producerMetrics() {
        Map<String, Double> figures = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            MetricName m = e.getKey();
            if (m.group().equals("producer-metrics")
                    && (m.name().startsWith("txn-") || m.name().equals("request-total"))) {
                Object value = e.getValue().metricValue();
                if (value instanceof Number number) {
                    figures.put(m.name(), number.doubleValue());
                }
            }
        }
        return figures;
    }

    private static void logProducerMetrics(String name, Map<String, Double> before, Map<String, Double> after, int n) {
        StringBuilder line = new StringBuilder("probe_producer=" + name);
        after.forEach((metric, value) -> {
            double delta = value - before.getOrDefault(metric, 0.0);
            if (metric.endsWith("-time-ns-total")) {
                line.append(String.format(" %s_mean_ms=%.2f", metric.replace("-time-ns-total", ""), delta / n / 1e6));
            } else {
                line.append(String.format(" %s_per_txn=%.2f", metric, delta / n));
            }
        });
        LOGGER.info(line.toString());
    }

    static double percentile(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        tail.close();
        member.close();
        broker.close();
    }

    /**
     * Runs the probe and returns every measured variant. Arguments, in any order: a number (transactions per variant,
     * default 300); {@code orders} to compare every order on the default broker first (with and without a consumer
     * generation, spaced and back to back); {@code only:REGEX} to keep only the broker variants whose label matches
     * ({@code embedded}, {@code apt_backoff_20}, {@code gc_linger_0}, {@code gc_linger_5}, {@code producer_backoff_1},
     * {@code producer_backoff_10}; {@code only:none} for none); and {@code name=value} broker settings for every
     * broker. Each broker variant is measured in two rounds (all variants, then all again), after a warm-up of the
     * JVM on a broker of its own.
     */
    static List<Figures> probe(String... args) {
        int n = 300;
        boolean orders = false;
        String only = null;
        Map<String, String> common = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.isBlank()) {

            } else if (arg.equals("orders")) {
                orders = true;
            } else if (arg.startsWith("only:")) {
                only = arg.substring(5);
            } else if (eq > 0) {
                common.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                n = Integer.parseInt(arg);
            }
        }
        List<Figures> all = new ArrayList<>();
        try (TransactionProbe probe = new TransactionProbe(common, Map.of())) {
            for (Order order : List.of(Order.OFFSETS_FIRST, Order.RECORDS_FIRST, Order.RECORDS_FIRST)) {
                probe.run("jvm_warmup", order, true, true, 3 * n);
                probe.run("jvm_warmup", order, true, false, 3 * n);
            }
            if (orders) {
                for (int round = 1; round <= 2; round++) {
                    for (Order order : Order.values()) {
                        all.add(probe.run(order + "/gen/visible/r" + round, order, true, true, n));
                    }
                    for (Order order : List.of(Order.OFFSETS_FIRST, Order.RECORDS_FIRST)) {
                        all.add(probe.run(order + "/bare/visible/r" + round, order, false, true, n));
                        all.add(probe.run(order + "/gen/back_to_back/r" + round, order, true, false, n));
                    }
                }
            }
        }
        Map<String, Map<String, String>> brokers = new LinkedHashMap<>();
        brokers.put("embedded", Map.of());
        brokers.put("apt_backoff_20", Map.of("add.partitions.to.txn.retry.backoff.ms", "20"));
        brokers.put("gc_linger_0", Map.of("group.coordinator.append.linger.ms", "0"));
        brokers.put("gc_linger_5", Map.of("group.coordinator.append.linger.ms", "5"));
        brokers.put("producer_backoff_1", Map.of());
        brokers.put("producer_backoff_10", Map.of());
        if (only != null) {
            String pattern = only;
            brokers.keySet().removeIf(label -> !label.matches(pattern));
        }
        for (int round = 1; round <= 2; round++) {
            for (Map.Entry<String, Map<String, String>> broker : brokers.entrySet()) {
                String label = broker.getKey();
                Map<String, String> settings = new LinkedHashMap<>(common);
                settings.putAll(broker.getValue());
                Map<String, Object> producer = label.startsWith("producer_backoff_")
                        ? Map.of(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, label.substring("producer_backoff_".length()))
                        : Map.of();
                try (TransactionProbe probe = new TransactionProbe(settings, producer)) {
                    probe.run(label + "/warmup", Order.RECORDS_FIRST, true, true, n);
                    for (Order order : List.of(Order.OFFSETS_FIRST, Order.RECORDS_FIRST)) {
                        all.add(probe.run(label + "/" + order + "/visible/r" + round, order, true, true, n));
                        all.add(probe.run(label + "/" + order + "/back_to_back/r" + round, order, true, false, n));
                    }
                }
            }
        }
        all.forEach(f -> LOGGER.info("probe_summary {}", f.line()));
        return all;
    }
}
