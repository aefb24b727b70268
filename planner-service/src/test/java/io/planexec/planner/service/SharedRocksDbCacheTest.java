package io.planexec.planner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;

/**
 * The planner's stores share one block cache ({@code planner.state.cache.bytes}), read from RocksDB's own figures
 * through Kafka Streams' state metrics.
 */
class SharedRocksDbCacheTest {

    private static final long MIB = 1024 * 1024;
    private static final long KAFKA_STREAMS_DEFAULT_CACHE = 50 * MIB;
    private static final int STORES = 16;

    private final Random random = new Random(20261201);
    private Path stateDir;
    private int written;

    @AfterEach
    void removeState() throws IOException {
        if (stateDir != null) {
            Utils.delete(stateDir.toFile());
        }
    }

    @Test
    void shouldGiveEveryStoreOneSharedCacheOfTheConfiguredSizeHoldingIndexAndFilterBlocks() {
        // Given a cache of 8 MiB, and 12 MB written: past 10,000 records Kafka Streams checkpoints the stores, which
        // flushes their memtables to table files
        try (TopologyTestDriver driver = driver(8 * MIB)) {
            write(driver, 12_000, 1_000);
            assertThat(stateMetric(driver, "s0", "live-sst-files-size")).isPositive();

            // Then every store reports the one cache: its capacity is the size, and its usage is the same figure
            assertThat(stateMetric(driver, "s0", "block-cache-capacity")).isEqualTo(8 * MIB);
            assertThat(stateMetric(driver, "s15", "block-cache-capacity")).isEqualTo(8 * MIB);
            // And before any read it holds the table files' index and filter blocks (outside the cache it holds
            // under a hundred bytes)
            assertThat(stateMetric(driver, "s0", "block-cache-usage"))
                    .isGreaterThan(16 * 1024L)
                    .isEqualTo(stateMetric(driver, "s15", "block-cache-usage"));

            // And the stores keep what was written
            assertThat(storedKeys(driver)).isEqualTo(12_000);
            assertThat(store(driver, "key-11999").get("key-11999")).hasSize(1_000);
        }
    }

    @Test
    void shouldLeaveKafkaStreamsDefaultsWhenTheSizeIsZero() {
        try (TopologyTestDriver driver = driver(0)) {
            write(driver, 100, 100);

            // Each store has its own 50 MB cache
            assertThat(stateMetric(driver, "s0", "block-cache-capacity")).isEqualTo(KAFKA_STREAMS_DEFAULT_CACHE);
            assertThat(stateMetric(driver, "s15", "block-cache-capacity")).isEqualTo(KAFKA_STREAMS_DEFAULT_CACHE);
        }
    }

    @Test
    void shouldNameTheSettingWhenTheSizeIsUnreadable() {
        SharedRocksDbCache setter = new SharedRocksDbCache();
        try (Options options = new Options()) {
            assertThatThrownBy(() -> setter.setConfig("a", options, Map.of(SharedRocksDbCache.CACHE_BYTES, "lots")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("planner.state.cache.bytes")
                    .hasMessageContaining("lots");
            assertThatThrownBy(() -> setter.setConfig("a", options, Map.of(SharedRocksDbCache.CACHE_BYTES, -1L)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("must be positive");
        }
    }

    /** {@value #STORES} stores, {@code s0} to {@code s15}, behind one processor that writes each record to one of them. */
    private TopologyTestDriver driver(long cacheBytes) {
        try {
            stateDir = Files.createTempDirectory("bounded-rocksdb");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Topology topology = new Topology();
        topology.addSource("in", new StringDeserializer(), new ByteArrayDeserializer(), "in");
        topology.addProcessor("write", Spread::new, "in");
        for (int i = 0; i < STORES; i++) {
            topology.addStateStore(
                    Stores.keyValueStoreBuilder(
                                    Stores.persistentKeyValueStore("s" + i), Serdes.String(), Serdes.ByteArray())
                            .withCachingDisabled()
                            .withLoggingDisabled(),
                    "write");
        }
        Properties props = new PlannerConfig(Map.of(
                        "bootstrap.servers",
                        "unused:9092",
                        PlannerConfig.STATE_DIR,
                        stateDir.toString(),
                        PlannerConfig.STATE_CACHE_BYTES,
                        Long.toString(cacheBytes)))
                .streamsProperties();
        return new TopologyTestDriver(topology, props);
    }

    private static String storeOf(String key) {
        return "s" + Math.floorMod(key.hashCode(), STORES);
    }

    private static KeyValueStore<String, byte[]> store(TopologyTestDriver driver, String key) {
        return driver.getKeyValueStore(storeOf(key));
    }

    private static int storedKeys(TopologyTestDriver driver) {
        int n = 0;
        for (int i = 0; i < STORES; i++) {
            KeyValueStore<String, byte[]> store = driver.getKeyValueStore("s" + i);
            try (var all = store.all()) {
                while (all.hasNext()) {
                    all.next();
                    n++;
                }
            }
        }
        return n;
    }

    /** Writes this many new keys (numbered on from the keys written before) with random values of this size. */
    private void write(TopologyTestDriver driver, int records, int valueBytes) {
        var in = driver.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
        for (int i = 0; i < records; i++) {
            byte[] value = new byte[valueBytes];
            random.nextBytes(value);
            in.pipeInput("key-" + written++, value);
        }
    }

    /** A store's RocksDB figure, as Kafka Streams reports it. */
    private static long stateMetric(TopologyTestDriver driver, String store, String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.group().equals("stream-state-metrics")
                    && n.name().equals(name)
                    && store.equals(n.tags().get("rocksdb-state-id"))) {
                return ((Number) e.getValue().metricValue()).longValue();
            }
        }
        throw new AssertionError("no metric " + name + " for store " + store + " among "
                + driver.metrics().keySet());
    }

    private static final class Spread implements Processor<String, byte[], Void, Void> {
        private ProcessorContext<Void, Void> context;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            KeyValueStore<String, byte[]> store = context.getStateStore(storeOf(record.key()));
            store.put(record.key(), record.value());
        }
    }
}
