package io.planexec.planner.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

/**
 * Gives all the planner's RocksDB stores in one process one block cache of {@value #CACHE_BYTES} bytes, which also
 * holds their index and filter blocks.
 *
 * <p>Kafka Streams' own defaults give every store instance its own 50 MB block cache, with index and filter blocks
 * outside any cache. A planner runs one store instance per partition of the requests topic (its {@code plan-state}),
 * plus the tool registry, so what its caches and table readers hold grows with the partition count and the stored
 * plans, without a bound.
 *
 * <p>The memtables keep Kafka Streams' settings (up to three of 16 MB per store instance) and are not charged to the
 * cache: each store flushes its memtable when it is full and whenever Kafka Streams checkpoints the store. Charging
 * them to the cache through one write buffer manager, as the Kafka Streams documentation shows, was measured and
 * refused: with 24 partitions the manager's share was smaller than the stores' memtables together, every write then
 * flushed a small memtable, and the planner fell from 2,639 to 314 steps/s (docs/benchmarks.md).
 *
 * <p>The cache is shared by every store of the process with the same size, so it lives as long as the process:
 * {@link #close} must not close it (Kafka Streams closes only the per-store cache it created itself).
 */
public final class SharedRocksDbCache implements RocksDBConfigSetter {

    /** The key, among the Kafka Streams settings, of the cache size this setter reads. */
    public static final String CACHE_BYTES = PlannerConfig.STATE_CACHE_BYTES;

    /** The share of the cache reserved for index and filter blocks, so that data blocks cannot evict them. */
    private static final double HIGH_PRIORITY_SHARE = 0.1;

    private static final Map<Long, Cache> SHARED = new ConcurrentHashMap<>();

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long bytes = cacheBytes(configs.get(CACHE_BYTES));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(SHARED.computeIfAbsent(bytes, b -> new LRUCache(b, -1, false, HIGH_PRIORITY_SHARE)));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache is shared by every store with this size: it stays open.
    }

    private static long cacheBytes(Object value) {
        if (value == null) {
            throw new ConfigException(CACHE_BYTES, null, "missing: the planner sets it with this setter");
        }
        long bytes;
        try {
            bytes = value instanceof Number n
                    ? n.longValue()
                    : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(CACHE_BYTES, value, "not a number of bytes");
        }
        if (bytes <= 0) {
            throw new ConfigException(CACHE_BYTES, value, "must be positive");
        }
        return bytes;
    }
}
