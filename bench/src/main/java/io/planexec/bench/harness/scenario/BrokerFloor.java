package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.engine.Latencies;
import io.planexec.topics.TopicProvisioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * What the broker itself costs, measured on the same cluster in the same run: the floor under planexec's passes.
 *
 * <ul>
 *   <li>a <b>plain hop</b>: a record produced ({@code acks=all}, idempotent, {@code linger.ms=0}) until a {@code
 *       read_committed} consumer has it;
 *   <li>a <b>transactional hop</b>: a record read by a relay and written on in a transaction with the relay's consumed
 *       offsets (begin, send, {@code sendOffsetsToTransaction}, commit: what the planner and the executor do for each
 *       pass under exactly-once), until a {@code read_committed} consumer has the output. Reported without the plain
 *       hop that feeds the relay. The relay may also write one record to each of a number of further one-partition
 *       topics in the same transaction, as a planner pass writes its changelog and events beside its output: what each
 *       partition adds to a transaction ({@link io.planexec.bench.probe.TransactionWidthProbe}).
 * </ul>
 *
 * One record at a time, so these are latencies, not throughput; back to back, or each after a pause (every round trip
 * to the broker is slower after idleness, as a plan's passes are after its tools ran for seconds).
 */
public final class BrokerFloor {

    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * The two floors.
     *
     * @param plainHop produce to visible, per record
     * @param transactionalHop consume, produce and commit in a transaction, to visible (without the feeding hop)
     */
    public record Floors(Latencies plainHop, Latencies transactionalHop) {

        /** The median floor of a path of this many plain and transactional hops. */
        public double p50Ms(int plainHops, int transactionalHops) {
            return plainHops * plainHop.p50Ms() + transactionalHops * transactionalHop.p50Ms();
        }

        public Figures figures() {
            return new Figures()
                    .put("plain_hop_ms_p50", plainHop.p50Ms())
                    .put("plain_hop_ms_p99", plainHop.p99Ms())
                    .put("transactional_hop_ms_p50", transactionalHop.p50Ms())
                    .put("transactional_hop_ms_p99", transactionalHop.p99Ms());
        }
    }

    private BrokerFloor() {}

    /**
     * Measures the floor on the scenario's own cluster, on topics named after the run and the scenario.
     *
     * @see #measure(Map, String, int, int, Duration)
     */
    static Floors measure(ScenarioContext ctx, String scenario, int warmup, int samples, Duration pause)
            throws Exception {
        return measure(ctx.system().kafkaProperties(), ctx.runId() + "-" + scenario, warmup, samples, pause);
    }

    /**
     * Measures {@code samples} records through each path after {@code warmup} discarded ones, each record sent after
     * {@code pause} without traffic, on fresh one-partition topics named after {@code prefix}.
     */
    public static Floors measure(Map<String, Object> kafka, String prefix, int warmup, int samples, Duration pause)
            throws Exception {
        return measure(kafka, prefix, warmup, samples, pause, 0);
    }

    /**
     * As {@link #measure(Map, String, int, int, Duration)}, with the relay's transactions also writing one record to
     * each of {@code extraPartitions} further one-partition topics.
     */
    public static Floors measure(
            Map<String, Object> kafka, String prefix, int warmup, int samples, Duration pause, int extraPartitions)
            throws Exception {
        if (extraPartitions < 0) {
            throw new IllegalArgumentException("extra partitions must not be negative, got " + extraPartitions);
        }
        String in = prefix + ".floor-in";
        String out = prefix + ".floor-out";
        List<String> extras = new ArrayList<>();
        for (int i = 0; i < extraPartitions; i++) {
            extras.add(prefix + ".floor-extra-" + i);
        }
        List<String> all = new ArrayList<>(List.of(in, out));
        all.addAll(extras);
        try (Admin admin = Admin.create(kafka)) {
            new TopicProvisioner(admin, Duration.ofSeconds(30))
                    .createMissing(all.stream()
                            .map(topic -> new NewTopic(topic, Optional.of(1), Optional.empty()))
                            .toList());
            try {
                Floors floors = measure(kafka, prefix, in, out, extras, warmup, samples, pause);
                requireWritten(admin, extras, warmup + samples);
                return floors;
            } finally {
                admin.deleteTopics(all).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Fails unless every extra topic holds at least {@code records} offsets: the relay really wrote to each. */
    private static void requireWritten(Admin admin, List<String> extras, int records) throws Exception {
        if (extras.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        extras.forEach(topic -> latest.put(new TopicPartition(topic, 0), OffsetSpec.latest()));
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> {
            if (info.offset() < records) {
                throw new IllegalStateException("the relay's transactions wrote " + info.offset() + " offsets to "
                        + tp.topic() + ", expected at least " + records);
            }
        });
    }

    @SuppressWarnings(
            "FutureReturnValueIgnored") // each record is read back before the next: a lost one stops the measurement
    private static Floors measure(
            Map<String, Object> kafka,
            String prefix,
            String in,
            String out,
            List<String> extras,
            int warmup,
            int samples,
            Duration pause)
            throws Exception {
        Latencies plain = new Latencies();
        Latencies transactional = new Latencies();
        try (KafkaProducer<Long, Long> producer = producer(kafka, null);
                KafkaConsumer<Long, Long> inReader = reader(kafka, in);
                KafkaConsumer<Long, Long> outReader = reader(kafka, out);
                Relay relay = new Relay(kafka, prefix, in, out, extras)) {
            relay.start();
            for (int i = 0; i < warmup + samples; i++) {
                if (!pause.isZero()) {
                    Thread.sleep(pause.toMillis());
                }
                // The plain hop: produce to "in", read it back.
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(in, 0L, start));
                awaitOne(inReader, relay);
                long plainNanos = System.nanoTime() - start;
                // The transactional hop: the relay has read the same record and writes it on to "out".
                awaitOne(outReader, relay);
                long totalNanos = System.nanoTime() - start;
                if (i >= warmup) {
                    plain.recordNanos(plainNanos);
                    transactional.recordNanos(totalNanos - plainNanos);
                }
            }
        }
        return new Floors(plain, transactional);
    }

    /** Waits for a record, failing at once with the relay's own error when the relay died. */
    private static void awaitOne(KafkaConsumer<Long, Long> consumer, Relay relay) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumer.poll(POLL).isEmpty()) {
            relay.throwIfFailed();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a record did not arrive within 30 s");
            }
        }
    }

    private static KafkaProducer<Long, Long> producer(Map<String, Object> kafka, String transactionalId) {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 2);
        }
        return new KafkaProducer<>(p, new LongSerializer(), new LongSerializer());
    }

    private static KafkaConsumer<Long, Long> reader(Map<String, Object> kafka, String topic) {
        Map<String, Object> c = new HashMap<>(kafka);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // not a member (it assigns its partition): the group only names where a relay's transactions put its offsets
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-floor-relay");
        KafkaConsumer<Long, Long> consumer = new KafkaConsumer<>(c, new LongDeserializer(), new LongDeserializer());
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seekToEnd(List.of(tp));
        consumer.position(tp);
        return consumer;
    }

    /** Reads "in" and writes each record on to "out" (and once to each extra topic) in a transaction with its offset. */
    private static final class Relay implements AutoCloseable {
        private final KafkaConsumer<Long, Long> consumer;
        private final KafkaProducer<Long, Long> producer;
        private final String out;
        private final List<String> extras;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile RuntimeException failure;

        Relay(Map<String, Object> kafka, String prefix, String in, String out, List<String> extras) {
            this.consumer = reader(kafka, in);
            this.producer = producer(kafka, prefix + "-floor-relay");
            this.out = out;
            this.extras = extras;
            this.thread = new Thread(this::run, "bench-floor-relay");
        }

        void start() {
            producer.initTransactions();
            thread.start();
        }

        @SuppressWarnings("FutureReturnValueIgnored") // sent in a transaction whose commit is checked
        private void run() {
            try {
                while (running) {
                    ConsumerRecords<Long, Long> records = consumer.poll(POLL);
                    if (records.isEmpty()) {
                        continue;
                    }
                    producer.beginTransaction();
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (ConsumerRecord<Long, Long> r : records) {
                        producer.send(new ProducerRecord<>(out, r.key(), r.value()));
                        for (String extra : extras) {
                            producer.send(new ProducerRecord<>(extra, r.key(), r.value()));
                        }
                        offsets.put(
                                new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                }
            } catch (RuntimeException e) {
                if (running) {
                    failure = e;
                }
            }
        }

        void throwIfFailed() {
            if (failure != null) {
                throw new IllegalStateException("the relay failed: " + failure, failure);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(5_000);
            producer.close(Duration.ofSeconds(5));
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
            throwIfFailed();
        }
    }
}
