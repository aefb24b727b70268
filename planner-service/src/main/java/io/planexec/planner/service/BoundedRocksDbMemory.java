package io.planexec.planner.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of all the planner's RocksDB stores in one process ({@value #MEMORY_BYTES}): every
 * store shares one block cache of that size, which also accounts for their memtables (through one write buffer
 * manager, up to {@link #MEMTABLE_SHARE} of it) and holds their index and filter blocks.
 *
 * <p>Kafka Streams' own defaults give every store instance a 50 MB block cache and up to three 16 MB memtables, with
 * index and filter blocks outside any cache. A planner runs one instance per store and partition (four stores times
 * the partitions of the requests topic, plus the tool registry), so left alone its native memory grows with the
 * partition count and the retained plans, without a bound. This is the bounded configuration the Kafka Streams
 * documentation recommends.
 *
 * <p>The cache and the write buffer manager are shared by every store of the process with the same budget, so they
 * live as long as the process: {@link #close} must not close them.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** The key, among the Kafka Streams settings, of the byte budget this setter reads. */
    public static final String MEMORY_BYTES = PlannerConfig.STATE_MEMORY_BYTES;

    /** The share of the budget the memtables may fill together; past it, the next store written flushes its own. */
    static final double MEMTABLE_SHARE = 0.5;

    /** The share of the cache reserved for index and filter blocks, so that data blocks cannot evict them. */
    private static final double HIGH_PRIORITY_SHARE = 0.1;

    /** One memtable's largest size: the per-store default of Kafka Streams. */
    private static final long MAX_MEMTABLE_BYTES = 16L * 1024 * 1024;

    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    /** The cache and write buffer manager of one budget. */
    private record Shared(Cache cache, WriteBufferManager writeBuffers) {}

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long budget = budget(configs.get(MEMORY_BYTES));
        Shared shared = SHARED.computeIfAbsent(budget, BoundedRocksDbMemory::create);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setWriteBufferSize(memtableBytes(budget));
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store with this budget: they stay open.
    }

    /** One memtable's size for a budget: a quarter of the memtables' share, at most Kafka Streams' default. */
    static long memtableBytes(long budget) {
        return Math.min(MAX_MEMTABLE_BYTES, Math.max(1L, (long) (budget * MEMTABLE_SHARE / 4)));
    }

    private static Shared create(long budget) {
        Cache cache = new LRUCache(budget, -1, false, HIGH_PRIORITY_SHARE);
        return new Shared(cache, new WriteBufferManager((long) (budget * MEMTABLE_SHARE), cache));
    }

    private static long budget(Object value) {
        if (value == null) {
            throw new ConfigException(MEMORY_BYTES, null, "missing: the planner sets it with this setter");
        }
        long budget;
        try {
            budget = value instanceof Number n
                    ? n.longValue()
                    : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(MEMORY_BYTES, value, "not a number of bytes");
        }
        if (budget <= 0) {
            throw new ConfigException(MEMORY_BYTES, value, "must be positive");
        }
        return budget;
    }
}
