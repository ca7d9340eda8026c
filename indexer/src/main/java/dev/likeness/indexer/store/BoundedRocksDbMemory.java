package dev.likeness.indexer.store;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory every RocksDB store of this JVM takes outside the heap: one block cache shared
 * by all, which also holds their index and filter blocks and is charged for their memtables.
 * Without it each store has its own 50 MiB cache and up to three 16 MiB memtables, so a node with
 * twelve partitions and their standbys could take over 2 GiB outside its heap; with it, about
 * {@link #TOTAL_BYTES}. The index reads RocksDB only for the few images a search verifies or
 * returns, so a small cache costs searches little.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
  /** Memory of all stores together: block cache, index and filter blocks, and memtables. */
  public static final long TOTAL_BYTES = 128L << 20;

  private static final long MEMTABLE_BYTES = 8L << 20;

  // Shared by every store: created once, never closed (stores come and go with rebalances).
  private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
  private static final WriteBufferManager WRITE_BUFFERS =
      new WriteBufferManager(TOTAL_BYTES / 2, CACHE);

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(CACHE);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(WRITE_BUFFERS);
    options.setWriteBufferSize(MEMTABLE_BYTES);
    options.setMaxWriteBufferNumber(2);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager belong to every store: nothing to release per store.
  }
}
